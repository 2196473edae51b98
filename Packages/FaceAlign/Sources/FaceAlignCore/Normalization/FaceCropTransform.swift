import Geometry
import Imaging
import Tensor

/// The map from an image to a square face crop of `size` x `size` pixels, and back.
///
/// Both sides use the shape convention (pixel (i, j) centred at (j + 0.5, i + 0.5)), so
/// `toCrop` / `toImage` move landmarks and `crop` resamples pixels with the same map: a point on
/// a feature in the image lands on that feature in the crop, and a prediction on the crop maps
/// back onto the image with `toImage`.
///
/// ```swift
/// let t = try FaceCropTransform(box: detection, size: 128, margin: 0.2)
/// let input = try t.crop(image.chwTensor())          // [C, 128, 128]
/// let shape = t.toImage(try detector.predict(input, initialShape: nil).shape)
/// ```
public struct FaceCropTransform: Sendable, Equatable {
    /// Side of the crop in pixels.
    public let size: Int
    /// Image coordinates → crop coordinates.
    public let imageToCrop: AffineTransform2D
    /// Crop coordinates → image coordinates (the inverse of `imageToCrop`).
    public let cropToImage: AffineTransform2D

    /// A crop given by any invertible affine map; throws when it is singular or `size` < 1.
    public init(imageToCrop: AffineTransform2D, size: Int) throws {
        guard size >= 1 else {
            throw FaceAlignError.invalidArgument(op: "FaceCropTransform", message: "the crop size must be at least 1, got \(size)")
        }
        do {
            cropToImage = try imageToCrop.inverted()
        } catch {
            throw FaceAlignError.invalidArgument(op: "FaceCropTransform", message: "the crop map has no inverse (\(error)); "
                                                 + "check the face box and the augmentation's scale")
        }
        self.imageToCrop = imageToCrop
        self.size = size
    }

    /// A square of side `side` centred at `center`, turned by `rotation` radians (clockwise on
    /// screen), scaled to `size` pixels.
    public init(center: SIMD2<Float>, side: Float, rotation: Float = 0, size: Int) throws {
        guard side.isFinite, side > 0, center.x.isFinite, center.y.isFinite, rotation.isFinite else {
            throw FaceAlignError.invalidArgument(op: "FaceCropTransform", message: "the crop square needs a finite centre and a "
                                                 + "positive side, got centre \(center), side \(side)")
        }
        // Turning the crop window by +θ in the image turns the image content by −θ in the crop.
        let s = Double(size) / Double(side)
        let toOrigin = SimilarityTransform2D(translation: -Point2(center))
        let turnAndScale = SimilarityTransform2D(scale: s, rotation: -Double(rotation))
        let toCrop = SimilarityTransform2D(translation: Point2(repeating: Double(size) / 2))
        try self.init(imageToCrop: toOrigin.then(turnAndScale).then(toCrop).affine, size: size)
    }

    /// The square around `box` (side max(width, height)), grown by `margin` of the side on every
    /// edge, scaled to `size` pixels.
    public init(box: FaceBox, size: Int, margin: Float = 0.2) throws {
        guard margin.isFinite, margin > -0.5 else {
            throw FaceAlignError.invalidArgument(op: "FaceCropTransform", message: "margin must be finite and above −0.5, got \(margin)")
        }
        try self.init(center: box.center, side: max(box.width, box.height) * (1 + 2 * margin), size: size)
    }

    /// Pixels of the crop per image pixel (the geometric mean over both axes).
    public var scale: Double { abs(imageToCrop.determinant).squareRoot() }

    public func toCrop(_ p: SIMD2<Float>) -> SIMD2<Float> { imageToCrop.apply(p) }
    public func toImage(_ p: SIMD2<Float>) -> SIMD2<Float> { cropToImage.apply(p) }

    /// The shape in crop coordinates (labels and indices unchanged).
    public func toCrop(_ shape: Shape) -> Shape {
        var out = shape
        out.points = shape.points.map(imageToCrop.apply)
        return out
    }

    /// A shape predicted on the crop, in image coordinates.
    public func toImage(_ shape: Shape) -> Shape {
        var out = shape
        out.points = shape.points.map(cropToImage.apply)
        return out
    }

    /// This crop followed by `next` (a map of the crop onto a new crop of `size` pixels).
    public func then(_ next: AffineTransform2D, size: Int? = nil) throws -> FaceCropTransform {
        try FaceCropTransform(imageToCrop: imageToCrop.then(next), size: size ?? self.size)
    }

    /// The warp matrix for `ImageOps.warpAffine`: output pixel index → input pixel index. Indices
    /// sit 0.5 below shape coordinates, hence the half-pixel shifts on both sides.
    public var warpMatrix: [Double] {
        let half = AffineTransform2D(a: 1, b: 0, c: 0, d: 1, tx: 0.5, ty: 0.5)
        let back = AffineTransform2D(a: 1, b: 0, c: 0, d: 1, tx: -0.5, ty: -0.5)
        return half.then(cropToImage).then(back).matrix2x3
    }

    /// Resamples `image` (`[C, H, W]` or `[H, W]`, any value range) into the crop, bilinearly;
    /// outside the image reads `fill`. When the crop shrinks the face by more than 2x the image is
    /// first reduced by area averaging, so small crops of large photos do not alias.
    public func crop(_ image: Tensor, fill: Float = 0) throws -> Tensor {
        guard image.rank == 2 || image.rank == 3 else {
            throw FaceAlignError.invalidArgument(op: "FaceCropTransform.crop", message: "expects a [C, H, W] or [H, W] image, "
                                                 + "got shape \(image.shape)")
        }
        let h = image.shape[image.rank - 2], w = image.shape[image.rank - 1]
        let shrink = scale
        if shrink < 0.5, h > 1, w > 1 {
            // Reduce to about twice the crop's sampling density, then warp with the rescaled map
            // (shape coordinates scale exactly by the size ratio).
            let nh = max(1, Int((Double(h) * shrink * 2).rounded())), nw = max(1, Int((Double(w) * shrink * 2).rounded()))
            let reduced = try ImageOps.resize(image, height: nh, width: nw, method: .area)
            let rescale = AffineTransform2D(a: Double(nw) / Double(w), b: 0, c: 0, d: Double(nh) / Double(h), tx: 0, ty: 0)
            let onReduced = try FaceCropTransform(imageToCrop: imageToCrop * (try rescale.inverted()), size: size)
            return try ImageOps.warpAffine(reduced, matrix: onReduced.warpMatrix, height: size, width: size, fill: fill)
        }
        return try ImageOps.warpAffine(image, matrix: warpMatrix, height: size, width: size, fill: fill)
    }

    /// Crops a stored image: `[C, size, size]` with values in 0...1.
    public func crop(_ image: PixelImage, fill: Float = 0) throws -> Tensor {
        try crop(image.chwTensor(), fill: fill)
    }
}
