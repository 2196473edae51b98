import Geometry
import Tensor

/// Random geometric and photometric augmentation of a face and its landmarks, drawn from a seeded
/// generator: the same seed gives the same crop.
///
/// Geometry is applied in one resampling: the crop square around the face box is turned, scaled
/// and shifted, and optionally mirrored (landmark indices swap with `Shape.mirrored`, so index 36
/// stays the image-left outer eye corner). Then blur, noise and occluding patches; landmarks
/// under a patch get `occluded = true`.
///
/// ```swift
/// var rng = RandomGenerator(seed: 7)
/// let a = try LandmarkAugmentation().apply(image: x, shape: truth, box: box, size: 128, using: &rng)
/// // a.crop: [C, 128, 128]; a.shape: landmarks in crop pixels
/// ```
public struct LandmarkAugmentation: Sendable, Equatable {
    /// Rotation drawn uniformly in ±rotationDegrees.
    public var rotationDegrees: Float = 15
    /// Scale of the face in the crop, drawn uniformly (above 1 zooms in).
    public var scaleRange: ClosedRange<Float> = 0.9...1.1
    /// Shift of the crop centre, uniformly in ±translation × crop side, per axis.
    public var translation: Float = 0.05
    public var flipProbability: Float = 0.5
    public var blurProbability: Float = 0.2
    public var blurSigma: ClosedRange<Float> = 0.5...1.5
    public var noiseProbability: Float = 0.2
    public var noiseStd: ClosedRange<Float> = 0.01...0.04
    public var occlusionProbability: Float = 0.2
    /// Side of an occluding patch as a fraction of the crop side.
    public var occlusionSize: ClosedRange<Float> = 0.15...0.35
    /// Margin of the crop square around the face box (see `FaceCropTransform(box:size:margin:)`).
    public var margin: Float = 0.2

    public init() {}

    /// No randomness at all: the plain crop (for evaluation with the same code path).
    public static let none: LandmarkAugmentation = {
        var a = LandmarkAugmentation()
        a.rotationDegrees = 0; a.scaleRange = 1...1; a.translation = 0; a.flipProbability = 0
        a.blurProbability = 0; a.noiseProbability = 0; a.occlusionProbability = 0
        return a
    }()

    /// One augmented crop.
    public struct Result: Sendable {
        /// `[C, size, size]`.
        public var crop: Tensor
        /// The landmarks in crop coordinates, mirrored with the image when `flipped`.
        public var shape: Shape
        /// The geometric map of the crop, without the flip.
        public var transform: FaceCropTransform
        public var flipped: Bool

        /// Maps a shape predicted on this crop back to the original image: undoes the flip
        /// (coordinates and indices), then the crop map.
        public func toImage(_ predicted: Shape) -> Shape {
            transform.toImage(flipped ? predicted.mirrored(imageWidth: Float(transform.size)) : predicted)
        }
    }

    /// Augments `image` (`[C, H, W]`, values in 0...1) and `shape` (image coordinates) into a crop of
    /// `size` pixels around `box`.
    public func apply(image: Tensor, shape: Shape, box: FaceBox, size: Int,
                      using rng: inout RandomGenerator) throws -> Result {
        try validate()
        // Draw every random number in a fixed order, whether or not the step runs, so that changing
        // one probability does not shift the others' streams.
        let angle = rng.uniform(-rotationDegrees, rotationDegrees) * .pi / 180
        let zoom = rng.uniform(scaleRange.lowerBound, scaleRange.upperBound)
        let shift = SIMD2(rng.uniform(-translation, translation), rng.uniform(-translation, translation))
        let flip = rng.uniformFloat() < flipProbability
        let blur = rng.uniformFloat() < blurProbability, sigma = rng.uniform(blurSigma.lowerBound, blurSigma.upperBound)
        let noise = rng.uniformFloat() < noiseProbability, std = rng.uniform(noiseStd.lowerBound, noiseStd.upperBound)
        let occlude = rng.uniformFloat() < occlusionProbability
        var patchRNG = rng.fork()

        let side = max(box.width, box.height) * (1 + 2 * margin)
        let transform = try FaceCropTransform(center: box.center + shift * side, side: side / zoom, rotation: angle, size: size)
        var crop: Tensor
        var out = transform.toCrop(shape)
        if flip {
            // Mirror inside the same warp: x → size − x, one resampling for everything.
            let mirror = AffineTransform2D(a: -1, b: 0, c: 0, d: 1, tx: Double(size), ty: 0)
            crop = try transform.then(mirror).crop(image)
            out = out.mirrored(imageWidth: Float(size))
        } else {
            crop = try transform.crop(image)
        }
        if blur { try PhotometricOps.gaussianBlur(&crop, sigma: sigma) }
        if noise { try PhotometricOps.addGaussianNoise(&crop, std: std, using: &patchRNG) }
        if occlude { try addOcclusion(&crop, shape: &out, using: &patchRNG) }
        return Result(crop: crop, shape: out, transform: transform, flipped: flip)
    }

    /// A rectangle of random colour at a random place; marks the points it covers as occluded.
    func addOcclusion(_ crop: inout Tensor, shape: inout Shape, using rng: inout RandomGenerator) throws {
        let s = Float(crop.shape[crop.rank - 1]), channels = crop.rank == 3 ? crop.shape[0] : 1
        let w = s * rng.uniform(occlusionSize.lowerBound, occlusionSize.upperBound)
        let h = s * rng.uniform(occlusionSize.lowerBound, occlusionSize.upperBound)
        let x = rng.uniform(0, s - w), y = rng.uniform(0, s - h)
        let colour = (0..<channels).map { _ in rng.uniformFloat() }
        try PhotometricOps.fillRectangle(&crop, x: x, y: y, width: w, height: h, values: colour)
        var occluded = shape.occluded ?? [Bool](repeating: false, count: shape.count)
        for (i, p) in shape.points.enumerated() where p.x >= x && p.x < x + w && p.y >= y && p.y < y + h {
            occluded[i] = true
        }
        shape.occluded = occluded
    }

    func validate() throws {
        func bad(_ m: String) -> FaceAlignError { .invalidArgument(op: "LandmarkAugmentation", message: m) }
        guard rotationDegrees.isFinite, rotationDegrees >= 0 else { throw bad("rotationDegrees must be ≥ 0, got \(rotationDegrees)") }
        guard scaleRange.lowerBound > 0, scaleRange.upperBound.isFinite else { throw bad("scaleRange must be positive, got \(scaleRange)") }
        guard translation.isFinite, translation >= 0 else { throw bad("translation must be ≥ 0, got \(translation)") }
        for (name, p) in [("flip", flipProbability), ("blur", blurProbability), ("noise", noiseProbability),
                          ("occlusion", occlusionProbability)] where !(0...1).contains(p) {
            throw bad("the \(name) probability must be in 0...1, got \(p)")
        }
        guard blurSigma.lowerBound >= 0, blurSigma.upperBound <= 20 else { throw bad("blurSigma must be in 0...20, got \(blurSigma)") }
        guard noiseStd.lowerBound >= 0, noiseStd.upperBound <= 1 else { throw bad("noiseStd must be in 0...1, got \(noiseStd)") }
        guard occlusionSize.lowerBound > 0, occlusionSize.upperBound < 1 else {
            throw bad("occlusionSize must be a fraction in (0, 1), got \(occlusionSize)")
        }
    }
}
