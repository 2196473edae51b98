/// Bad input to an Affect API: what was wrong and what to do.
public enum AffectError: Error, Equatable, CustomStringConvertible {
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .invalidArgument(let message): return message
        }
    }
}
