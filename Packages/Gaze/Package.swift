// swift-tools-version: 6.0
// Gaze: where the eyes look. GazeCore holds the gaze types, the angular metric, eye-crop
// normalisation, the task protocol and the synthetic eye data set; each method is its own
// module and plugin (DeeSCo first). Gaze may use FaceAlign (the synthetic face world's eye
// renderer, head pose, shapes), nothing else sideways.
import PackageDescription

let package = Package(
    name: "Gaze",
    products: [
        .library(name: "GazeCore", targets: ["GazeCore"]),
        .library(name: "DeeSCo", targets: ["DeeSCo"]),
    ],
    dependencies: [
        .package(path: "../Registry"),
        .package(path: "../Tensor"),
        .package(path: "../NN"),
        .package(path: "../FaceAlign"),
    ],
    targets: [
        .target(name: "GazeCore", dependencies: [
            .product(name: "Tensor", package: "Tensor"),
            .product(name: "Imaging", package: "Tensor"),
            .product(name: "Geometry", package: "Tensor"),
            .product(name: "NN", package: "NN"),
            .product(name: "FaceAlignCore", package: "FaceAlign"),
        ]),
        .testTarget(name: "GazeCoreTests", dependencies: ["GazeCore"]),
        // DeeSCo (arXiv 2004.07098): heterogeneous heat-map weak predictors, the stochastic
        // combinatory loss, the ensemble, training recipe, default weights, plugin `deesco`
        // and its reproduction.
        .target(name: "DeeSCo", dependencies: [
            "GazeCore",
            .product(name: "Registry", package: "Registry"),
            .product(name: "Tensor", package: "Tensor"),
            .product(name: "Imaging", package: "Tensor"),
            .product(name: "Geometry", package: "Tensor"),
            .product(name: "NN", package: "NN"),
            .product(name: "FaceAlignCore", package: "FaceAlign"),
        ], resources: [
            .copy("Resources"),
        ]),
        .testTarget(name: "DeeSCoTests", dependencies: ["DeeSCo", "GazeCore"]),
    ]
)
