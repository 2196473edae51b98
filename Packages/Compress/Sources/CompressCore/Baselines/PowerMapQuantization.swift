import Foundation
import NN
import Tensor

/// Errors of the data-free quantizers: what was wrong with the request and what to do.
public enum QuantizerError: Error, Equatable, CustomStringConvertible {
    case invalidTarget(String)
    /// Activation quantization was asked for, but these layers' inputs have no batch norm
    /// before them, so their range cannot be known without data.
    case noDataFreeActivationRange(layers: [String])

    public var description: String {
        switch self {
        case .invalidTarget(let why): return "invalid quantization target: \(why)"
        case .noDataFreeActivationRange(let layers):
            return "activation quantization needs a data-free range for the input of \(layers.joined(separator: ", ")), "
                + "but no batch norm precedes it; keep activations in float (activation-bits=0) or use a model with batch norm"
        }
    }
}

/// How activations are fake-quantized: one bit-width and one exponent for the network,
/// ranges from the batch-norm prior with `k` standard deviations.
public struct ActivationPlan: Sendable, Equatable {
    public var bits: Int
    public var exponent: Double
    public var k: Float

    public init(bits: Int, exponent: Double = 1, k: Float = 6) {
        self.bits = bits
        self.exponent = exponent
        self.k = k
    }
}

/// The shared engine of the power-map quantizers (uniform RTN is exponent 1, PowerQuant
/// chooses exponents): folds batch norm, stores each dense / conv / depthwise weight as
/// `bits`-bit power-map codes with per-channel or per-tensor scales, decodes them into the
/// graph, optionally inserts activation fake-quant before each layer, and reports.
public struct PowerMapQuantization: Sendable {
    public var bits: Int
    public var granularity: Granularity

    public init(bits: Int, granularity: Granularity) throws {
        guard (2...8).contains(bits) else {
            throw QuantizerError.invalidTarget("weight bits must be in 2...8, got \(bits)")
        }
        self.bits = bits
        self.granularity = granularity
    }

    /// Batch norm folded into the preceding layers: quantizing unfolded weights and folding
    /// afterwards would scale the grid channel by channel.
    public static func prepare(_ model: ModelGraph) throws -> (folded: ModelGraph, layers: [QuantizableLayer]) {
        let folded = try model.foldingBatchNorm()
        let layers = QuantizableLayer.all(in: folded)
        guard !layers.isEmpty else {
            throw QuantizerError.invalidTarget("the model has no dense, conv2d or depthwise conv layer to quantize")
        }
        return (folded, layers)
    }

    public func codec(for layer: QuantizableLayer, exponent: Double) -> PowerMapCodec {
        PowerMapCodec(bits: bits, exponent: exponent, perChannel: layer.usesPerChannelScales(granularity))
    }

    public struct Outcome: Sendable {
        public var model: ModelGraph
        public var storage: QuantizedModel
        public var perLayer: [CompressionReport.LayerReport]
        /// Layers whose input stays float under activation quantization (the network input).
        public var floatInputs: [String]
    }

    /// Quantizes `layers` of `folded` with `exponents[layer]` (1 where absent). `original`
    /// (before folding) supplies the batch-norm activation ranges.
    public func apply(original: ModelGraph, folded: ModelGraph, layers: [QuantizableLayer], exponents: [String: Double],
                      details: [String: [String: Double]] = [:], activations: ActivationPlan? = nil) throws -> Outcome {
        var graph = folded
        var quantized: [String: QuantizedTensor] = [:]
        var perLayer: [CompressionReport.LayerReport] = []
        for layer in layers {
            let a = exponents[layer.name] ?? 1
            let codec = codec(for: layer, exponent: a)
            let stored = try codec.encode(layer.weight)
            let decoded = try stored.dequantized()
            graph.tensors[layer.tensorName] = decoded
            quantized[layer.tensorName] = stored
            var d = details[layer.name] ?? [:]
            d["exponent"] = a
            d["error"] = ReconstructionError.squared(layer.weight.scalars, decoded.scalars)
            d["relative-error"] = ReconstructionError.relative(layer.weight.scalars, decoded.scalars)
            d["scales"] = Double(stored.scales.count)
            d["bytes"] = Double(stored.byteCount)
            perLayer.append(CompressionReport.LayerReport(name: layer.name, shapeBefore: layer.weight.shape,
                                                          shapeAfter: layer.weight.shape, bits: bits, details: d))
        }
        var floatInputs: [String] = []
        if let plan = activations {
            guard (2...16).contains(plan.bits) else {
                throw QuantizerError.invalidTarget("activation bits must be in 2...16 (or nil / 0 for float), got \(plan.bits)")
            }
            let ranges = ActivationRanges.layerInputs(original, k: plan.k)
            var chosen: [String: ActivationRange] = [:], missing: [String] = []
            for layer in layers {
                if let range = ranges[layer.name] ?? nil {
                    chosen[layer.name] = range
                } else if original.node(named: layer.name)?.inputs.first == original.inputNode.name {
                    floatInputs.append(layer.name)      // the network input's range belongs to the data
                } else {
                    missing.append(layer.name)
                }
            }
            guard missing.isEmpty else { throw QuantizerError.noDataFreeActivationRange(layers: missing) }
            graph = try ActivationRanges.insertingQuantizers(into: graph, ranges: chosen, bits: plan.bits,
                                                             exponent: Float(plan.exponent))
            for i in perLayer.indices {
                if let r = chosen[perLayer[i].name] {
                    perLayer[i].details["activation-max"] = Double(r.maxValue)
                    perLayer[i].details["activation-signed"] = r.signed ? 1 : 0
                    perLayer[i].details["activation-bits"] = Double(plan.bits)
                } else {
                    perLayer[i].details["activation-bits"] = 32
                }
            }
        }
        // The stored form's graph carries the decoded weights too (to validate shapes); `save` writes only the codes.
        return Outcome(model: graph, storage: QuantizedModel(graph: graph, quantized: quantized), perLayer: perLayer,
                       floatInputs: floatInputs)
    }

    /// The report of a power-map quantization, measured on the models.
    public static func report(methodID: String, version: String, hyperparameters: [String: String], original: ModelGraph,
                              outcome: Outcome, wallTime: TimeInterval) throws -> CompressionReport {
        let before = try CostModel.count(original), after = try CostModel.count(outcome.model)
        return CompressionReport(
            methodID: methodID, methodVersion: version, hyperparameters: hyperparameters, dataAccess: .none,
            parameters: .init(before: before.parameters, after: after.parameters),
            multiplications: .init(before: before.multiplications, after: after.multiplications),
            additions: .init(before: before.additions, after: after.additions),
            modelBytes: .init(before: CostModel.bytes(original), after: CostModel.bytes(outcome.storage)),
            perLayer: outcome.perLayer, wallTimeSeconds: wallTime)
    }
}
