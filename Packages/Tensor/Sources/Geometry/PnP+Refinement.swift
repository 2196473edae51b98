extension PnP {
    /// Levenberg-Marquardt on the pixel reprojection error `Σ‖π(R·X_i + t) − u_i‖²`, or nil when
    /// `start` puts a model point behind the camera.
    ///
    /// Six parameters: a rotation update `ω` applied on the left (`R ← exp([ω]×)·R`, so the
    /// parametrisation never meets gimbal lock) and `t`. With `q = R·X + t`, `p = R·X` and
    /// `g = ∂u/∂q = (fx/z, 0, −fx·x/z²)` (likewise for v), the Jacobian rows are
    /// `∂u/∂ω = p × g` and `∂u/∂t = g`. Steps solve `(JᵀJ + λ·diag(JᵀJ))·δ = −Jᵀr` (Marquardt's
    /// scaling makes the damping independent of units); a step that raises the error or puts a
    /// point behind the camera is refused and damped harder.
    static func refine(_ start: Pose3D, model: [Point3], image: [Point2], camera: CameraIntrinsics,
                       maxIterations: Int = 100) -> (pose: Pose3D, squared: Double, iterations: Int)? {
        guard var cost = squaredError(start, model: model, image: image, camera: camera) else { return nil }
        var pose = start
        var lambda = 1e-3
        var iterations = 0
        let f = camera.focalLength
        while iterations < maxIterations, cost > 0 {
            iterations += 1
            var h = [Double](repeating: 0, count: 36)
            var g = [Double](repeating: 0, count: 6)
            for (x, u) in zip(model, image) {
                let p = pose.rotation.apply(x)
                let q = p + pose.translation
                let iz = 1 / q.z
                let predicted = camera.project(q)
                let gu = Point3(f.x * iz, 0, -f.x * q.x * iz * iz)
                let gv = Point3(0, f.y * iz, -f.y * q.y * iz * iz)
                for (grad, residual) in [(gu, predicted.x - u.x), (gv, predicted.y - u.y)] {
                    let w = p.cross(grad)
                    let row = [w.x, w.y, w.z, grad.x, grad.y, grad.z]
                    for i in 0..<6 {
                        g[i] += row[i] * residual
                        for j in 0...i { h[i * 6 + j] += row[i] * row[j] }
                    }
                }
            }
            for i in 0..<6 { for j in 0..<i { h[j * 6 + i] = h[i * 6 + j] } }

            var accepted = false
            while lambda < 1e12 {
                var damped = h
                for i in 0..<6 { damped[i * 6 + i] += lambda * max(h[i * 6 + i], 1e-12) }
                if let step = solveSymmetricPositiveDefinite(damped, g.map { -$0 }, n: 6) {
                    let candidate = Pose3D(
                        rotation: Rotation3D(rotationVector: Point3(step[0], step[1], step[2])) * pose.rotation,
                        translation: pose.translation + Point3(step[3], step[4], step[5]))
                    if let newCost = squaredError(candidate, model: model, image: image, camera: camera), newCost < cost {
                        let gain = cost - newCost
                        pose = candidate
                        cost = newCost
                        lambda = max(lambda / 10, 1e-12)
                        accepted = true
                        if gain <= 1e-14 * cost { return (pose, cost, iterations) }
                        break
                    }
                }
                lambda *= 10
            }
            if !accepted { break }   // no step lowers the error: a minimum to working precision
        }
        return (pose, cost, iterations)
    }

    /// `Σ‖π(pose·X_i) − u_i‖²` in pixels², or nil when a point is not in front of the camera.
    static func squaredError(_ pose: Pose3D, model: [Point3], image: [Point2], camera: CameraIntrinsics) -> Double? {
        var sum = 0.0
        for (x, u) in zip(model, image) {
            let q = pose.apply(x)
            guard q.z > 0 else { return nil }
            let d = camera.project(q) - u
            sum += (d * d).sum()
        }
        return sum
    }
}
