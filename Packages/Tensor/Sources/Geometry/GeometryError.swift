/// Errors from point sets that cannot give a meaningful answer. Each message names the
/// operation, what was wrong with the input and what to do about it.
public enum GeometryError: Error, Equatable, CustomStringConvertible {
    /// Fewer points than the estimate has degrees of freedom for.
    case tooFewPoints(op: String, needed: Int, got: Int)
    /// Two point lists that should pair up one to one have different lengths.
    case countMismatch(op: String, counts: [Int])
    /// A coordinate is NaN or infinite.
    case nonFinite(op: String, what: String)
    /// The points do not determine the answer (coincident, collinear, coplanar, behind the camera...).
    case degenerate(op: String, message: String)
    /// A numerical routine failed (e.g. LAPACK did not converge, or OpenBLAS is missing).
    case numerical(op: String, message: String)

    public var description: String {
        switch self {
        case .tooFewPoints(let op, let needed, let got):
            return "\(op): needs at least \(needed) points but got \(got); pass more correspondences"
        case .countMismatch(let op, let counts):
            return "\(op): point lists must pair up one to one but have \(counts.map(String.init).joined(separator: " and ")) points"
        case .nonFinite(let op, let what):
            return "\(op): \(what) hold NaN or infinite coordinates; drop or fix those points first"
        case .degenerate(let op, let message), .numerical(let op, let message):
            return "\(op): \(message)"
        }
    }
}
