/// What a gaze model outputs: a 3D direction, or a point on a screen plane.
public enum GazeTarget: String, Sendable, Codable, CaseIterable {
    /// (yaw, pitch) of the gaze direction.
    case angles3D
    /// (x, y) on a screen plane, in cm.
    case screen2D
}

/// A screen plane facing the eye at `distance` cm along −z of the eye frame (the eye looks
/// at the screen when it looks at the camera), for the 2D task: a gaze ray meets it at
/// `distance · (v.x, v.y) / (−v.z)`.
public struct ScreenPlane: Sendable, Equatable, Codable {
    public var distance: Float

    public init(distance: Float = 30) { self.distance = distance }

    /// Where the ray along `vector` from the eye meets the plane (cm, x right, y down); throws
    /// when the ray points away from the plane.
    public func intersection(of vector: SIMD3<Float>) throws -> SIMD2<Float> {
        guard vector.z < 0, vector.x.isFinite, vector.y.isFinite else {
            throw GazeError.invalidArgument("the gaze ray \(vector) does not reach a screen in front of the eye (needs z < 0)")
        }
        return SIMD2(vector.x, vector.y) * (distance / -vector.z)
    }
}
