import NN
import Registry
import Tensor

/// What data a compression method read. A method whose descriptor says data-free must
/// report `.none`; `RecordingDataSource` records it rather than trusting the method.
public enum DataAccess: Sendable, Equatable, Codable, CustomStringConvertible {
    case none
    /// A calibration set of this many samples.
    case calibration(Int)
    /// The training set (fine-tuning, gradients).
    case training

    public var description: String {
        switch self {
        case .none: return "none (data-free)"
        case .calibration(let n): return "calibration (\(n) samples)"
        case .training: return "training set"
        }
    }
}

/// Labelled samples a data-driven method may read, counting what it reads.
public final class RecordingDataSource: @unchecked Sendable {
    public let inputs: Tensor
    public let labels: [Int]
    /// True for a training set (any read is `.training`), false for a calibration set.
    public let isTrainingSet: Bool
    public private(set) var samplesRead = Set<Int>()

    public init(inputs: Tensor, labels: [Int], isTrainingSet: Bool) {
        self.inputs = inputs
        self.labels = labels
        self.isTrainingSet = isTrainingSet
    }

    public var count: Int { labels.count }

    /// The rows `indices` (inputs and labels), recorded as read.
    public func batch(_ indices: [Int]) throws -> (inputs: Tensor, labels: [Int]) {
        samplesRead.formUnion(indices)
        return (try inputs.indexSelect(alongAxis: 0, indices), indices.map { labels[$0] })
    }

    /// What was read so far.
    public var access: DataAccess {
        if samplesRead.isEmpty { return .none }
        return isTrainingSet ? .training : .calibration(samplesRead.count)
    }
}

/// How much to prune.
public struct PruningTarget: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Keep this fraction of the parameters.
        case parameterRatio(Double)
        /// Keep this fraction of the multiplications.
        case macRatio(Double)
        /// Keep this fraction of the prunable neurons / channels.
        case neuronRatio(Double)
        /// Whatever the method finds (e.g. RED removes exactly the redundancy it detects).
        case methodDefault
    }

    public var kind: Kind
    public init(_ kind: Kind) { self.kind = kind }
}

/// How weights are grouped under one quantization scale.
public enum Granularity: String, Sendable, Equatable, Codable, CaseIterable {
    case perTensor = "per-tensor"
    case perChannel = "per-channel"
}

/// How much to quantize.
public struct QuantizationTarget: Sendable, Equatable {
    public var weightBits: Int
    /// nil keeps activations in float.
    public var activationBits: Int?
    public var granularity: Granularity

    public init(weightBits: Int, activationBits: Int? = nil, granularity: Granularity = .perChannel) {
        self.weightBits = weightBits
        self.activationBits = activationBits
        self.granularity = granularity
    }
}

/// A compressed model: the graph that runs with the ordinary forward (quantized weights
/// already decoded into it), the compact stored form when weights are quantized, and what
/// the method did.
public struct CompressionResult: Sendable {
    public var model: ModelGraph
    /// Quantized weights in their compact form (nil for pruning: the graph itself is smaller).
    public var storage: QuantizedModel?
    public var report: CompressionReport

    public init(model: ModelGraph, storage: QuantizedModel? = nil, report: CompressionReport) {
        self.model = model
        self.storage = storage
        self.report = report
    }
}

/// A structured pruning method: returns a physically smaller graph.
public protocol Pruner {
    var descriptor: MethodDescriptor { get }
    func prune(_ model: ModelGraph, target: PruningTarget, data: RecordingDataSource?) throws -> CompressionResult
}

/// A quantization method: returns the model with quantized weights (and optionally
/// quantized activations).
public protocol Quantizer {
    var descriptor: MethodDescriptor { get }
    func quantize(_ model: ModelGraph, target: QuantizationTarget, data: RecordingDataSource?) throws -> CompressionResult
}
