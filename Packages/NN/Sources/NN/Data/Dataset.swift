import Tensor

/// One example of a data set: an input and, for supervised learning, a class label, a
/// regression target, or both.
public struct Sample: Sendable, Equatable {
    public var input: Tensor
    public var label: Int?
    public var target: Tensor?

    public init(input: Tensor, label: Int? = nil, target: Tensor? = nil) {
        self.input = input
        self.label = label
        self.target = target
    }
}

/// A finite, indexable collection of samples that a `DataLoader` can batch.
///
/// Samples are read from a background thread while the model trains, hence `Sendable`:
/// a data set should be an immutable value (tensors, file paths), not shared mutable state.
///
/// ```swift
/// struct Noise: Dataset {
///     var count: Int { 100 }
///     func sample(at index: Int) throws -> Sample {
///         var rng = RandomGenerator(seed: UInt64(index))
///         return Sample(input: rng.normal([3]), label: index % 2)
///     }
/// }
/// ```
public protocol Dataset: Sendable {
    var count: Int { get }

    /// The sample at `index` in `0..<count`; throws when it cannot be read.
    func sample(at index: Int) throws -> Sample

    /// The samples at `indices`, stacked into one batch. The default reads them one by one;
    /// data sets held in memory override it with a single gather.
    func batch(at indices: [Int]) throws -> Batch
}

extension Dataset {
    public func batch(at indices: [Int]) throws -> Batch {
        var samples: [Sample] = []
        samples.reserveCapacity(indices.count)
        for i in indices { samples.append(try sample(at: i)) }
        return try Batch(stacking: samples, indices: indices)
    }
}
