import Foundation
import NN
import Registry
import Tensor

/// `baseline-uniform`: round-to-nearest symmetric uniform quantization, the data-free
/// baseline of PowerQuant and DFQ-style methods. Per group (output channel, or tensor) with
/// m = max|w| and n = 2^(b−1) − 1: q = round(n·w/m), ŵ = m·q/n. Batch norm is folded first;
/// dense, conv and depthwise weights are quantized (depthwise always per channel), biases
/// stay float. Optional activation fake-quant (unsigned after ReLU, 2^b − 1 levels) uses the
/// batch-norm prior ranges, so it stays data-free.
///
/// ```swift
/// let rtn = UniformQuantizer()
/// let result = try rtn.quantize(model, target: QuantizationTarget(weightBits: 4, granularity: .perTensor), data: nil)
/// let accuracy = try ModelZoo.accuracy(result.model, on: test)
/// try result.storage!.save(to: url)          // about 4/32 of the float file
/// ```
public struct UniformQuantizer: Quantizer, Sendable {
    /// BN-prior width for activation ranges (m_x = max_c β_c + k|γ_c|).
    public var activationK: Float

    public init(activationK: Float = 6) {
        self.activationK = activationK
    }

    public var descriptor: MethodDescriptor { UniformQuantizerPlugin.descriptor }

    public func quantize(_ model: ModelGraph, target: QuantizationTarget, data: RecordingDataSource?) throws -> CompressionResult {
        let start = Date()
        let engine = try PowerMapQuantization(bits: target.weightBits, granularity: target.granularity)
        let (folded, layers) = try PowerMapQuantization.prepare(model)
        let activations = target.activationBits.map { ActivationPlan(bits: $0, exponent: 1, k: activationK) }
        let outcome = try engine.apply(original: model, folded: folded, layers: layers, exponents: [:], activations: activations)
        var hyper = ["bits": "\(target.weightBits)", "granularity": target.granularity.rawValue,
                     "activation-bits": "\(target.activationBits ?? 0)"]
        if activations != nil { hyper["activation-k"] = "\(activationK)" }
        let report = try PowerMapQuantization.report(methodID: descriptor.id, version: descriptor.version.description,
                                                     hyperparameters: hyper, original: model, outcome: outcome,
                                                     wallTime: Date().timeIntervalSince(start))
        return CompressionResult(model: outcome.model, storage: outcome.storage, report: report)
    }
}
