import Foundation
import Imaging
import Tensor

/// Where a frame of an expression video is: before, rising, at its peak, fading, after.
public enum ExpressionPhase: String, Sendable, Codable, CaseIterable {
    case neutral, onset, apex, offset
}

public struct SyntheticSequenceFrame: Sendable {
    public var image: PixelImage
    public var labels: SyntheticFaceLabels
    public var phase: ExpressionPhase
    /// Fraction of the apex intensity shown in this frame, 0...1.
    public var expressionLevel: Float
}

/// A short video: one person's expression rising from neutral to apex and back, with slow head
/// motion and blinks; every frame labelled.
public struct SyntheticSequence: Sendable {
    public var emotion: BasicEmotion
    public var identityID: Int
    public var frames: [SyntheticSequenceFrame]
}

extension SyntheticFaceWorld {
    /// Sequence `index` with `frameCount` frames: 10% neutral, 25% onset, 30% apex, 25% offset,
    /// 10% neutral. The head drifts by up to 10° and sways by 2°; blinks last three frames. The
    /// background and camera noise pattern stay fixed within the sequence, as from one camera.
    public func sequence(at index: Int, frameCount: Int = 30) throws -> SyntheticSequence {
        guard frameCount >= 5 else { throw SyntheticFaceError.invalidConfig("a sequence needs at least 5 frames, got \(frameCount)") }
        var rng = RandomGenerator(seed: SyntheticFaceWorld.derive(seed, 2, UInt64(bitPattern: Int64(index))))
        var base = scene(at: index)
        let emotions = BasicEmotion.allCases.filter { $0 != .neutral }
        let emotion = emotions[rng.integer(in: 0..<emotions.count)]
        let lo = config.expressionIntensity.lowerBound, hi = config.expressionIntensity.upperBound
        let apex = FaceExpression.of(emotion, intensity: rng.uniform(max(lo, 0.5), max(hi, 0.5)),
                                     variation: config.expressionVariation, using: &rng)
        let drift = HeadPose(yaw: rng.uniform(-10, 10), pitch: rng.uniform(-5, 5), roll: rng.uniform(-5, 5))
        let swayPhase = rng.uniform(0, 2 * .pi)
        var blinkStarts: Set<Int> = []
        var f = rng.integer(in: 0..<max(1, frameCount / 2))
        while f < frameCount {
            blinkStarts.insert(f)
            f += 12 + rng.integer(in: 0..<30)
        }
        let start = base.pose
        base.expression = .neutral
        var frames: [SyntheticSequenceFrame] = []
        for k in 0..<frameCount {
            let t = Float(k) / Float(frameCount - 1)
            let (phase, level): (ExpressionPhase, Float)
            switch t {
            case ..<0.1: (phase, level) = (.neutral, 0)
            case ..<0.35: (phase, level) = (.onset, smooth((t - 0.1) / 0.25))
            case ..<0.65: (phase, level) = (.apex, 1)
            case ..<0.9: (phase, level) = (.offset, 1 - smooth((t - 0.65) / 0.25))
            default: (phase, level) = (.neutral, 0)
            }
            var s = base
            var aus = apex.actionUnits.scaled(level)
            for b in blinkStarts where k >= b && k < b + 3 {
                aus[.eyesClosed] = max(aus[.eyesClosed], k == b + 1 ? 1 : 0.55)
            }
            s.expression = FaceExpression(actionUnits: aus, emotion: level > 0 ? emotion : .neutral, intensity: apex.intensity * level,
                                          valence: apex.valence * level, arousal: apex.arousal * level)
            let sway = 2 * sinf(2 * .pi * t + swayPhase)
            s.pose = HeadPose(yaw: clampPose(start.yaw + drift.yaw * t + sway, 90), pitch: clampPose(start.pitch + drift.pitch * t, 45),
                              roll: clampPose(start.roll + drift.roll * t + 0.5 * sway, 45))
            let sample = render(s, index: k)
            frames.append(SyntheticSequenceFrame(image: sample.image, labels: sample.labels, phase: phase, expressionLevel: level))
        }
        return SyntheticSequence(emotion: emotion, identityID: base.identityID, frames: frames)
    }
}

func clampPose(_ v: Float, _ limit: Float) -> Float { max(-limit, min(limit, v)) }
