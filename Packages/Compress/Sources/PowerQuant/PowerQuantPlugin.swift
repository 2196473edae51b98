import CompressCore
import Registry

/// The registry entry of `powerquant`. Its product is a `PowerQuantQuantizer` carrying the
/// configuration (bits, activation bits, granularity, scope, search grid).
///
/// ```swift
/// var configuration = MethodConfiguration(descriptor: PowerQuantPlugin.descriptor)
/// try configuration.apply(overrides: ["bits=3", "granularity=per-tensor"])
/// let quantizer = try PowerQuantPlugin.make(configuration)
/// let result = try quantizer.quantize(model)
/// ```
public enum PowerQuantPlugin: MethodPlugin {
    public static let descriptor = MethodDescriptor(
        id: "powerquant", title: "PowerQuant: data-free non-uniform quantization by power automorphisms",
        version: try! SemanticVersion("1.0.0"), task: .quantization, package: "Compress",
        citation: Citation(authors: ["E. Yvinec", "A. Dapogny", "M. Cord", "K. Bailly"],
                           title: "PowerQuant: Automorphism Search for Non-Uniform Quantization",
                           venue: "International Conference on Learning Representations (ICLR)", year: 2023, arxiv: "2301.09858"),
        summary: "Stores sign(w)|w|^a on a uniform b-bit grid (a = 1 is uniform RTN); the exponent a minimises the weight "
            + "reconstruction error per layer (grid + golden section), reading no data. Batch norm folded first; optional "
            + "power-map activation fake-quant with one global exponent and batch-norm-prior ranges.",
        hyperparameters: [
            .int("bits", default: 4, range: 2...8, doc: "Weight bits."),
            .int("activation-bits", default: 0, range: 0...16,
                 doc: "Activation bits; 0 keeps activations in float. Needs batch norm before each quantized layer input."),
            .choice("granularity", default: Granularity.perChannel.rawValue, choices: Granularity.allCases.map(\.rawValue),
                    doc: "One scale per output channel or per tensor (depthwise convs are always per channel)."),
            .choice("scope", default: ExponentScope.perLayer.rawValue, choices: ExponentScope.allCases.map(\.rawValue),
                    doc: "One weight exponent per layer, or one for the network (activations always use the global one)."),
            .float("search-min", default: 0.1, range: 0.01...10, doc: "Lowest exponent searched."),
            .float("search-max", default: 1.5, range: 0.01...10, doc: "Highest exponent searched."),
            .int("grid-points", default: 141, range: 2...100_000, doc: "Coarse grid size before golden-section refinement (a = 1 always tried)."),
            .float("tolerance", default: 1e-3, range: 1e-9...1, doc: "Golden-section bracket width at which the search stops."),
            .float("activation-k", default: 6, range: 0.5...20, doc: "Activation range m = max_c(beta_c + k|gamma_c|) of the preceding batch norm."),
        ])

    public static func make(_ configuration: MethodConfiguration) throws -> PowerQuantQuantizer {
        var config = PowerQuantConfig()
        config.weightBits = try configuration.int("bits")
        let activationBits = try configuration.int("activation-bits")
        config.activationBits = activationBits == 0 ? nil : activationBits
        config.granularity = Granularity(rawValue: try configuration.string("granularity")) ?? .perChannel
        config.exponentScope = ExponentScope(rawValue: try configuration.string("scope")) ?? .perLayer
        let low = try configuration.float("search-min"), high = try configuration.float("search-max")
        guard low < high else {
            throw RegistryError.malformedConfiguration("search-min (\(low)) must be below search-max (\(high))")
        }
        config.searchRange = low...high
        config.gridPoints = try configuration.int("grid-points")
        config.tolerance = try configuration.float("tolerance")
        config.activationRange = .batchNormPrior(k: try configuration.float("activation-k"))
        try config.validate()
        return PowerQuantQuantizer(config)
    }

    /// The quantization target the configuration asks for.
    public static func target(_ configuration: MethodConfiguration) throws -> QuantizationTarget {
        try make(configuration).config.target
    }
}

/// Every plugin of the PowerQuant module.
public enum PowerQuantPlugins {
    public static var all: [any MethodPlugin.Type] { [PowerQuantPlugin.self] }
}
