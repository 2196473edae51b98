extension PnP {
    /// Scaled orthographic pose from normalised image points (pixels with the intrinsics undone).
    ///
    /// Model: `x_i − x̄ = s·[r1; r2]·(X_i − X̄)` with `s = 1 / depth of the centroid`. The 2x3 affine
    /// camera `A` is fitted by least squares (pseudo-inverse of the centred model), then
    /// replaced by the nearest matrix with orthonormal rows, `U·Vt` from `A = U·Σ·Vt`, with
    /// `s = (σ1 + σ2) / 2`; `r3 = r1 × r2` completes a proper rotation. The centroid's image then
    /// fixes the translation: `t = (x̄/s − r1·X̄, ȳ/s − r2·X̄, 1/s − r3·X̄)`.
    static func weakPerspective(model: [Point3], image: [Point2], op: String) throws -> Pose3D {
        let n = model.count
        let cm = PointChecks.centroid(model), ci = PointChecks.centroid(image)
        var x = DenseMatrix(rows: n, columns: 3, values: [Double](repeating: 0, count: 3 * n))
        for (i, p) in model.enumerated() {
            let q = p - cm
            x[i, 0] = q.x
            x[i, 1] = q.y
            x[i, 2] = q.z
        }
        // Identical image points leave only rounding noise after centring: compare with their magnitude.
        let spread = image.reduce(0) { max($0, abs($1.x - ci.x), abs($1.y - ci.y)) }
        let magnitude = image.reduce(0) { max($0, abs($1.x), abs($1.y)) }
        guard spread > 1e-12 * magnitude, spread > 0 else { throw imageDegenerate(op) }
        let (u, s, vt) = try x.svd(op: op)
        guard s[0] > 0, s[2] > s[0] * 1e-6 else {
            throw GeometryError.degenerate(op: op, message: "the model points are coplanar (or collinear), so the "
                                           + "camera is not determined; use a 3D model with depth (4 or more "
                                           + "non-coplanar points)")
        }
        // Aᵀ = V·Σ⁻¹·Uᵀ·Y for centred image points Y (n×2): first W = Σ⁻¹·Uᵀ·Y (3x2).
        var w = [Point2](repeating: .zero, count: 3)
        for k in 0..<3 {
            for (i, q) in image.enumerated() { w[k] += u[i, k] * (q - ci) }
            w[k] /= s[k]
        }
        // A[r][c] = Σ_k W[k][r]·Vt[k][c]
        var a = DenseMatrix(rows: 2, columns: 3, values: [Double](repeating: 0, count: 6))
        for c in 0..<3 {
            for k in 0..<3 {
                a[0, c] += w[k].x * vt[k, c]
                a[1, c] += w[k].y * vt[k, c]
            }
        }
        let (ua, sa, vta) = try a.svd(op: op)
        guard sa[0] > 0, sa[1] > sa[0] * 1e-6 else { throw imageDegenerate(op) }
        var r1 = Point3.zero, r2 = Point3.zero
        for c in 0..<3 {
            r1[c] = ua[0, 0] * vta[0, c] + ua[0, 1] * vta[1, c]
            r2[c] = ua[1, 0] * vta[0, c] + ua[1, 1] * vta[1, c]
        }
        let r3 = r1.cross(r2)
        let scale = (sa[0] + sa[1]) / 2
        let rotation = Rotation3D(unchecked: Matrix3(rows: r1, r2, r3))
        let t = Point3(ci.x / scale - r1.dot(cm), ci.y / scale - r2.dot(cm), 1 / scale - r3.dot(cm))
        return Pose3D(rotation: rotation, translation: t)
    }

    private static func imageDegenerate(_ op: String) -> GeometryError {
        .degenerate(op: op, message: "the image points coincide or lie on one line, so the pose is not determined; "
                    + "check the landmarks")
    }
}
