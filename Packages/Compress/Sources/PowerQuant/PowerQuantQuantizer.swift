import CompressCore
import Foundation
import NN
import Registry
import Tensor

/// PowerQuant (Yvinec et al., ICLR 2023): data-free non-uniform quantization. Each weight
/// group with m = max|w| is stored as q = round(n·sign(w)·(|w|/m)^a), decoded as
/// ŵ = sign(q)·m·(|q|/n)^(1/a); the exponent a (per layer, or one for the network)
/// minimises the weight reconstruction error. a = 1 is uniform quantization. Batch norm is
/// folded first; biases stay float; depthwise convs always use per-channel scales. With
/// activation bits, each dense / conv input gets a power-map fake-quant with one global
/// exponent and batch-norm-prior ranges. Reads no data.
///
/// ```swift
/// var config = PowerQuantConfig()
/// config.weightBits = 3
/// let result = try PowerQuantQuantizer(config).quantize(model)
/// for layer in result.report.perLayer {
///     print(layer.name, layer.details["exponent"]!, layer.details["error"]!, layer.details["error-uniform"]!)
/// }
/// try result.storage!.save(to: URL(fileURLWithPath: "model-w3.safetensors"))
/// ```
public struct PowerQuantQuantizer: Quantizer, Sendable {
    public var config: PowerQuantConfig

    public init(_ config: PowerQuantConfig = PowerQuantConfig()) {
        self.config = config
    }

    public var descriptor: MethodDescriptor { PowerQuantPlugin.descriptor }

    /// The exponents chosen for a model: per layer and global.
    public struct Exponents: Sendable {
        /// The exponent each layer's weights use (per-layer a_l*, or the global a* for every layer).
        public var weights: [String: Double]
        /// The search of each layer (a_l*, E_l(a_l*), E_l(1)).
        public var perLayer: [String: ExponentSearch.Choice]
        /// The global search (a*, Σ E(a*), Σ E(1)); also the activation exponent.
        public var global: ExponentSearch.Choice
        /// Σ_l E_l at the exponents used.
        public var totalError: Double
        /// Σ_l E_l(1).
        public var uniformError: Double
    }

    /// Quantizes with the configuration's own bits and granularity.
    public func quantize(_ model: ModelGraph) throws -> CompressionResult {
        try quantize(model, target: config.target, data: nil)
    }

    /// Quantizes with `target`'s bits, activation bits and granularity (the rest from the
    /// configuration). `data` is never read: PowerQuant is data-free.
    public func quantize(_ model: ModelGraph, target: QuantizationTarget, data: RecordingDataSource?) throws -> CompressionResult {
        let start = Date()
        var config = self.config
        config.weightBits = target.weightBits
        config.activationBits = target.activationBits
        config.granularity = target.granularity
        try config.validate()
        let engine = try PowerMapQuantization(bits: config.weightBits, granularity: config.granularity)
        let (folded, layers) = try PowerMapQuantization.prepare(model)
        let chosen = searchExponents(layers, engine: engine, config: config)
        var details: [String: [String: Double]] = [:]
        for layer in layers {
            let own = chosen.perLayer[layer.name]!
            details[layer.name] = ["error-uniform": own.uniformError, "layer-exponent": own.exponent,
                                   "global-exponent": chosen.global.exponent]
        }
        var activations: ActivationPlan?
        if let bits = config.activationBits, case .batchNormPrior(let k) = config.activationRange {
            // One exponent for every activation, so a layer's output and the next input agree.
            activations = ActivationPlan(bits: bits, exponent: chosen.global.exponent, k: Float(k))
        }
        let outcome = try engine.apply(original: model, folded: folded, layers: layers, exponents: chosen.weights,
                                       details: details, activations: activations)
        var hyper = ["bits": "\(config.weightBits)", "activation-bits": "\(config.activationBits ?? 0)",
                     "granularity": config.granularity.rawValue, "scope": config.exponentScope.rawValue,
                     "search-min": "\(config.searchRange.lowerBound)", "search-max": "\(config.searchRange.upperBound)",
                     "grid-points": "\(config.gridPoints)",
                     "global-exponent": String(format: "%.4f", chosen.global.exponent),
                     "error": String(format: "%.6g", chosen.totalError),
                     "error-uniform": String(format: "%.6g", chosen.uniformError)]
        if let plan = activations {
            hyper["activation-exponent"] = String(format: "%.4f", plan.exponent)
            hyper["activation-k"] = "\(plan.k)"
            if !outcome.floatInputs.isEmpty { hyper["float-inputs"] = outcome.floatInputs.joined(separator: ",") }
        }
        let report = try PowerMapQuantization.report(methodID: descriptor.id, version: descriptor.version.description,
                                                     hyperparameters: hyper, original: model, outcome: outcome,
                                                     wallTime: Date().timeIntervalSince(start))
        return CompressionResult(model: outcome.model, storage: outcome.storage, report: report)
    }

    /// The exponent search alone, on the folded model's layers (for reports and ablations).
    public func searchExponents(_ model: ModelGraph, target: QuantizationTarget? = nil) throws -> Exponents {
        var config = self.config
        if let t = target { config.weightBits = t.weightBits; config.granularity = t.granularity }
        try config.validate()
        let engine = try PowerMapQuantization(bits: config.weightBits, granularity: config.granularity)
        return searchExponents(try PowerMapQuantization.prepare(model).layers, engine: engine, config: config)
    }

    func searchExponents(_ layers: [QuantizableLayer], engine: PowerMapQuantization, config: PowerQuantConfig) -> Exponents {
        let search = ExponentSearch(engine: engine, range: config.searchRange, gridPoints: config.gridPoints, tolerance: config.tolerance)
        var perLayer: [String: ExponentSearch.Choice] = [:]
        for layer in layers { perLayer[layer.name] = search.search(layer) }
        let global = search.searchGlobal(layers)
        let weights: [String: Double]
        let total: Double
        switch config.exponentScope {
        case .perLayer:
            weights = perLayer.mapValues(\.exponent)
            total = perLayer.values.reduce(0) { $0 + $1.error }
        case .global:
            weights = Dictionary(uniqueKeysWithValues: layers.map { ($0.name, global.exponent) })
            total = global.error
        }
        return Exponents(weights: weights, perLayer: perLayer, global: global, totalError: total,
                         uniformError: perLayer.values.reduce(0) { $0 + $1.uniformError })
    }
}
