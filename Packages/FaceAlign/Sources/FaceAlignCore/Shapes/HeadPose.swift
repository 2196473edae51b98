/// Head orientation in degrees. Convention: yaw turns the face towards the image right
/// (positive = the subject looks to the camera's right), pitch nods (positive = chin up),
/// roll tilts in the image plane (positive = clockwise on screen). A camera looking at a
/// frontal face reads (0, 0, 0).
public struct HeadPose: Sendable, Equatable, Codable, CustomStringConvertible {
    public var yaw: Float
    public var pitch: Float
    public var roll: Float

    public init(yaw: Float, pitch: Float, roll: Float) {
        self.yaw = yaw
        self.pitch = pitch
        self.roll = roll
    }

    public static let frontal = HeadPose(yaw: 0, pitch: 0, roll: 0)

    public var description: String { "HeadPose(yaw: \(yaw)°, pitch: \(pitch)°, roll: \(roll)°)" }
}
