import CompressCore
import Registry

/// Registry entry of `red`; its product is a `REDPruner` configured from the hyperparameters.
///
/// ```swift
/// let registry = try MethodRegistry([REDPlugin.self])
/// let red = try registry.make("red", as: REDPruner.self) { try $0.apply(overrides: ["bandwidth-scale=0.3"]) }
/// ```
public enum REDPlugin: MethodPlugin {
    public static let descriptor = MethodDescriptor(
        id: "red", title: "RED: data-free structured compression by looking for redundancies",
        version: try! SemanticVersion("1.0.0"), task: .pruning, package: "Compress",
        citation: Citation(authors: ["E. Yvinec", "A. Dapogny", "M. Cord", "K. Bailly"],
                           title: "RED: Looking for Redundancies for Data-Free Structured Compression of Deep Neural Networks",
                           venue: "NeurIPS", year: 2021, arxiv: "2105.14797"),
        summary: "Hashes each layer's weights to the modes of their kernel density, merges the neurons that became identical (summing their consumer columns, exact) and replaces k×k convolutions by uneven depthwise separable ones; reads no data, and the compression is whatever redundancy it finds.",
        hyperparameters: [
            .float("bandwidth-scale", default: 0.2, range: 1e-4...100, doc: "KDE bandwidth as a multiple of Silverman's rule, per layer."),
            .int("min-modes", default: 16, range: 0...100_000, doc: "Halve a layer's bandwidth until its weight density has at least this many modes."),
            .int("grid-size", default: 4096, range: 16...1_048_576, doc: "Bins of the grid the density is evaluated on."),
            .float("merge-tolerance", default: 0, range: 0...100, doc: "0 merges identical neurons only (exact); ε > 0 also merges neurons within ε × median row norm (not exact)."),
            .bool("uneven-depthwise", default: true, doc: "Replace k×k convolutions by uneven depthwise separable ones where that saves multiplications."),
            .float("uds-min-gain", default: 0.10, range: 0...1, doc: "Replace a convolution only if it saves at least this share of its multiplications."),
            .bool("hash-biases", default: false, doc: "Hash biases too (each layer's bias vector with its own density)."),
            .bool("hashing", default: true, doc: "Step 1 on/off; off merges only neurons that are already bit-identical (ablation)."),
        ])

    public static func make(_ configuration: MethodConfiguration) throws -> REDPruner {
        let config = REDConfig(bandwidthScale: try configuration.float("bandwidth-scale"),
                               minModes: try configuration.int("min-modes"),
                               gridSize: try configuration.int("grid-size"),
                               mergeTolerance: try configuration.float("merge-tolerance"),
                               unevenDepthwise: try configuration.bool("uneven-depthwise"),
                               udsMinGain: try configuration.float("uds-min-gain"),
                               hashBiases: try configuration.bool("hash-biases"),
                               hashing: try configuration.bool("hashing"))
        try config.validate()
        return REDPruner(config: config)
    }
}
