import Foundation
import Tensor

/// The FACS action units the synthetic world models: each one moves the landmarks it moves on
/// a real face (see `FaceModel3D.applyExpression`).
public enum ActionUnit: Int, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case innerBrowRaiser = 1, outerBrowRaiser = 2, browLowerer = 4, upperLidRaiser = 5, cheekRaiser = 6
    case lidTightener = 7, noseWrinkler = 9, lipCornerPuller = 12, lipCornerDepressor = 15
    case lowerLipDepressor = 16, chinRaiser = 17, lipStretcher = 20, lipTightener = 23, lipsPart = 25
    case jawDrop = 26, eyesClosed = 43

    public var description: String { "AU\(rawValue)" }

    /// The position of this unit in `ActionUnitIntensities.values`.
    public var slot: Int { ActionUnit.allCases.firstIndex(of: self)! }
}

/// Intensities in [0, 1] of the modelled action units, in `ActionUnit.allCases` order.
public struct ActionUnitIntensities: Sendable, Equatable, Codable {
    public private(set) var values: [Float]

    public init() { values = [Float](repeating: 0, count: ActionUnit.allCases.count) }

    public init(_ pairs: [ActionUnit: Float]) {
        self.init()
        for (au, v) in pairs { self[au] = v }
    }

    /// Values are clamped to [0, 1].
    public subscript(_ au: ActionUnit) -> Float {
        get { values[au.slot] }
        set { values[au.slot] = max(0, min(1, newValue)) }
    }

    /// FACS "occurrence": intensity at or above `threshold` (0.25 ≈ trace level A).
    public func occurrences(threshold: Float = 0.25) -> [Bool] { values.map { $0 >= threshold } }

    /// Element-wise maximum (combining a recipe with, e.g., a blink).
    public func union(_ other: ActionUnitIntensities) -> ActionUnitIntensities {
        var out = self
        for i in values.indices { out.values[i] = max(values[i], other.values[i]) }
        return out
    }

    public func scaled(_ factor: Float) -> ActionUnitIntensities {
        var out = self
        for i in values.indices { out.values[i] = max(0, min(1, values[i] * factor)) }
        return out
    }
}

/// The basic emotions as AU recipes (prototypes after Ekman & Friesen's EMFACS).
public enum BasicEmotion: String, Sendable, Codable, CaseIterable {
    case neutral, happiness, surprise, sadness, anger, fear, disgust

    /// Class index for classifiers (`allCases` order).
    public var index: Int { BasicEmotion.allCases.firstIndex(of: self)! }

    /// The AUs of the prototype at full intensity.
    public var recipe: [ActionUnit: Float] {
        switch self {
        case .neutral: return [:]
        case .happiness: return [.cheekRaiser: 0.8, .lipCornerPuller: 1, .lipsPart: 0.35]
        case .surprise: return [.innerBrowRaiser: 0.9, .outerBrowRaiser: 0.9, .upperLidRaiser: 0.8, .jawDrop: 0.8, .lipsPart: 0.8]
        case .sadness: return [.innerBrowRaiser: 0.9, .browLowerer: 0.5, .lipCornerDepressor: 0.9, .chinRaiser: 0.4]
        case .anger: return [.browLowerer: 1, .upperLidRaiser: 0.5, .lidTightener: 0.8, .lipTightener: 0.9]
        case .fear: return [.innerBrowRaiser: 0.8, .outerBrowRaiser: 0.6, .browLowerer: 0.6, .upperLidRaiser: 0.9,
                            .lipStretcher: 0.9, .jawDrop: 0.5, .lipsPart: 0.7]
        case .disgust: return [.noseWrinkler: 1, .lipCornerDepressor: 0.5, .lowerLipDepressor: 0.6, .lipsPart: 0.4]
        }
    }

    /// Valence and arousal in [-1, 1] of the prototype at full intensity (circumplex model).
    public var valenceArousal: (valence: Float, arousal: Float) {
        switch self {
        case .neutral: return (0, 0)
        case .happiness: return (0.8, 0.45)
        case .surprise: return (0.15, 0.85)
        case .sadness: return (-0.7, -0.4)
        case .anger: return (-0.65, 0.75)
        case .fear: return (-0.75, 0.8)
        case .disgust: return (-0.7, 0.35)
        }
    }
}

/// A facial expression: AU intensities plus the emotion they were drawn from and its affect.
public struct FaceExpression: Sendable, Equatable, Codable {
    public var actionUnits: ActionUnitIntensities
    public var emotion: BasicEmotion
    /// Overall strength of the emotion in [0, 1] (0 = neutral face).
    public var intensity: Float
    public var valence: Float
    public var arousal: Float

    public init(actionUnits: ActionUnitIntensities = ActionUnitIntensities(), emotion: BasicEmotion = .neutral,
                intensity: Float = 0, valence: Float = 0, arousal: Float = 0) {
        self.actionUnits = actionUnits
        self.emotion = emotion
        self.intensity = intensity
        self.valence = valence
        self.arousal = arousal
    }

    public static let neutral = FaceExpression()

    /// The prototype of `emotion` at `intensity`, with per-person variation: each AU of the
    /// recipe is scaled by a factor around 1 (sd `variation`) and, with `variation` > 0, one
    /// unrelated AU may appear weakly. Valence/arousal follow the prototype, scaled by intensity.
    public static func of(_ emotion: BasicEmotion, intensity: Float, variation: Float = 0.2,
                          using rng: inout RandomGenerator) -> FaceExpression {
        var aus = ActionUnitIntensities()
        for au in ActionUnit.allCases {  // fixed order: the draw sequence must not depend on dictionary order
            guard let v = emotion.recipe[au] else { continue }
            aus[au] = v * intensity * (1 + variation * rng.normalFloat())
        }
        if variation > 0, rng.uniformFloat() < 0.3 {
            let extra = ActionUnit.allCases[rng.integer(in: 0..<ActionUnit.allCases.count)]
            if extra != .eyesClosed { aus[extra] = max(aus[extra], rng.uniform(0, 0.25)) }
        }
        let (v, a) = emotion.valenceArousal
        let noise = variation * 0.25
        return FaceExpression(actionUnits: aus, emotion: emotion, intensity: emotion == .neutral ? 0 : intensity,
                              valence: max(-1, min(1, v * intensity + noise * rng.normalFloat())),
                              arousal: max(-1, min(1, a * intensity + noise * rng.normalFloat())))
    }
}

/// Where the eyes look, relative to the head, in degrees: yaw positive towards the image right
/// of a frontal face, pitch positive upwards (the `HeadPose` convention).
public struct GazeDirection: Sendable, Equatable, Codable {
    public var yaw: Float
    public var pitch: Float

    public init(yaw: Float, pitch: Float) {
        self.yaw = yaw
        self.pitch = pitch
    }

    public static let ahead = GazeDirection(yaw: 0, pitch: 0)

    /// Unit vector in the head's frame (x right, y down, z away from the viewer): looking
    /// ahead is (0, 0, −1).
    public var headVector: SIMD3<Float> {
        let (a, b) = (yaw * .pi / 180, pitch * .pi / 180)
        return SIMD3(sinf(a) * cosf(b), -sinf(b), -cosf(a) * cosf(b))
    }
}
