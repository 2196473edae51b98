/// A plane affine map `p' = M·p + t`:
///
///     x' = a·x + b·y + tx
///     y' = c·x + d·y + ty
///
/// Composition reads like matrices: `(g * f).apply(p) == g.apply(f.apply(p))`, and
/// `f.then(g)` is the same map written in the order it happens.
public struct AffineTransform2D: Sendable, Equatable, CustomStringConvertible {
    public var a: Double, b: Double, tx: Double
    public var c: Double, d: Double, ty: Double

    public init(a: Double, b: Double, c: Double, d: Double, tx: Double, ty: Double) {
        (self.a, self.b, self.c, self.d, self.tx, self.ty) = (a, b, c, d, tx, ty)
    }

    /// From a row-major 2x3 matrix `[a, b, tx, c, d, ty]`; precondition: six values.
    public init(matrix2x3 m: [Double]) {
        precondition(m.count == 6, "a 2x3 matrix has 6 values, got \(m.count)")
        self.init(a: m[0], b: m[1], c: m[3], d: m[4], tx: m[2], ty: m[5])
    }

    public static let identity = AffineTransform2D(a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0)

    /// The row-major 2x3 matrix `[a, b, tx, c, d, ty]`, as image warps take it.
    ///
    /// A warp that fills each output pixel by sampling the input at `M·p_out` wants the
    /// output→input map: for a transform `f` taking input coordinates to output coordinates,
    /// pass `try f.inverted().matrix2x3`.
    public var matrix2x3: [Double] { [a, b, tx, c, d, ty] }

    public var translation: Point2 { Point2(tx, ty) }

    /// The determinant of the linear part: the factor by which areas scale (negative if the
    /// map mirrors).
    public var determinant: Double { a * d - b * c }

    public func apply(_ p: Point2) -> Point2 {
        Point2(a * p.x + b * p.y + tx, c * p.x + d * p.y + ty)
    }

    public func apply(_ points: [Point2]) -> [Point2] { points.map(apply) }

    public func apply(_ p: SIMD2<Float>) -> SIMD2<Float> { SIMD2<Float>(apply(Point2(p))) }

    /// `lhs ∘ rhs`: first `rhs`, then `lhs` (the matrix product).
    public static func * (lhs: AffineTransform2D, rhs: AffineTransform2D) -> AffineTransform2D {
        AffineTransform2D(a: lhs.a * rhs.a + lhs.b * rhs.c, b: lhs.a * rhs.b + lhs.b * rhs.d,
                          c: lhs.c * rhs.a + lhs.d * rhs.c, d: lhs.c * rhs.b + lhs.d * rhs.d,
                          tx: lhs.a * rhs.tx + lhs.b * rhs.ty + lhs.tx,
                          ty: lhs.c * rhs.tx + lhs.d * rhs.ty + lhs.ty)
    }

    /// This map followed by `next`.
    public func then(_ next: AffineTransform2D) -> AffineTransform2D { next * self }

    /// The inverse map; throws when the linear part is singular (the map squashes the plane
    /// onto a line or a point) or the transform holds NaN.
    public func inverted() throws -> AffineTransform2D {
        let det = determinant
        let scale = max(abs(a), abs(b), abs(c), abs(d))
        guard det.isFinite, tx.isFinite, ty.isFinite, abs(det) > scale * scale * 1e-12 else {
            throw GeometryError.degenerate(op: "AffineTransform2D.inverted",
                                           message: "the linear part [[\(a), \(b)], [\(c), \(d)]] is singular "
                                           + "(determinant \(det)); the map has no inverse")
        }
        let ia = d / det, ib = -b / det, ic = -c / det, id = a / det
        return AffineTransform2D(a: ia, b: ib, c: ic, d: id, tx: -(ia * tx + ib * ty), ty: -(ic * tx + id * ty))
    }

    /// The least-squares affine map taking `source[i]` to `target[i]`: minimises
    /// `Σ‖f(source[i]) − target[i]‖²`, exact for three points.
    ///
    /// Needs at least three source points that are not collinear; otherwise the map is not
    /// determined and this throws. Solved on centred coordinates by SVD (the pseudo-inverse of
    /// the n×2 centred source matrix), so far-off origins do not hurt precision.
    public static func estimate(from source: [Point2], to target: [Point2]) throws -> AffineTransform2D {
        let op = "AffineTransform2D.estimate"
        try PointChecks.pairs(source, target, needed: 3, op: op)
        let cs = PointChecks.centroid(source), ct = PointChecks.centroid(target)
        let n = source.count
        var x = DenseMatrix(rows: n, columns: 2, values: [Double](repeating: 0, count: 2 * n))
        for (i, p) in source.enumerated() {
            x[i, 0] = p.x - cs.x
            x[i, 1] = p.y - cs.y
        }
        // X = UΣVᵀ ⇒ pinv(X) = VΣ⁻¹Uᵀ; the linear part is Mᵀ = pinv(X)·Y for centred targets Y.
        let (u, s, vt) = try x.svd(op: op)
        guard s[0] > 0, s[1] > s[0] * 1e-9 else {
            throw GeometryError.degenerate(op: op, message: "the source points are collinear (or coincide), so an "
                                           + "affine map is not determined; use at least 3 non-collinear points "
                                           + "or estimate a SimilarityTransform2D instead")
        }
        // W = Σ⁻¹Uᵀ·Y (2x2), then Mᵀ = V·W.
        var w = [[0.0, 0.0], [0.0, 0.0]]
        for k in 0..<2 {
            for (i, q) in target.enumerated() {
                let y = q - ct
                w[k][0] += u[i, k] * y.x
                w[k][1] += u[i, k] * y.y
            }
            w[k][0] /= s[k]
            w[k][1] /= s[k]
        }
        // Mᵀ[r][c] = Σ_k V[r][k]·W[k][c] with V[r][k] = Vt[k, r]; M = (Mᵀ)ᵀ.
        func mT(_ r: Int, _ c: Int) -> Double { vt[0, r] * w[0][c] + vt[1, r] * w[1][c] }
        let a = mT(0, 0), b = mT(1, 0), c = mT(0, 1), d = mT(1, 1)
        return AffineTransform2D(a: a, b: b, c: c, d: d,
                                 tx: ct.x - (a * cs.x + b * cs.y), ty: ct.y - (c * cs.x + d * cs.y))
    }

    public var description: String { "AffineTransform2D([\(a), \(b), \(tx)], [\(c), \(d), \(ty)])" }
}
