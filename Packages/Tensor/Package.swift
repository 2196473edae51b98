// swift-tools-version: 6.0
// Tensor: Float32 tensors on OpenBLAS, images on libpng/libjpeg, geometry.
// Every numeric package of Facet stands on it.
import PackageDescription

let package = Package(
    name: "Tensor",
    products: [
        .library(name: "Tensor", targets: ["Tensor"]),
        .library(name: "Geometry", targets: ["Geometry"]),
        .library(name: "Imaging", targets: ["Imaging"]),
    ],
    targets: [
        // OpenBLAS is loaded at run time (see facet_blas.h), never linked: that is what
        // lets Facet pick fast kernels on CPUs the system's OpenBLAS does not know.
        .target(name: "CFacetBLAS", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
        // Elementwise maths in C, built for several instruction sets and picked at load time.
        .target(name: "CFacetKernels"),
        .target(name: "Tensor", dependencies: ["CFacetBLAS", "CFacetKernels"]),
        // Points, transforms, Procrustes, rotations, PnP, in Double (small systems, exact answers).
        .target(name: "Geometry", dependencies: ["Tensor", "CFacetBLAS"]),
        // PNG and JPEG through libpng and libjpeg(-turbo), behind C shims that turn the
        // libraries' longjmp-based fatal errors into return codes (see facet_image_codecs.h).
        .target(name: "CFacetImageCodecs", linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg")]),
        // Images: decode/encode, resize, warp, colour, drawing, HOG and patches on CHW tensors.
        .target(name: "Imaging", dependencies: ["Tensor", "CFacetImageCodecs"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
    ]
)
