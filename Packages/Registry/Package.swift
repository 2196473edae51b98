// swift-tools-version: 6.0
// Registry: method descriptors, semantic versions, configurations and the method
// registry. The bottom layer of Facet; it depends on nothing.
import PackageDescription

let package = Package(
    name: "Registry",
    products: [
        .library(name: "Registry", targets: ["Registry"]),
    ],
    targets: [
        .target(name: "Registry"),
        .testTarget(name: "RegistryTests", dependencies: ["Registry"]),
    ]
)
