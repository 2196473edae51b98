/// The landmarks of one face in pixel coordinates (x right, y down; pixel (i, j) centred at
/// (j + 0.5, i + 0.5)), with the synthetic world's per-point labels when known.
public struct Shape: Sendable, Equatable {
    public var points: [SIMD2<Float>]
    public let scheme: LandmarkScheme
    /// False where the point is hidden by the face itself (self-occlusion); nil when unknown.
    public var visible: [Bool]?
    /// True where the point is hidden by an occluder (hand, object); nil when unknown.
    public var occluded: [Bool]?

    public init(points: [SIMD2<Float>], scheme: LandmarkScheme, visible: [Bool]? = nil, occluded: [Bool]? = nil) {
        precondition(points.count == scheme.count, "a \(scheme.name) shape needs \(scheme.count) points, got \(points.count)")
        precondition(visible.map { $0.count == points.count } ?? true, "visibility must list every point")
        precondition(occluded.map { $0.count == points.count } ?? true, "occlusion must list every point")
        self.points = points
        self.scheme = scheme
        self.visible = visible
        self.occluded = occluded
    }

    public var count: Int { points.count }

    /// The tight axis-aligned box (x, y, width, height) around the points.
    public var boundingBox: (x: Float, y: Float, width: Float, height: Float) {
        var lo = points[0], hi = points[0]
        for p in points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        return (lo.x, lo.y, hi.x - lo.x, hi.y - lo.y)
    }

    /// The centroid of the points at `indices`.
    public func centroid(of indices: [Int]) -> SIMD2<Float> {
        var sum = SIMD2<Float>.zero
        for i in indices { sum += points[i] }
        return sum / Float(indices.count)
    }

    /// The shape of the horizontally flipped image of width `imageWidth`: x becomes
    /// `imageWidth - x` and every point swaps with its mirror partner, so index i stays the
    /// same semantic point (e.g. the image-left eye corner).
    public func mirrored(imageWidth: Float) -> Shape {
        var out = self
        for i in 0..<count {
            let p = points[scheme.mirror[i]]
            out.points[i] = SIMD2(imageWidth - p.x, p.y)
        }
        out.visible = visible.map { v in (0..<count).map { v[scheme.mirror[$0]] } }
        out.occluded = occluded.map { o in (0..<count).map { o[scheme.mirror[$0]] } }
        return out
    }
}
