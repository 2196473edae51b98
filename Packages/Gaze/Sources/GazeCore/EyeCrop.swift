#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FaceAlignCore
import Imaging
import Tensor

/// A normalised eye crop cut from an image, and the map back to that image.
///
/// The framing is the synthetic eye renderer's (`SyntheticFaceWorld.eyeSample`): centred on the
/// mean of the eye's six landmarks, `width` pixels spanning twice the corner-to-corner distance,
/// so a gaze model trained on rendered eyes sees real eyes at the same scale. The crop is turned
/// by the head's roll (or, without a pose, by the corner line) so the eye sits level.
public struct EyeCrop: Sendable {
    /// `[1, height, width]` gray values in 0...1.
    public var pixels: Tensor
    /// 0 = the image-left eye (iBUG landmarks 36-41), 1 = the image-right eye (42-47).
    public var eye: Int
    /// The head pose the crop was levelled with, when known.
    public var headPose: HeadPose?
    /// The square crop (side = `width`) whose middle `height` rows are this crop.
    let square: FaceCropTransform
    let rowOffset: Float

    public var width: Int { pixels.shape[2] }
    public var height: Int { pixels.shape[1] }

    /// A crop point (shape convention: pixel (i, j) centred at (j + 0.5, i + 0.5)) in the image.
    public func toImage(_ p: SIMD2<Float>) -> SIMD2<Float> { square.toImage(p + SIMD2(0, rowOffset)) }

    /// An image point in the crop.
    public func toCrop(_ p: SIMD2<Float>) -> SIMD2<Float> { square.toCrop(p) - SIMD2(0, rowOffset) }

    /// Image pixels per crop pixel.
    public var imagePixelsPerCropPixel: Float { Float(1 / square.scale) }
}

/// Cuts normalised eye crops out of images (see `EyeCrop` for the framing).
///
/// ```swift
/// let eyes = try EyeCropNormalizer().crops(image: pixels, landmarks: face.landmarks, headPose: face.pose)
/// let estimate = try estimator.estimate(eyes[0].pixels.reshaped([1] + estimator.inputShape))
/// ```
public struct EyeCropNormalizer: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// The crop's width over the eye's corner-to-corner distance (the renderer's 2).
    public var spanFactor: Float

    public init(width: Int = 60, height: Int = 36, spanFactor: Float = 2) {
        self.width = width
        self.height = height
        self.spanFactor = spanFactor
    }

    /// The landmark indices of eye `eye` in the iBUG 68 scheme, outer corner first as the
    /// renderer labels them (0: 36-41, 1: 42-47).
    public static func ibugIndices(eye: Int) -> [Int] { eye == 0 ? Array(36...41) : Array(42...47) }

    /// Crops one eye given its six landmarks (image pixels, iBUG order: corner, two upper-lid
    /// points, corner, two lower-lid points). `image` is `[C, H, W]` (C = 1 or 3) or `[H, W]`.
    public func crop(image: Tensor, eyeLandmarks points: [SIMD2<Float>], headPose: HeadPose? = nil, eye: Int) throws -> EyeCrop {
        guard width >= 8, height >= 8, height <= width, spanFactor.isFinite, spanFactor > 0 else {
            throw GazeError.invalidArgument("eye crops need 8 ≤ height ≤ width and a positive span factor, got \(width)x\(height), \(spanFactor)")
        }
        guard points.count == 6, points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
            throw GazeError.invalidArgument("an eye crop needs the eye's 6 finite landmarks (iBUG order), got \(points.count): \(points)")
        }
        guard eye == 0 || eye == 1 else { throw GazeError.invalidArgument("eye must be 0 (image-left) or 1 (image-right), got \(eye)") }
        let gray = try Self.gray(image)
        let corner = points[3] - points[0]
        let span = (corner * corner).sum().squareRoot()
        guard span >= 1 else {
            throw GazeError.invalidArgument("the eye's corners are \(span) px apart; an eye crop needs them at least 1 px apart")
        }
        let centre = points.reduce(SIMD2<Float>.zero, +) / 6
        // Level the eye by the head's roll; without a pose, by its corner line (the left eye's
        // corners run 36 → 39 left to right, the right eye's 42 → 45 as well).
        let roll: Float
        if let headPose, headPose.roll.isFinite { roll = headPose.roll * .pi / 180 } else { roll = atan2f(corner.y, corner.x) }
        let square = try FaceCropTransform(center: centre, side: span * spanFactor, rotation: roll, size: width)
        let top = (width - height) / 2
        let full = try square.crop(gray)
        let pixels = try full.slice(alongAxis: 1, top..<(top + height))
        return EyeCrop(pixels: pixels, eye: eye, headPose: headPose, square: square, rowOffset: Float(top))
    }

    /// Both eyes of a face with iBUG 68 landmarks (image pixels), image-left eye first.
    public func crops(image: Tensor, landmarks: Shape, headPose: HeadPose? = nil) throws -> [EyeCrop] {
        guard landmarks.scheme == .ibug68 else {
            throw GazeError.invalidArgument("eye crops from a face need its 68 iBUG landmarks, got \(landmarks.count) points (\(landmarks.scheme.name))")
        }
        return try (0..<2).map { eye in
            try crop(image: image, eyeLandmarks: Self.ibugIndices(eye: eye).map { landmarks.points[$0] }, headPose: headPose, eye: eye)
        }
    }

    /// `[1, H, W]` luma from `[1 or 3, H, W]` or `[H, W]`; throws for other shapes or non-finite values.
    static func gray(_ image: Tensor) throws -> Tensor {
        let g: Tensor
        switch (image.rank, image.shape.first) {
        case (2, _): g = try image.reshaped([1] + image.shape)
        case (3, 1): g = image
        case (3, 3): g = try ImageOps.rgbToGray(image)
        default:
            throw GazeError.invalidArgument("eye crops read a [1 or 3, H, W] or [H, W] image, got shape \(image.shape)")
        }
        guard g.shape[1] >= 2, g.shape[2] >= 2 else {
            throw GazeError.invalidArgument("the image is \(g.shape[2])x\(g.shape[1]) pixels; eye crops need at least 2x2")
        }
        let finite = g.withUnsafeBufferPointer { b in b.allSatisfy { $0.isFinite } }
        guard finite else { throw GazeError.invalidArgument("the image holds NaN or infinite values; decode it again or clean it first") }
        return g
    }
}
