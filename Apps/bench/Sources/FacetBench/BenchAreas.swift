/// The benchmark areas `facet-bench` knows, by name.
enum BenchAreas {
    static let all: [String: @Sendable ([String]) throws -> Void] = [
        "tensor": TensorBench.run,
        "nn": NNBench.run,
        "forests": ForestsBench.run,
        "facealign": FaceAlignBench.run,
        "gaze": GazeBench.run,
    ]
}
