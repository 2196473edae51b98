// swift-tools-version: 6.0
// Compress: makes trained networks smaller and faster, with reports measured on the real
// model (parameters, multiplications, bytes, latency, accuracy). CompressCore holds the
// shared ground (protocols, storage of quantized weights, baselines, reports, the model
// zoo); each method is its own module and plugin; `Compress` lists them all.
import PackageDescription

let package = Package(
    name: "Compress",
    products: [
        .library(name: "CompressCore", targets: ["CompressCore"]),
        // products of the method modules:
    ],
    dependencies: [
        .package(path: "../Registry"),
        .package(path: "../Tensor"),
        .package(path: "../NN"),
    ],
    targets: [
        .target(name: "CompressCore", dependencies: [
            .product(name: "Registry", package: "Registry"),
            .product(name: "Tensor", package: "Tensor"),
            .product(name: "NN", package: "NN"),
        ]),
        .testTarget(name: "CompressCoreTests", dependencies: ["CompressCore"]),
        // targets of the method modules:

    ]
)
