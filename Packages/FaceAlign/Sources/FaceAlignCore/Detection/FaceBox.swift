/// A detected face: an axis-aligned box in pixel-edge units of the input image
/// (the box covers x ..< x + width across, y ..< y + height down) and a score.
///
/// The score's scale depends on the detector; higher is more confident. For
/// `ViolaJonesDetector` it is the number of raw windows merged into the box, as
/// OpenCV's `groupRectangles` counts them.
public struct FaceBox: Sendable, Equatable, Hashable, Codable {
    public var x: Float
    public var y: Float
    public var width: Float
    public var height: Float
    public var score: Float

    public init(x: Float, y: Float, width: Float, height: Float, score: Float) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.score = score
    }

    public var area: Float { max(width, 0) * max(height, 0) }
    public var center: SIMD2<Float> { SIMD2(x + width / 2, y + height / 2) }

    /// Intersection over union of the two boxes (0 when either is empty).
    public func intersectionOverUnion(_ other: FaceBox) -> Float {
        let iw = min(x + width, other.x + other.width) - max(x, other.x)
        let ih = min(y + height, other.y + other.height) - max(y, other.y)
        guard iw > 0, ih > 0 else { return 0 }
        let inter = iw * ih
        let union = area + other.area - inter
        return union > 0 ? inter / union : 0
    }
}
