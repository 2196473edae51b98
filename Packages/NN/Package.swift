// swift-tools-version: 6.0
// NN: reverse-mode autograd, layers, losses, optimizers, data loading, training and
// safetensors checkpoints. Every learned method of Facet trains through it.
import PackageDescription

let package = Package(
    name: "NN",
    products: [
        .library(name: "NN", targets: ["NN"]),
    ],
    dependencies: [
        .package(path: "../Tensor"),
    ],
    targets: [
        .target(name: "NN", dependencies: [.product(name: "Tensor", package: "Tensor")],
                // The 8x8 digits data set (scikit-learn's copy of UCI optdigits), read by `Digits`.
                resources: [.copy("Resources/digits")]),
        .testTarget(name: "NNTests", dependencies: ["NN"],
                    // safetensors files written by the reference Python package (tools/peers/safetensors_interop.py).
                    resources: [.copy("Fixtures")]),
    ]
)
