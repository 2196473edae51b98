/// Bad input to a Gaze API: what was wrong and what to do.
public enum GazeError: Error, Equatable, CustomStringConvertible {
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .invalidArgument(let message): return message
        }
    }
}
