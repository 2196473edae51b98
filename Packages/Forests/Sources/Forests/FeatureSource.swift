import Tensor

/// Where trees read feature values: a dense matrix, or features computed on demand
/// (e.g. millions of random HOG-patch templates that are never materialised).
///
/// `fill` is the hot path: a node gathers one feature for all of its samples at once.
public protocol FeatureSource: Sendable {
    var sampleCount: Int { get }
    var featureCount: Int { get }
    func value(sample: Int, feature: Int) -> Float
    /// Writes feature `feature` of each listed sample into `into` (same length as `samples`).
    func fill(samples: UnsafeBufferPointer<Int32>, feature: Int, into: UnsafeMutableBufferPointer<Float>)
}

/// A dense [samples, features] matrix, stored feature-major so a node's gather for one
/// feature reads one contiguous column.
public struct DenseFeatures: FeatureSource {
    public let sampleCount: Int
    public let featureCount: Int
    /// [featureCount, sampleCount].
    let columns: [Float]

    /// From a [samples, features] tensor.
    public init(_ matrix: Tensor) throws {
        guard matrix.rank == 2 else {
            throw TensorError.shapeMismatch(op: "DenseFeatures", shapes: [matrix.shape], expected: "a [samples, features] matrix")
        }
        guard !matrix.hasNonFinite else {
            throw TensorError.invalidArgument(op: "DenseFeatures", message: "features hold NaN or infinite values; impute or drop them first")
        }
        sampleCount = matrix.shape[0]
        featureCount = matrix.shape[1]
        columns = matrix.transposed().scalars
    }

    public func value(sample: Int, feature: Int) -> Float {
        columns[feature &* sampleCount &+ sample]
    }

    public func fill(samples: UnsafeBufferPointer<Int32>, feature: Int, into: UnsafeMutableBufferPointer<Float>) {
        columns.withUnsafeBufferPointer { c in
            let column = c.baseAddress! + feature &* sampleCount
            for i in 0..<samples.count { into[i] = column[Int(samples[i])] }
        }
    }
}
