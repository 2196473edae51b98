import Tensor

/// A data set held in memory: row `i` of `inputs` (and of `labels`, `targets`) is sample `i`.
///
/// ```swift
/// let data = try TensorDataset(inputs: x,               // [N, 64]
///                              labels: IndexTensor(y))  // N labels
/// let loader = try DataLoader(data, batchSize: 32, seed: 7)
/// ```
public struct TensorDataset: Dataset, Equatable {
    /// `[N, ...]`.
    public let inputs: Tensor
    /// `[N]` class labels, if any.
    public let labels: IndexTensor?
    /// `[N, ...]` regression targets, if any.
    public let targets: Tensor?

    public init(inputs: Tensor, labels: IndexTensor? = nil, targets: Tensor? = nil) throws {
        guard inputs.rank >= 1 else {
            throw DataError.invalidArgument("TensorDataset: inputs must have a leading sample axis, got a scalar; reshape to [N, ...]")
        }
        let n = inputs.shape[0]
        if let labels, labels.shape != [n] {
            throw DataError.invalidArgument("TensorDataset: labels have shape \(labels.shape) but inputs hold \(n) samples; give one label per sample, shape [\(n)]")
        }
        if let targets, targets.rank < 1 || targets.shape[0] != n {
            throw DataError.invalidArgument("TensorDataset: targets have shape \(targets.shape) but inputs hold \(n) samples; give targets of shape [\(n), ...]")
        }
        self.inputs = inputs
        self.labels = labels
        self.targets = targets
    }

    public var count: Int { inputs.shape[0] }

    /// The shape of one input (the input shape without its sample axis).
    public var sampleShape: [Int] { Array(inputs.shape.dropFirst()) }

    public func sample(at index: Int) throws -> Sample {
        guard index >= 0 && index < count else { throw DataError.indexOutOfRange(index: index, count: count) }
        return Sample(input: Self.row(index, of: inputs),
                      label: labels.map { $0.values[index] },
                      target: targets.map { Self.row(index, of: $0) })
    }

    /// One gather per tensor instead of one copy per sample.
    public func batch(at indices: [Int]) throws -> Batch {
        guard !indices.isEmpty else { throw DataError.invalidArgument("a batch needs at least one sample") }
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw DataError.indexOutOfRange(index: bad, count: count)
        }
        return Batch(inputs: try inputs.indexSelect(alongAxis: 0, indices),
                     labels: labels.map { l in IndexTensor(indices.map { l.values[$0] }) },
                     targets: try targets.map { try $0.indexSelect(alongAxis: 0, indices) },
                     indices: indices)
    }

    /// The samples at `indices`, copied into a new data set (e.g. one part of a split).
    public func subset(_ indices: [Int]) throws -> TensorDataset {
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw DataError.indexOutOfRange(index: bad, count: count)
        }
        return try TensorDataset(inputs: inputs.indexSelect(alongAxis: 0, indices),
                                 labels: labels.map { l in IndexTensor(indices.map { l.values[$0] }) },
                                 targets: targets.map { try $0.indexSelect(alongAxis: 0, indices) })
    }

    /// The same samples with each input viewed as `sampleShape` (e.g. `[64]` -> `[1, 8, 8]`). Free.
    public func reshapedInputs(_ sampleShape: [Int]) throws -> TensorDataset {
        try TensorDataset(inputs: inputs.reshaped([count] + sampleShape), labels: labels, targets: targets)
    }

    private static func row(_ index: Int, of tensor: Tensor) -> Tensor {
        let shape = Array(tensor.shape.dropFirst())
        let size = shape.reduce(1, *)
        var out = Tensor(uninitializedShape: shape)
        if size > 0 {
            out.withUnsafeMutableBufferPointer { dst in
                tensor.withUnsafeBufferPointer { src in
                    dst.baseAddress!.update(from: src.baseAddress! + index * size, count: size)
                }
            }
        }
        return out
    }
}
