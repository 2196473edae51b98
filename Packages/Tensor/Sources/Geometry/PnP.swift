/// Perspective-n-Point: the pose of a known 3D model from its 2D image projections.
///
/// For head pose, give the model in the camera convention with the face looking at the camera:
/// x towards the image's right, y down, z away from the camera (the nose tip has the smallest z).
/// The solution's Euler angles then read as head pose (see `EulerAngles`); a frontal face gives
/// yaw = pitch = roll = 0.
///
/// ```swift
/// let camera = CameraIntrinsics(focalLength: 640, principalPoint: Point2(320, 240))
/// let solution = try PnP.solve(modelPoints: model3D, imagePoints: landmarks, camera: camera)
/// print(solution.eulerAngles, solution.reprojectionRMS)
/// ```
public enum PnP {
    public enum Method: Sendable, Equatable {
        /// Scaled orthographic camera: every point is divided by the depth of the model's
        /// centroid. Closed form (a least-squares affine camera, orthonormalised by SVD); good
        /// when the camera is far compared with the model's depth, and a starting point otherwise.
        case weakPerspective
        /// Full pinhole camera: starts from the weak-perspective pose and from the DLT (with 6
        /// or more points), refines each with Levenberg-Marquardt on the pixel reprojection
        /// error, and keeps the better.
        case perspective
    }

    public struct Solution: Sendable, Equatable {
        /// Model-to-camera pose: `X_camera = rotation · X_model + translation`.
        public var pose: Pose3D
        /// Root-mean-square distance in pixels between the given image points and the model
        /// projected with `pose` under `method`'s camera model.
        public var reprojectionRMS: Double
        public var method: Method
        /// Levenberg-Marquardt iterations of the kept solution (0 for weak perspective).
        public var iterations: Int

        public var rotation: Rotation3D { pose.rotation }
        public var translation: Point3 { pose.translation }
        /// Yaw, pitch, roll in degrees (see `EulerAngles` for the convention).
        public var eulerAngles: EulerAngles { pose.rotation.eulerAngles }
    }

    /// The pose that best maps `modelPoints` onto `imagePoints` (pixels) through `camera`.
    ///
    /// Needs at least 4 correspondences and a model that is not coplanar (a face's 3D landmarks
    /// qualify). Throws `GeometryError` for too few points, mismatched counts, NaN, a flat model,
    /// image points that coincide or lie on a line, or a fit that puts the model behind the camera.
    public static func solve(modelPoints: [Point3], imagePoints: [Point2], camera: CameraIntrinsics,
                             method: Method = .perspective) throws -> Solution {
        let op = "PnP.solve"
        guard modelPoints.count == imagePoints.count else {
            throw GeometryError.countMismatch(op: op, counts: [modelPoints.count, imagePoints.count])
        }
        guard modelPoints.count >= 4 else {
            throw GeometryError.tooFewPoints(op: op, needed: 4, got: modelPoints.count)
        }
        try PointChecks.finite(modelPoints, op: op, what: "model points")
        try PointChecks.finite(imagePoints, op: op, what: "image points")
        guard camera.isValid else {
            throw GeometryError.degenerate(op: op, message: "camera intrinsics need finite, positive focal lengths "
                                           + "and a finite principal point; got \(camera)")
        }
        let normalised = imagePoints.map(camera.normalised)
        let weak = try weakPerspective(model: modelPoints, image: normalised, op: op)

        switch method {
        case .weakPerspective:
            let reference = PointChecks.centroid(modelPoints)
            var squared = 0.0
            for (x, u) in zip(modelPoints, imagePoints) {
                let d = weak.projectWeakPerspective(x, reference: reference, camera: camera) - u
                squared += (d * d).sum()
            }
            return Solution(pose: weak, reprojectionRMS: (squared / Double(modelPoints.count)).squareRoot(),
                            method: .weakPerspective, iterations: 0)
        case .perspective:
            var starts = [weak]
            if modelPoints.count >= 6, let dlt = try? directLinearTransform(model: modelPoints, image: normalised) {
                starts.append(dlt)
            }
            var best: (pose: Pose3D, squared: Double, iterations: Int)?
            for start in starts {
                guard let refined = refine(start, model: modelPoints, image: imagePoints, camera: camera) else { continue }
                if best == nil || refined.squared < best!.squared { best = refined }
            }
            guard let best else {
                throw GeometryError.degenerate(op: op, message: "no starting pose puts every model point in front of "
                                               + "the camera; check that model and image points correspond and that the "
                                               + "intrinsics are in pixels")
            }
            return Solution(pose: best.pose, reprojectionRMS: (best.squared / Double(modelPoints.count)).squareRoot(),
                            method: .perspective, iterations: best.iterations)
        }
    }
}
