#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FaceAlignCore

/// A gaze direction as (yaw, pitch) in radians, in the toolkit's eye frame: x right, y down,
/// z away from the viewer, so looking straight at the camera is (0, 0, −1). Yaw is positive
/// towards the image right, pitch positive upwards: the convention of FaceAlignCore's
/// `GazeDirection` and `HeadPose`.
///
/// ```swift
/// let g = GazeAngles(yawDegrees: 20, pitchDegrees: -10)
/// let v = g.vector                        // unit vector
/// let back = try GazeAngles(vector: v)    // == g up to rounding
/// ```
public struct GazeAngles: Sendable, Equatable, Codable, CustomStringConvertible {
    public var yaw: Float
    public var pitch: Float

    public init(yaw: Float, pitch: Float) {
        self.yaw = yaw
        self.pitch = pitch
    }

    public init(yawDegrees: Float, pitchDegrees: Float) {
        self.init(yaw: yawDegrees * .pi / 180, pitch: pitchDegrees * .pi / 180)
    }

    /// The renderer's head-relative gaze (degrees) as angles.
    public init(_ direction: GazeDirection) {
        self.init(yawDegrees: direction.yaw, pitchDegrees: direction.pitch)
    }

    public static let ahead = GazeAngles(yaw: 0, pitch: 0)

    public var yawDegrees: Float { yaw * 180 / .pi }
    public var pitchDegrees: Float { pitch * 180 / .pi }

    /// The renderer's type, in degrees.
    public var direction: GazeDirection { GazeDirection(yaw: yawDegrees, pitch: pitchDegrees) }

    /// Unit vector (sin yaw · cos pitch, −sin pitch, −cos yaw · cos pitch).
    public var vector: SIMD3<Float> {
        SIMD3(sinf(yaw) * cosf(pitch), -sinf(pitch), -cosf(yaw) * cosf(pitch))
    }

    /// The angles of a direction vector of any positive length: pitch = asin(−y/|v|),
    /// yaw = atan2(x, −z). Throws for a zero, infinite or NaN vector.
    public init(vector v: SIMD3<Float>) throws {
        let norm = (v * v).sum().squareRoot()
        guard norm.isFinite, norm > 0 else {
            throw GazeError.invalidArgument("a gaze vector must be finite and non-zero, got \(v)")
        }
        let u = v / norm
        self.init(yaw: atan2f(u.x, -u.z), pitch: asinf(max(-1, min(1, -u.y))))
    }

    /// This head-relative gaze in the camera frame, for a head in `pose`
    /// (`HeadPose.rotation` maps the head's frame to the camera's).
    public func cameraVector(headPose pose: HeadPose) -> SIMD3<Float> {
        let v = vector
        let r = pose.rotation.apply(SIMD3(Double(v.x), Double(v.y), Double(v.z)))
        return SIMD3(Float(r.x), Float(r.y), Float(r.z))
    }

    public var description: String {
        "GazeAngles(yaw: \(yawDegrees)°, pitch: \(pitchDegrees)°)"
    }
}
