import AffectCore
import FaceAlignCore
import Foundation
import Tensor

/// T3's data (`thin.md`): expression crops of synthetic people, identity being the nuisance.
///
/// Each person (an identity of the world's pool, its shape factors pushed `morphology` times
/// further from the mean face: "strong identity morphology") is shown `perIdentity` times, the
/// seven basic emotions in turn (balanced classes) at intensity U[0.5, 1], under the world's
/// pose (yaw ±15°), lighting and camera draws. Crops come from the world's face box through
/// `ExpressionCrop`, as `facet expression predict` makes them from a detector's box.
/// Disjoint identity ranges make the splits: test people are never seen in training.
public struct SyntheticExpressionData: Sendable {
    public var worldSeed: UInt64 = 0
    public var cropSide = 48
    public var cropMargin: Float = 0.1
    public var perIdentity = 70
    /// How many times further from the mean face each identity's shape factors are placed.
    public var morphology: Float = 2
    /// Rendering size of the whole sample before cropping.
    public var imageSize = 64

    public init(worldSeed: UInt64 = 0) { self.worldSeed = worldSeed }

    /// Near-frontal, clean studio-like scenes: the `easy` preset, yaw ±15° as the spec's T3.
    var worldConfig: SyntheticFaceConfig {
        var c = SyntheticFaceConfig.easy
        c.imageSize = imageSize
        c.color = .gray
        c.yawRange = 15
        return c
    }

    /// Crops of identities `ids`: nuisance = the person's 11 shape parameters (scaled to about
    /// unit spread), nuisance classes = ids relative to the range's start (E's labels).
    func split(identities ids: Range<Int>) throws -> NuisanceSplit {
        guard !ids.isEmpty, perIdentity > 0, cropSide >= 8 else {
            throw THINError.invalidConfiguration("synthetic expressions need identities, ≥ 1 image each and crops ≥ 8 px, got \(ids), \(perIdentity), \(cropSide)")
        }
        let world = try SyntheticFaceWorld(config: worldConfig, seed: worldSeed)
        let emotions = BasicEmotion.allCases
        var crops: [Tensor] = [], labels: [Int] = [], classes: [Int] = [], nuisance: [Float] = []
        for id in ids {
            let identity = Self.amplified(SyntheticFaceWorld.identity(id, poolSeed: worldSeed), by: morphology)
            for j in 0..<perIdentity {
                let index = id * perIdentity + j
                var scene = world.scene(at: index)
                var rng = RandomGenerator(seed: worldSeed &* 1_000_003 &+ UInt64(index))
                scene.identityID = id
                scene.identity = identity
                scene.expression = FaceExpression.of(emotions[j % emotions.count], intensity: rng.uniform(0.5, 1),
                                                     variation: worldConfig.expressionVariation, using: &rng)
                let sample = world.render(scene, index: index)
                let gray = try FaceAnalysisPipeline.tensor(sample.image, channels: 1)
                crops.append(try ExpressionCrop.make(gray, box: sample.labels.faceBox, size: cropSide, margin: cropMargin))
                labels.append(j % emotions.count)
                classes.append(id - ids.lowerBound)
                nuisance += Self.shapeParameters(identity, morphology: morphology)
            }
        }
        return NuisanceSplit(x: try Tensor.stack(crops, alongAxis: 0), y: labels,
                             nuisance: try Tensor(shape: [labels.count, 11], scalars: nuisance), nuisanceClasses: classes)
    }

    /// Shape factors moved `k` times further from 1 (clipped to stay drawable); blends unchanged.
    static func amplified(_ id: FaceIdentity, by k: Float) -> FaceIdentity {
        var a = id
        func push(_ f: Float) -> Float { max(0.55, min(1.45, 1 + k * (f - 1))) }
        a.faceWidth = push(id.faceWidth); a.faceHeight = push(id.faceHeight)
        a.eyeSpacing = push(id.eyeSpacing); a.eyeSize = push(id.eyeSize)
        a.noseLength = push(id.noseLength); a.noseWidth = push(id.noseWidth)
        a.mouthWidth = push(id.mouthWidth); a.lipThickness = push(id.lipThickness)
        a.browHeight = push(id.browHeight)
        return a
    }

    /// The identity's shape as 11 numbers of about unit spread (factors: (f − 1) / (0.08 k);
    /// blends: (b − 0.5) / 0.29).
    static func shapeParameters(_ id: FaceIdentity, morphology k: Float) -> [Float] {
        let factors = [id.faceWidth, id.faceHeight, id.eyeSpacing, id.eyeSize, id.noseLength, id.noseWidth,
                       id.mouthWidth, id.lipThickness, id.browHeight]
        return factors.map { ($0 - 1) / (0.08 * k) } + [(id.jawRoundness - 0.5) / 0.29, (id.browArch - 0.5) / 0.29]
    }
}
