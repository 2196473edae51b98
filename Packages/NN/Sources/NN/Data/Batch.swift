import Tensor

/// Samples stacked along a new leading axis: what one training step consumes.
public struct Batch: Sendable, Equatable {
    /// `[B, ...]`: the inputs of the samples, in order.
    public var inputs: Tensor
    /// `[B]`: the class labels, when the samples have them.
    public var labels: IndexTensor?
    /// `[B, ...]`: the regression targets, when the samples have them.
    public var targets: Tensor?
    /// The data set index of each sample (to trace a bad sample or a prediction back).
    public var indices: [Int]

    public init(inputs: Tensor, labels: IndexTensor? = nil, targets: Tensor? = nil, indices: [Int]) {
        self.inputs = inputs
        self.labels = labels
        self.targets = targets
        self.indices = indices
    }

    /// The number of samples.
    public var count: Int { indices.count }

    /// Stacks samples that all have the same input shape, and all (or none) a label and a
    /// target of one shape. `indices` are their data set indices, one per sample.
    public init(stacking samples: [Sample], indices: [Int]) throws {
        guard let first = samples.first else {
            throw DataError.invalidArgument("a batch needs at least one sample")
        }
        guard indices.count == samples.count else {
            throw DataError.invalidArgument("a batch of \(samples.count) samples was given \(indices.count) indices; pass one data set index per sample")
        }
        for (s, i) in zip(samples, indices) {
            if s.input.shape != first.input.shape {
                throw DataError.inconsistentSamples(index: i, message: "its input has shape \(s.input.shape), the first sample's \(first.input.shape)")
            }
            if (s.label == nil) != (first.label == nil) {
                throw DataError.inconsistentSamples(index: i, message: "some samples have a label and others not")
            }
            if s.target?.shape != first.target?.shape {
                let shape = { (t: Tensor?) in t.map { "\($0.shape)" } ?? "none" }
                throw DataError.inconsistentSamples(index: i, message: "its target has shape \(shape(s.target)), the first sample's \(shape(first.target))")
            }
        }
        inputs = Batch.stack(samples.map(\.input))
        labels = first.label == nil ? nil : IndexTensor(samples.map { $0.label! })
        targets = first.target == nil ? nil : Batch.stack(samples.map { $0.target! })
        self.indices = indices
    }

    /// Copies equally shaped tensors into one `[n, ...]` tensor, one block copy each.
    private static func stack(_ parts: [Tensor]) -> Tensor {
        let shape = parts[0].shape
        let size = parts[0].count
        var out = Tensor(uninitializedShape: [parts.count] + shape)
        out.withUnsafeMutableBufferPointer { dst in
            for (k, part) in parts.enumerated() {
                part.withUnsafeBufferPointer { src in
                    if size > 0 { (dst.baseAddress! + k * size).update(from: src.baseAddress!, count: size) }
                }
            }
        }
        return out
    }
}
