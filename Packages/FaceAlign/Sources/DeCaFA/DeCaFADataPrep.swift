import FaceAlignCore
import Foundation
import NN
import Tensor

/// Photometric jitter that goes with the geometric `LandmarkAugmentation` (spec §3.8):
/// brightness, contrast and gamma, applied to the crop in 0...1 before standardisation.
public struct PhotometricJitter: Sendable, Equatable {
    public var brightness: Float = 0.15
    public var contrast: ClosedRange<Float> = 0.6...1.4
    public var gamma: ClosedRange<Float> = 0.6...1.6
    /// Probability of an inverted-polarity-free random gradient of light across the crop.
    public var gradientProbability: Float = 0.3

    public init() {}
    public static let none: PhotometricJitter = {
        var p = PhotometricJitter()
        p.brightness = 0; p.contrast = 1...1; p.gamma = 1...1; p.gradientProbability = 0
        return p
    }()

    func apply(_ x: inout Tensor, using rng: inout RandomGenerator) {
        let b = rng.uniform(-brightness, brightness)
        let c = rng.uniform(contrast.lowerBound, contrast.upperBound)
        let g = rng.uniform(gamma.lowerBound, gamma.upperBound)
        let gradient = rng.uniformFloat() < gradientProbability
        let angle = rng.uniform(0, 2 * .pi), strength = rng.uniform(0, 0.35)
        let h = x.shape[x.rank - 2], w = x.shape[x.rank - 1]
        let (dx, dy) = (cosf(angle) * strength / Float(w), sinf(angle) * strength / Float(h))
        x.withUnsafeMutableBufferPointer { p in
            let plane = h * w
            for i in 0..<p.count {
                let u = i % plane
                var v = powf(min(max(p[i], 0), 1), g)
                v = (v - 0.5) * c + 0.5 + b
                if gradient { v += (Float(u % w) - Float(w) / 2) * dx + (Float(u / w) - Float(h) / 2) * dy }
                p[i] = v
            }
        }
    }
}

/// Turns a `DeCaFAFaceSet` sample into what the network trains on: the (augmented) crop,
/// standardised, and per-task targets `[ΣK_m, 3]` of (x, y, present) in crop pixels.
public struct DeCaFADataPrep: Sendable {
    public let config: DeCaFAConfig
    public var geometry: LandmarkAugmentation
    public var photometric: PhotometricJitter

    public init(config: DeCaFAConfig, geometry: LandmarkAugmentation, photometric: PhotometricJitter) {
        self.config = config
        var g = geometry
        g.margin = config.cropMargin
        self.geometry = g
        self.photometric = photometric
    }

    /// Training augmentation: spec §3.8 (rotation ±10°, scale ±5 %, flips with the mirror
    /// permutation, occluders p = 0.2), widened where domain transfer needs it (scale ±12 % and
    /// shifts of 5 % of the crop: detector boxes differ from the world's).
    public static func training(_ config: DeCaFAConfig) -> DeCaFADataPrep {
        var g = LandmarkAugmentation()
        g.rotationDegrees = 12
        g.scaleRange = 0.88...1.12
        g.translation = 0.05
        g.flipProbability = 0.5
        g.blurProbability = 0.25
        g.noiseProbability = 0.3
        g.occlusionProbability = 0.2
        return DeCaFADataPrep(config: config, geometry: g, photometric: PhotometricJitter())
    }

    /// The plain crop: evaluation.
    public static func evaluation(_ config: DeCaFAConfig) -> DeCaFADataPrep {
        DeCaFADataPrep(config: config, geometry: .none, photometric: .none)
    }

    /// As a `DataLoader` augmentation.
    public var augmentation: Augmentation {
        let prep = self
        return { sample, rng in sample = try prep.prepare(sample, using: &rng) }
    }

    public func prepare(_ sample: Sample, using rng: inout RandomGenerator) throws -> Sample {
        guard let t = sample.target, t.count == 141 else {
            throw FaceAlignError.invalidArgument(op: "DeCaFADataPrep", message: "expects DeCaFAFaceSet samples")
        }
        let v = t.scalars
        let shape = Shape(points: (0..<68).map { SIMD2(v[2 * $0], v[2 * $0 + 1]) }, scheme: .ibug68)
        let box = FaceBox(x: v[136], y: v[137], width: v[138], height: v[139], score: 1)
        let fine = v[140] > 0.5
        let a = try geometry.apply(image: sample.input, shape: shape, box: box, size: config.inputSize, using: &rng)
        var crop = a.crop
        if crop.shape[0] != config.inputChannels {
            crop = config.inputChannels == 1 ? try crop.mean(alongAxes: [0], keepingDimensions: true)
                : try Tensor.concatenate([crop, crop, crop], alongAxis: 0)
        }
        photometric.apply(&crop, using: &rng)
        DeCaFANetwork.standardize(&crop)
        let tasks = config.tasks
        var target = [Float]()
        for (m, task) in tasks.enumerated() {
            let present: Float = fine || m < tasks.count - 1 ? 1 : 0
            for p in try task.derive(fromAnnotation: a.shape).points { target += [p.x, p.y, present] }
        }
        return Sample(input: crop, target: try Tensor(shape: [target.count / 3, 3], scalars: target))
    }
}
