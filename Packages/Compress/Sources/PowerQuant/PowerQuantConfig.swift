import CompressCore

/// Which weights share one exponent.
public enum ExponentScope: String, Sendable, Equatable, CaseIterable {
    /// One exponent per layer, minimising that layer's reconstruction error (the default).
    case perLayer = "per-layer"
    /// One exponent for the whole network, minimising the summed error.
    case global
}

/// The settings of PowerQuant (see Docs/methods/powerquant.md).
///
/// ```swift
/// var config = PowerQuantConfig()
/// config.weightBits = 3
/// config.granularity = .perTensor
/// let result = try PowerQuantQuantizer(config).quantize(model)
/// ```
public struct PowerQuantConfig: Sendable, Equatable {
    /// How activation ranges are found without data.
    public enum ActRange: Sendable, Equatable {
        /// m_x = max_c(β_c + k·|γ_c|) of the batch norm before the activation.
        case batchNormPrior(k: Double)
    }

    public var weightBits = 4
    /// nil keeps activations in float (weights-only quantization).
    public var activationBits: Int? = nil
    public var granularity: Granularity = .perChannel
    public var exponentScope: ExponentScope = .perLayer
    public var searchRange: ClosedRange<Double> = 0.1...1.5
    /// Coarse grid over `searchRange` (a = 1 is always added), then golden-section refinement.
    public var gridPoints = 141
    public var tolerance = 1e-3
    public var activationRange: ActRange = .batchNormPrior(k: 6)

    public init() {}

    /// The bits and granularity as a `QuantizationTarget`.
    public var target: QuantizationTarget {
        QuantizationTarget(weightBits: weightBits, activationBits: activationBits, granularity: granularity)
    }

    /// Checks the settings; throws what to change.
    public func validate() throws {
        guard (2...8).contains(weightBits) else { throw QuantizerError.invalidTarget("weight bits must be in 2...8, got \(weightBits)") }
        if let a = activationBits, !(2...16).contains(a) {
            throw QuantizerError.invalidTarget("activation bits must be in 2...16, or nil for float activations; got \(a)")
        }
        guard searchRange.lowerBound > 0, searchRange.upperBound > searchRange.lowerBound, searchRange.upperBound.isFinite else {
            throw QuantizerError.invalidTarget("the exponent search range must be 0 < low < high, got \(searchRange)")
        }
        guard gridPoints >= 2 else { throw QuantizerError.invalidTarget("the exponent grid needs at least 2 points, got \(gridPoints)") }
        guard tolerance > 0 else { throw QuantizerError.invalidTarget("the golden-section tolerance must be positive, got \(tolerance)") }
        if case .batchNormPrior(let k) = activationRange, !(k > 0) {
            throw QuantizerError.invalidTarget("the batch-norm prior width k must be positive, got \(k)")
        }
    }
}
