import Foundation

/// A plane similarity `p' = s·R(θ)·p + t`: uniform scale, rotation, translation; no shear and
/// no mirroring. This is what maps a face crop to a mean shape and back.
///
/// `rotation` is in radians, normalised to `(-π, π]`; with `R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]]`
/// a positive angle turns +x towards +y, which is clockwise on screen (y points down).
/// Composition reads like matrices: `(g * f).apply(p) == g.apply(f.apply(p))`.
public struct SimilarityTransform2D: Sendable, Equatable, CustomStringConvertible {
    public var scale: Double
    public var rotation: Double
    public var translation: Point2

    public init(scale: Double = 1, rotation: Double = 0, translation: Point2 = .zero) {
        self.scale = scale
        self.rotation = Self.normalised(rotation)
        self.translation = translation
    }

    public static let identity = SimilarityTransform2D()

    /// The linear part `s·R(θ) = [[a, −b], [b, a]]` with `a = s·cos θ`, `b = s·sin θ`.
    var a: Double { scale * cos(rotation) }
    var b: Double { scale * sin(rotation) }

    public func apply(_ p: Point2) -> Point2 {
        let a = self.a, b = self.b
        return Point2(a * p.x - b * p.y, b * p.x + a * p.y) + translation
    }

    public func apply(_ points: [Point2]) -> [Point2] {
        let a = self.a, b = self.b, t = translation
        return points.map { Point2(a * $0.x - b * $0.y, b * $0.x + a * $0.y) + t }
    }

    public func apply(_ p: SIMD2<Float>) -> SIMD2<Float> { SIMD2<Float>(apply(Point2(p))) }

    /// The same map as a general affine transform.
    public var affine: AffineTransform2D {
        let a = self.a, b = self.b
        return AffineTransform2D(a: a, b: -b, c: b, d: a, tx: translation.x, ty: translation.y)
    }

    /// The row-major 2x3 matrix `[a, −b, tx, b, a, ty]`; see `AffineTransform2D.matrix2x3` for
    /// which direction an image warp wants.
    public var matrix2x3: [Double] { affine.matrix2x3 }

    /// `lhs ∘ rhs`: first `rhs`, then `lhs`.
    public static func * (lhs: SimilarityTransform2D, rhs: SimilarityTransform2D) -> SimilarityTransform2D {
        SimilarityTransform2D(scale: lhs.scale * rhs.scale, rotation: lhs.rotation + rhs.rotation,
                              translation: lhs.apply(rhs.translation))
    }

    /// This map followed by `next`.
    public func then(_ next: SimilarityTransform2D) -> SimilarityTransform2D { next * self }

    /// The inverse map; throws when the scale is zero or not finite.
    public func inverted() throws -> SimilarityTransform2D {
        guard scale.isFinite, scale != 0, rotation.isFinite, translation.x.isFinite, translation.y.isFinite else {
            throw GeometryError.degenerate(op: "SimilarityTransform2D.inverted",
                                           message: "scale \(scale) (rotation \(rotation), translation \(translation)) "
                                           + "has no inverse; a similarity needs a finite non-zero scale")
        }
        let inverse = SimilarityTransform2D(scale: 1 / scale, rotation: -rotation)
        return SimilarityTransform2D(scale: 1 / scale, rotation: -rotation, translation: -inverse.apply(translation))
    }

    /// The least-squares similarity taking `source[i]` to `target[i]` (Umeyama 1991): minimises
    /// `Σ‖s·R·source[i] + t − target[i]‖²` over proper rotations, exact for two points.
    ///
    /// In the plane Umeyama's SVD has a closed form. With centred points `x_i`, `y_i`:
    /// `s·cos θ = Σ x_i·y_i / Σ|x_i|²` and `s·sin θ = Σ x_i×y_i / Σ|x_i|²`, and
    /// `t = ȳ − s·R·x̄`. Needs two distinct source points.
    public static func estimate(from source: [Point2], to target: [Point2]) throws -> SimilarityTransform2D {
        let op = "SimilarityTransform2D.estimate"
        try PointChecks.pairs(source, target, needed: 2, op: op)
        let cs = PointChecks.centroid(source), ct = PointChecks.centroid(target)
        var sxx = 0.0, dot = 0.0, cross = 0.0, spread = 0.0
        for (p, q) in zip(source, target) {
            let x = p - cs, y = q - ct
            sxx += (x * x).sum()
            dot += (x * y).sum()
            cross += x.cross(y)
            spread = max(spread, abs(p.x), abs(p.y))
        }
        guard sxx > spread * spread * 1e-20 * Double(source.count), sxx > 0 else {
            throw GeometryError.degenerate(op: op, message: "all source points coincide, so scale and rotation are "
                                           + "not determined; pass at least 2 distinct points")
        }
        let a = dot / sxx, b = cross / sxx
        let s = (a * a + b * b).squareRoot()
        let similarity = SimilarityTransform2D(scale: s, rotation: atan2(b, a))
        return SimilarityTransform2D(scale: s, rotation: atan2(b, a), translation: ct - similarity.apply(cs))
    }

    /// Wraps an angle into `(-π, π]`.
    static func normalised(_ angle: Double) -> Double {
        guard angle.isFinite else { return angle }
        var r = remainder(angle, 2 * Double.pi)   // in [-π, π]
        if r <= -Double.pi { r += 2 * Double.pi }
        return r
    }

    public var description: String {
        "SimilarityTransform2D(scale: \(scale), rotation: \(rotation) rad, translation: (\(translation.x), \(translation.y)))"
    }
}
