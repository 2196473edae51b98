// swift-tools-version: 6.0
// The umbrella package: the `facet` app and the tests that compose several packages.
// Each package under Packages/ stands alone; depend on one of them directly, e.g.
// `.package(path: "Packages/Registry")`.
import PackageDescription

let package = Package(
    name: "Facet",
    products: [
        .executable(name: "facet", targets: ["facet"]),
        .executable(name: "facet-bench", targets: ["FacetBench"]),
    ],
    dependencies: [
        .package(path: "Packages/Registry"),
        .package(path: "Packages/Tensor"),
        .package(path: "Packages/NN"),
        .package(path: "Packages/Forests"),
        .package(path: "Packages/FaceAlign"),
        .package(path: "Packages/Compress"),
        .package(path: "Packages/Gaze"),
        .package(path: "Packages/Affect"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The commands, as a library so the integration tests can drive them.
        .target(
            name: "FacetApp",
            dependencies: [
                .product(name: "Registry", package: "Registry"),
                .product(name: "Tensor", package: "Tensor"),
                .product(name: "Imaging", package: "Tensor"),
                .product(name: "NN", package: "NN"),
                .product(name: "Forests", package: "Forests"),
                .product(name: "ForestsPlugin", package: "Forests"),
                .product(name: "FaceAlignCore", package: "FaceAlign"),
                .product(name: "FaceAlign", package: "FaceAlign"),
                .product(name: "DeCaFA", package: "FaceAlign"),
                .product(name: "GazeCore", package: "Gaze"),
                .product(name: "DeeSCo", package: "Gaze"),
                .product(name: "AffectCore", package: "Affect"),
                .product(name: "THIN", package: "Affect"),
                .product(name: "CompressCore", package: "Compress"),
                .product(name: "Compress", package: "Compress"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Apps/facet/Sources/FacetApp"),
        .executableTarget(name: "facet", dependencies: ["FacetApp"], path: "Apps/facet/Sources/facet"),
        // Measurements of the toolkit; tools/bench runs them beside the peers.
        .executableTarget(
            name: "FacetBench",
            dependencies: [
                .product(name: "Tensor", package: "Tensor"),
                .product(name: "Imaging", package: "Tensor"),
                .product(name: "NN", package: "NN"),
                .product(name: "Forests", package: "Forests"),
                .product(name: "FaceAlignCore", package: "FaceAlign"),
                .product(name: "DeCaFA", package: "FaceAlign"),
                .product(name: "GazeCore", package: "Gaze"),
                .product(name: "DeeSCo", package: "Gaze"),
            ],
            path: "Apps/bench/Sources/FacetBench"),
        .testTarget(name: "FacetAppTests", dependencies: ["FacetApp"], path: "Tests/FacetAppTests"),
    ]
)
