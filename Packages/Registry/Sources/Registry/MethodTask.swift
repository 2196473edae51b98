/// What a method does: the task decides which protocol its factory returns.
///
/// Open-ended on purpose: a domain package adds its own tasks with
/// `extension MethodTask { public static let myTask = MethodTask("my-task") }`.
public struct MethodTask: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: MethodTask, b: MethodTask) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

// The tasks the method families of the toolkit share. Kept here, at the bottom, so
// that every package above names them the same way.
extension MethodTask {
    public static let landmarks = MethodTask("landmarks")
    public static let headPose = MethodTask("head-pose")
    public static let gaze = MethodTask("gaze")
    public static let expression = MethodTask("expression")
    public static let actionUnits = MethodTask("action-units")
    public static let classification = MethodTask("classification")
    public static let pruning = MethodTask("pruning")
    public static let quantization = MethodTask("quantization")
}
