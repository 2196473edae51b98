/// The difficulty knobs of the synthetic face world. Presets: `.easy` (near-frontal, mild
/// expressions, clean), `.hard` (large pose, strong expressions, occluders, clutter, noise),
/// `.medium` in between.
public struct SyntheticFaceConfig: Sendable, Equatable, Codable {
    public enum ColorMode: String, Sendable, Codable { case gray, rgb }

    /// Output crops are `imageSize` x `imageSize` pixels.
    public var imageSize: Int = 64
    public var color: ColorMode = .gray
    /// Poses are drawn uniformly in ±range (degrees).
    public var yawRange: Float = 30
    public var pitchRange: Float = 15
    public var rollRange: Float = 15
    /// Probability that a face shows one of the six basic emotions (else neutral).
    public var expressionProbability: Float = 0.7
    /// Emotion intensity is uniform in this range.
    public var expressionIntensity: ClosedRange<Float> = 0.3...1
    /// Per-person variation of the AU recipe (relative sd).
    public var expressionVariation: Float = 0.2
    public var blinkProbability: Float = 0.05
    /// Gaze yaw and pitch uniform in ±range (degrees), relative to the head.
    public var gazeRange: Float = 25
    /// Probability of at least one occluder, and the most per face.
    public var occlusionProbability: Float = 0.2
    public var maxOccluders: Int = 1
    /// Background clutter, 0 (plain gradient) ... 1 (busy).
    public var clutter: Float = 0.5
    /// Sensor noise sd (0...1 intensity scale) is uniform in [0, maxNoise].
    public var maxNoise: Float = 0.03
    /// Blur sigma in output pixels, uniform in [0, maxBlur].
    public var maxBlur: Float = 0.6
    public var jpegProbability: Float = 0.2
    /// Contrast and brightness jitter (relative).
    public var exposureJitter: Float = 0.2
    /// 0 = always the studio light, 1 = any direction, dim to bright.
    public var lightingVariation: Float = 0.6
    /// The landmarks' box spans this fraction of the crop side.
    public var faceScale: ClosedRange<Float> = 0.5...0.65
    /// Face centre offset, as a fraction of the crop side.
    public var centerJitter: Float = 0.05
    /// Detector box jitter: shift and size error, as fractions of the box side.
    public var boxJitter: Float = 0.05
    /// Identities are drawn from a pool of this many people (ids 0..<identityCount).
    public var identityCount: Int = 5000
    /// Seed of the identity pool; nil uses the world's seed, so different seeds give different people.
    public var identitySeed: UInt64? = nil
    /// Samples per pixel along each axis; nil picks 2 up to 96 px, else 1.
    public var supersample: Int? = nil

    public init() {}

    public static let medium = SyntheticFaceConfig()

    public static let easy: SyntheticFaceConfig = {
        var c = SyntheticFaceConfig()
        c.yawRange = 15; c.pitchRange = 10; c.rollRange = 10
        c.expressionProbability = 0.5; c.expressionIntensity = 0.2...0.6
        c.occlusionProbability = 0; c.maxOccluders = 0
        c.clutter = 0.2; c.maxNoise = 0.01; c.maxBlur = 0.3; c.jpegProbability = 0
        c.exposureJitter = 0.1; c.lightingVariation = 0.3
        return c
    }()

    public static let hard: SyntheticFaceConfig = {
        var c = SyntheticFaceConfig()
        c.yawRange = 75; c.pitchRange = 35; c.rollRange = 35
        c.expressionProbability = 0.9; c.expressionIntensity = 0.6...1
        c.occlusionProbability = 0.6; c.maxOccluders = 2
        c.clutter = 1; c.maxNoise = 0.07; c.maxBlur = 1.2; c.jpegProbability = 0.4
        c.exposureJitter = 0.35; c.lightingVariation = 1
        c.boxJitter = 0.1
        return c
    }()

    /// The preset named `easy`, `medium` or `hard`.
    public static func preset(named name: String) -> SyntheticFaceConfig? {
        switch name.lowercased() {
        case "easy": return .easy
        case "medium", "default": return .medium
        case "hard": return .hard
        default: return nil
        }
    }

    /// Throws when a knob is out of range, saying which and what is allowed.
    public func validate() throws {
        func fail(_ m: String) -> SyntheticFaceError { .invalidConfig(m) }
        guard (16...1024).contains(imageSize) else { throw fail("imageSize must be in 16...1024, got \(imageSize)") }
        guard (0...90).contains(yawRange) else { throw fail("yawRange must be in 0...90 degrees, got \(yawRange)") }
        guard (0...45).contains(pitchRange), (0...45).contains(rollRange) else {
            throw fail("pitchRange and rollRange must be in 0...45 degrees, got \(pitchRange) and \(rollRange)")
        }
        guard identityCount >= 1 else { throw fail("identityCount must be at least 1") }
        guard maxOccluders >= 0, maxNoise >= 0, maxBlur >= 0 else { throw fail("maxOccluders, maxNoise and maxBlur must not be negative") }
        guard faceScale.lowerBound > 0.05, faceScale.upperBound <= 1.5 else { throw fail("faceScale must lie in (0.05, 1.5], got \(faceScale)") }
        if let s = supersample, !(1...4).contains(s) { throw fail("supersample must be 1...4, got \(s)") }
    }
}

public enum SyntheticFaceError: Error, CustomStringConvertible, Equatable {
    case invalidConfig(String)
    case indexOutOfRange(index: Int, count: Int)
    case io(String)

    public var description: String {
        switch self {
        case .invalidConfig(let m): return "synthetic face config: \(m)"
        case .indexOutOfRange(let i, let n): return "sample index \(i) is outside 0..<\(n); ask for an index below the data set's count"
        case .io(let m): return m
        }
    }
}
