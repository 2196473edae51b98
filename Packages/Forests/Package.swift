// swift-tools-version: 6.0
// Forests: CART, random / extra-trees and conditional forests, soft and neural decision
// trees with greedy routing, and tree gates for mixtures of experts.
import PackageDescription

let package = Package(
    name: "Forests",
    products: [
        .library(name: "Forests", targets: ["Forests"]),
    ],
    dependencies: [
        .package(path: "../Tensor"),
        .package(path: "../NN"),
    ],
    targets: [
        .target(name: "Forests", dependencies: [
            .product(name: "Tensor", package: "Tensor"),
            .product(name: "NN", package: "NN"),
        ]),
        .testTarget(name: "ForestsTests", dependencies: ["Forests"]),
    ]
)
