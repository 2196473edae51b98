import Registry

/// The registry entry of `baseline-uniform`. Its product is a `UniformQuantizer`; the
/// target (bits, activation bits, granularity) comes from `target(_:)` of the same configuration.
public enum UniformQuantizerPlugin: MethodPlugin {
    public static let descriptor = MethodDescriptor(
        id: "baseline-uniform", title: "Round-to-nearest symmetric uniform quantization (baseline)",
        version: try! SemanticVersion("1.0.0"), task: .quantization, package: "Compress",
        citation: Citation(authors: ["R. Krishnamoorthi"],
                           title: "Quantizing deep convolutional networks for efficient inference: A whitepaper",
                           venue: "arXiv", year: 2018, arxiv: "1806.08342"),
        summary: "Data-free baseline: weights rounded to 2^(b-1)-1 symmetric levels of max|w| per tensor or per output channel "
            + "after folding batch norm; optional activation fake-quant with batch-norm-prior ranges.",
        hyperparameters: [
            .int("bits", default: 4, range: 2...8, doc: "Weight bits (2 = ternary levels)."),
            .int("activation-bits", default: 0, range: 0...16, doc: "Activation bits; 0 keeps activations in float."),
            .choice("granularity", default: Granularity.perChannel.rawValue, choices: Granularity.allCases.map(\.rawValue),
                    doc: "One scale per output channel or per tensor (depthwise convs are always per channel)."),
            .float("activation-k", default: 6, range: 0.5...20, doc: "Activation range m = max_c(beta_c + k|gamma_c|) of the preceding batch norm."),
        ])

    public static func make(_ configuration: MethodConfiguration) throws -> UniformQuantizer {
        UniformQuantizer(activationK: Float(try configuration.float("activation-k")))
    }

    /// The quantization target the configuration asks for.
    public static func target(_ configuration: MethodConfiguration) throws -> QuantizationTarget {
        let activationBits = try configuration.int("activation-bits")
        return QuantizationTarget(weightBits: try configuration.int("bits"), activationBits: activationBits == 0 ? nil : activationBits,
                                  granularity: Granularity(rawValue: try configuration.string("granularity")) ?? .perChannel)
    }
}
