import Tensor
import NN

/// A split of the synthetic world as an NN `Dataset`: input = the `[C, S, S]` image in 0...1,
/// target = the 68 landmarks as a `[68, 2]` tensor of (x, y), in pixels or, with
/// `normalizedTargets`, divided by the image size (so a network predicts values in ~0...1).
/// Samples are rendered on demand from (seed, index), so loader workers can draw any sample.
///
/// ```swift
/// let train = try SyntheticFaceDataset(config: .medium, seed: 1, count: 3000)
/// let loader = DataLoader(train, batchSize: 32, shuffle: true, seed: 0)
/// ```
public struct SyntheticFaceDataset: Dataset {
    public let world: SyntheticFaceWorld
    public let count: Int
    /// First world index of this split: disjoint splits of one world use disjoint ranges.
    public let offset: Int
    public let normalizedTargets: Bool

    public init(config: SyntheticFaceConfig = .medium, seed: UInt64, count: Int, offset: Int = 0,
                normalizedTargets: Bool = false) throws {
        guard count >= 0, offset >= 0 else {
            throw SyntheticFaceError.invalidConfig("count and offset must not be negative, got \(count) and \(offset)")
        }
        world = try SyntheticFaceWorld(config: config, seed: seed)
        self.count = count
        self.offset = offset
        self.normalizedTargets = normalizedTargets
    }

    /// The rendered sample with all its labels.
    public func syntheticSample(at index: Int) throws -> SyntheticFaceSample {
        guard index >= 0, index < count else { throw SyntheticFaceError.indexOutOfRange(index: index, count: count) }
        return world.sample(at: offset + index)
    }

    public func labels(at index: Int) throws -> SyntheticFaceLabels { try syntheticSample(at: index).labels }

    public func sample(at index: Int) throws -> Sample {
        let s = try syntheticSample(at: index)
        let scale: Float = normalizedTargets ? 1 / Float(world.config.imageSize) : 1
        var flat = [Float]()
        flat.reserveCapacity(136)
        for p in s.labels.landmarks { flat.append(p.x * scale); flat.append(p.y * scale) }
        return Sample(input: s.tensor, label: s.labels.emotion.index, target: try Tensor(shape: [68, 2], scalars: flat))
    }
}
