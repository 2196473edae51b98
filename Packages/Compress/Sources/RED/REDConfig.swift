/// The settings of RED (see Docs/methods/red.md for where each default comes from).
public struct REDConfig: Sendable, Equatable {
    /// Bandwidth = this × Silverman's rule, per layer (implementation choice; the paper's rule is not confirmed).
    public var bandwidthScale: Double = 0.2
    /// Guard: halve a layer's bandwidth until its weight density has at least this many modes.
    public var minModes: Int = 16
    /// Bins of the grid the density is evaluated on.
    public var gridSize: Int = 4096
    /// 0 merges only identical neurons (exact); ε > 0 also merges neurons within
    /// ε · median row norm of each other (not exact).
    public var mergeTolerance: Double = 0
    /// Replace k×k convolutions by uneven depthwise separable ones where that saves multiplications.
    public var unevenDepthwise: Bool = true
    /// Replace a convolution only when it saves at least this share of its multiplications.
    public var udsMinGain: Double = 0.10
    /// Hash the biases too (each layer's bias vector with its own density).
    public var hashBiases: Bool = false
    /// Step 1 on/off: without hashing only neurons that are already bit-identical merge (ablation and exactness tests).
    public var hashing: Bool = true

    public init(bandwidthScale: Double = 0.2, minModes: Int = 16, gridSize: Int = 4096, mergeTolerance: Double = 0,
                unevenDepthwise: Bool = true, udsMinGain: Double = 0.10, hashBiases: Bool = false, hashing: Bool = true) {
        self.bandwidthScale = bandwidthScale
        self.minModes = minModes
        self.gridSize = gridSize
        self.mergeTolerance = mergeTolerance
        self.unevenDepthwise = unevenDepthwise
        self.udsMinGain = udsMinGain
        self.hashBiases = hashBiases
        self.hashing = hashing
    }

    /// Checks the values a user may set; throws an error that names the bad one.
    public func validate() throws {
        func fail(_ m: String) -> REDError { .invalidConfiguration(m) }
        guard bandwidthScale > 0, bandwidthScale.isFinite else { throw fail("bandwidth-scale must be positive, got \(bandwidthScale) (default 0.2)") }
        guard minModes >= 0 else { throw fail("min-modes must be ≥ 0, got \(minModes) (default 16)") }
        guard gridSize >= 16 else { throw fail("grid-size must be at least 16, got \(gridSize) (default 4096)") }
        guard mergeTolerance >= 0, mergeTolerance.isFinite else { throw fail("merge-tolerance must be ≥ 0, got \(mergeTolerance) (0 merges only identical neurons)") }
        guard (0...1).contains(udsMinGain) else { throw fail("uds-min-gain must be in 0...1, got \(udsMinGain) (default 0.10)") }
    }
}

/// What RED refuses, with what to do about it.
public enum REDError: Error, CustomStringConvertible, Equatable {
    case invalidConfiguration(String)
    case unsupportedTarget(String)
    case nothingToCompress(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let m): return "red: invalid configuration: \(m)"
        case .unsupportedTarget(let m): return "red: \(m)"
        case .nothingToCompress(let m): return "red: \(m)"
        }
    }
}
