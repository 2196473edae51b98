/// Which versions of a method a caller accepts.
///
/// Text forms (as typed after `@` in `decafa@...`):
/// - `1.2.0` or `=1.2.0`: exactly that version;
/// - `^1.2.0`: from 1.2.0 up to, not including, the next major (2.0.0);
/// - `>=1.0.0,<1.4.0`: a half-open range; either bound may be given alone.
///
/// Pre-releases match only when the requirement itself names a pre-release
/// of the same MAJOR.MINOR.PATCH, as in SwiftPM and npm.
public enum VersionRequirement: Hashable, Sendable, CustomStringConvertible {
    case exact(SemanticVersion)
    case upToNextMajor(from: SemanticVersion)
    case range(lower: SemanticVersion?, upper: SemanticVersion?)

    public init(_ text: String) throws {
        let t = text.trimmingWhitespace()
        if t.hasPrefix("^") {
            self = .upToNextMajor(from: try SemanticVersion(String(t.dropFirst())))
        } else if t.hasPrefix(">=") || t.hasPrefix("<") {
            var lower: SemanticVersion?
            var upper: SemanticVersion?
            for clause in t.split(separator: ",").map({ $0.trimmingWhitespace() }) {
                if clause.hasPrefix(">=") {
                    lower = try SemanticVersion(String(clause.dropFirst(2)))
                } else if clause.hasPrefix("<") {
                    upper = try SemanticVersion(String(clause.dropFirst(1)))
                } else {
                    throw RegistryError.malformedRequirement(text)
                }
            }
            if let l = lower, let u = upper, !(l < u) { throw RegistryError.malformedRequirement(text) }
            self = .range(lower: lower, upper: upper)
        } else if t.hasPrefix("=") {
            self = .exact(try SemanticVersion(String(t.dropFirst())))
        } else {
            do { self = .exact(try SemanticVersion(t)) } catch { throw RegistryError.malformedRequirement(text) }
        }
    }

    public func matches(_ v: SemanticVersion) -> Bool {
        switch self {
        case .exact(let e):
            return v == e
        case .upToNextMajor(let from):
            guard allowsPrerelease(v, named: [from]) else { return false }
            return v.major == from.major && v >= from
        case .range(let lower, let upper):
            guard allowsPrerelease(v, named: [lower, upper].compactMap { $0 }) else { return false }
            if let l = lower, v < l { return false }
            if let u = upper, !(v < u) { return false }
            return true
        }
    }

    private func allowsPrerelease(_ v: SemanticVersion, named bounds: [SemanticVersion]) -> Bool {
        guard v.isPrerelease else { return true }
        return bounds.contains { $0.isPrerelease && ($0.major, $0.minor, $0.patch) == (v.major, v.minor, v.patch) }
    }

    public var description: String {
        switch self {
        case .exact(let v): return "=\(v)"
        case .upToNextMajor(let v): return "^\(v)"
        case .range(let l, let u):
            return [l.map { ">=\($0)" }, u.map { "<\($0)" }].compactMap { $0 }.joined(separator: ",")
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
