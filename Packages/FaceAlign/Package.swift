// swift-tools-version: 6.0
// FaceAlign: landmark detection and head pose. FaceAlignCore holds the shared ground
// (shapes and schemes, formats, metrics, normalisation, the synthetic face world, the
// face detector); each method is its own module and plugin.
import PackageDescription

let package = Package(
    name: "FaceAlign",
    products: [
        .library(name: "FaceAlignCore", targets: ["FaceAlignCore"]),
        .library(name: "DeCaFA", targets: ["DeCaFA"]),
        .library(name: "FaceAlign", targets: ["FaceAlign"]),
    ],
    dependencies: [
        .package(path: "../Registry"),
        .package(path: "../Tensor"),
        .package(path: "../NN"),
    ],
    targets: [
        .target(name: "FaceAlignCore", dependencies: [
            .product(name: "Tensor", package: "Tensor"),
            .product(name: "Imaging", package: "Tensor"),
            .product(name: "Geometry", package: "Tensor"),
            .product(name: "NN", package: "NN"),
        ], resources: [
            // OpenCV face cascades for the Viola-Jones detector, with their licences.
            .copy("Resources"),
        ]),
        .testTarget(name: "FaceAlignCoreTests", dependencies: ["FaceAlignCore"]),
        // DeCaFA (ICCV 2019): the cascade, its training recipe, its plugin and default weights.
        .target(name: "DeCaFA", dependencies: [
            "FaceAlignCore",
            .product(name: "Tensor", package: "Tensor"),
            .product(name: "Imaging", package: "Tensor"),
            .product(name: "NN", package: "NN"),
            .product(name: "Registry", package: "Registry"),
        ], resources: [
            .copy("Resources"),
        ]),
        // Umbrella: every FaceAlign method plugin (`FaceAlignPlugins.all`).
        .target(name: "FaceAlign", dependencies: [
            "FaceAlignCore", "DeCaFA",
            .product(name: "Registry", package: "Registry"),
        ]),
        .testTarget(name: "DeCaFATests", dependencies: ["DeCaFA", "FaceAlignCore"]),
    ]
)
