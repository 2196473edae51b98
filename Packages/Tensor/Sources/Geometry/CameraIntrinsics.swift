/// A pinhole camera's intrinsics: focal lengths and principal point, in pixels.
///
/// A point `X` in camera coordinates (x right, y down, z forward) projects to
/// `u = fx·X.x/X.z + cx`, `v = fy·X.y/X.z + cy`. Without a calibration, a common guess for a
/// photo `w` pixels wide is `fx = fy = w` and the principal point at the image centre.
public struct CameraIntrinsics: Sendable, Equatable {
    public var focalLength: SIMD2<Double>
    public var principalPoint: Point2

    public init(fx: Double, fy: Double, cx: Double, cy: Double) {
        focalLength = SIMD2(fx, fy)
        principalPoint = Point2(cx, cy)
    }

    /// Square pixels: `fx = fy = focalLength`.
    public init(focalLength: Double, principalPoint: Point2) {
        self.init(fx: focalLength, fy: focalLength, cx: principalPoint.x, cy: principalPoint.y)
    }

    /// Perspective projection of a camera-frame point (which must lie in front: `z > 0`).
    public func project(_ p: Point3) -> Point2 {
        Point2(focalLength.x * p.x / p.z, focalLength.y * p.y / p.z) + principalPoint
    }

    /// The pixel as a direction on the plane z = 1 (undoes the intrinsics).
    public func normalised(_ pixel: Point2) -> Point2 { (pixel - principalPoint) / focalLength }

    var isValid: Bool {
        focalLength.x.isFinite && focalLength.y.isFinite && focalLength.x > 0 && focalLength.y > 0
            && principalPoint.x.isFinite && principalPoint.y.isFinite
    }
}

/// A rigid placement of a model in the camera frame: `X_camera = rotation · X_model + translation`.
public struct Pose3D: Sendable, Equatable {
    public var rotation: Rotation3D
    public var translation: Point3

    public init(rotation: Rotation3D, translation: Point3) {
        self.rotation = rotation
        self.translation = translation
    }

    /// The model point in camera coordinates.
    public func apply(_ p: Point3) -> Point3 { rotation.apply(p) + translation }

    /// Perspective projection of a model point to pixels.
    public func project(_ p: Point3, camera: CameraIntrinsics) -> Point2 { camera.project(apply(p)) }

    /// Scaled-orthographic (weak-perspective) projection: every point is divided by the depth of
    /// `reference` (in model coordinates, usually the model's centroid) instead of its own depth.
    /// Exact in the limit of a distant camera; what `PnP.Method.weakPerspective` fits.
    public func projectWeakPerspective(_ p: Point3, reference: Point3, camera: CameraIntrinsics) -> Point2 {
        let q = apply(p)
        let depth = apply(reference).z
        return Point2(camera.focalLength.x * q.x / depth, camera.focalLength.y * q.y / depth) + camera.principalPoint
    }
}
