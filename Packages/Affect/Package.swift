// swift-tools-version: 6.0
// Affect: facial expression, action units and valence/arousal. AffectCore holds the task
// protocols, label sets and metrics; each method is its own module and plugin (THIN first).
// Affect may use FaceAlignCore (aligned crops, the synthetic face world), nothing else sideways.
import PackageDescription

let package = Package(
    name: "Affect",
    products: [
        .library(name: "AffectCore", targets: ["AffectCore"]),
        .library(name: "THIN", targets: ["THIN"]),
    ],
    dependencies: [
        .package(path: "../Registry"),
        .package(path: "../Tensor"),
        .package(path: "../NN"),
        .package(path: "../Forests"),
        .package(path: "../FaceAlign"),
    ],
    targets: [
        .target(name: "AffectCore", dependencies: [
            .product(name: "Tensor", package: "Tensor"),
            .product(name: "Imaging", package: "Tensor"),
            .product(name: "NN", package: "NN"),
            .product(name: "FaceAlignCore", package: "FaceAlign"),
        ]),
        .testTarget(name: "AffectCoreTests", dependencies: ["AffectCore"]),
        // THIN (IEEE TAFFC 2022): exogenous/endogenous networks, tree-gated ensemble,
        // exogenous dispelling loss, training recipe, plugin `thin` and its reproduction.
        .target(name: "THIN", dependencies: [
            "AffectCore",
            .product(name: "Registry", package: "Registry"),
            .product(name: "Tensor", package: "Tensor"),
            .product(name: "Imaging", package: "Tensor"),
            .product(name: "NN", package: "NN"),
            .product(name: "Forests", package: "Forests"),
            .product(name: "FaceAlignCore", package: "FaceAlign"),
        ]),
        .testTarget(name: "THINTests", dependencies: ["THIN", "AffectCore"]),
    ]
)
