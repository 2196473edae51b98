import Foundation

extension PnP {
    /// Pose from the direct linear transform on normalised image points, or nil when the linear
    /// camera puts the model behind the camera (noise or mismatched points).
    ///
    /// Each correspondence gives two linear equations in the 12 entries of `P = λ·[R | t]`
    /// (`x·(P₃·X) = P₁·X`, `y·(P₃·X) = P₂·X`); the least-squares `P` is the right singular
    /// vector of the smallest singular value. Both point sets are first centred and scaled
    /// (Hartley's normalisation), without which the system is badly conditioned. Finally
    /// `λ = ∛det(M)` for `M = P[:, 0..<3]`, `R` = the rotation nearest to `M/λ`, `t = P[:, 3]/λ`.
    /// Needs 6 points.
    static func directLinearTransform(model: [Point3], image: [Point2]) throws -> Pose3D? {
        let op = "PnP (DLT)"
        let n = model.count
        let c3 = PointChecks.centroid(model), c2 = PointChecks.centroid(image)
        let s3 = model.reduce(0) { $0 + ($1 - c3).length } / Double(n) / 3.0.squareRoot()
        let s2 = image.reduce(0) { $0 + (($1 - c2) * ($1 - c2)).sum().squareRoot() } / Double(n) / 2.0.squareRoot()
        guard s3 > 0, s2 > 0 else { return nil }

        var a = DenseMatrix(rows: 2 * n, columns: 12, values: [Double](repeating: 0, count: 24 * n))
        for i in 0..<n {
            let p = (model[i] - c3) / s3, q = (image[i] - c2) / s2
            let h = [p.x, p.y, p.z, 1.0]
            for k in 0..<4 {
                a[2 * i, k] = h[k]
                a[2 * i, 8 + k] = -q.x * h[k]
                a[2 * i + 1, 4 + k] = h[k]
                a[2 * i + 1, 8 + k] = -q.y * h[k]
            }
        }
        let vt = try a.svd(op: op).vt
        var pn = [[Double]](repeating: [0, 0, 0, 0], count: 3)   // P in normalised coordinates
        for r in 0..<3 { for c in 0..<4 { pn[r][c] = vt[11, 4 * r + c] } }

        // Undo the normalisations: P = T2⁻¹·P̂·T3 with x = s2·x̂ + c2 and X̂ = (X − c3)/s3.
        var p = [[Double]](repeating: [0, 0, 0, 0], count: 3)
        for c in 0..<4 {
            let row = [s2 * pn[0][c] + c2.x * pn[2][c], s2 * pn[1][c] + c2.y * pn[2][c], pn[2][c]]
            for r in 0..<3 { p[r][c] = row[r] }
        }
        for r in 0..<3 {
            let m = Point3(p[r][0], p[r][1], p[r][2]) / s3
            p[r] = [m.x, m.y, m.z, p[r][3] - m.dot(c3)]
        }
        let m = Matrix3(rows: Point3(p[0][0], p[0][1], p[0][2]), Point3(p[1][0], p[1][1], p[1][2]),
                        Point3(p[2][0], p[2][1], p[2][2]))
        let det = m.determinant
        guard det.isFinite, det != 0 else { return nil }
        let lambda = cbrt(det)   // the sign makes M/λ a rotation, not a reflection
        let rotation = try Rotation3D.nearest(to: (1 / lambda) * m)
        let translation = Point3(p[0][3], p[1][3], p[2][3]) / lambda
        let pose = Pose3D(rotation: rotation, translation: translation)
        guard model.allSatisfy({ pose.apply($0).z > 0 }) else { return nil }
        return pose
    }
}
