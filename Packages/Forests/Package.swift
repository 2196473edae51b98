// swift-tools-version: 6.0
// Forests: CART, random / extra-trees and conditional forests, soft and neural decision
// trees with greedy routing, and tree gates for mixtures of experts. The `ForestsPlugin`
// module registers the tabular forests as the `forests` method; `Forests` itself depends
// on Tensor and NN only.
import PackageDescription

let package = Package(
    name: "Forests",
    products: [
        .library(name: "Forests", targets: ["Forests"]),
        .library(name: "ForestsPlugin", targets: ["ForestsPlugin"]),
    ],
    dependencies: [
        .package(path: "../Registry"),
        .package(path: "../Tensor"),
        .package(path: "../NN"),
    ],
    targets: [
        .target(name: "Forests", dependencies: [
            .product(name: "Tensor", package: "Tensor"),
            .product(name: "NN", package: "NN"),
        ]),
        .target(name: "ForestsPlugin", dependencies: [
            "Forests",
            .product(name: "Registry", package: "Registry"),
            .product(name: "Tensor", package: "Tensor"),
            .product(name: "Imaging", package: "Tensor"),
            .product(name: "NN", package: "NN"),
        ]),
        .testTarget(name: "ForestsTests", dependencies: ["Forests"]),
        .testTarget(name: "ForestsPluginTests", dependencies: ["ForestsPlugin"]),
    ]
)
