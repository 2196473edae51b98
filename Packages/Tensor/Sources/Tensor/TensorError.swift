/// Errors from shapes and arguments that came from outside the code (a file, a user,
/// another model). Each message names the operation, what it got and what it needs.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    case shapeMismatch(op: String, shapes: [[Int]], expected: String)
    case invalidAxis(op: String, axis: Int, rank: Int)
    case invalidArgument(op: String, message: String)
    case numerical(op: String, message: String)

    public var description: String {
        switch self {
        case .shapeMismatch(let op, let shapes, let expected):
            let got = shapes.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" }.joined(separator: " and ")
            return "\(op): shapes \(got) do not fit: \(expected)"
        case .invalidAxis(let op, let axis, let rank):
            return "\(op): axis \(axis) is out of range for a tensor of rank \(rank) (valid: \(-rank)..<\(rank))"
        case .invalidArgument(let op, let message):
            return "\(op): \(message)"
        case .numerical(let op, let message):
            return "\(op): \(message)"
        }
    }
}
