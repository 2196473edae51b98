/// Errors from bad input to trees and forests: arguments, training data, saved files.
/// Each message says what was wrong and what to do.
public enum ForestError: Error, Equatable, CustomStringConvertible {
    /// A configuration value, a shape or a label that cannot be used.
    case invalidArgument(String)
    /// A model used before `fit`.
    case notFitted(String)
    /// A saved forest that cannot be read (damaged, truncated, or from another format).
    case corruptFile(file: String, message: String)
    /// A saved forest written with a format version this build does not read.
    case unsupportedVersion(file: String, found: Int, supported: Int)

    public var description: String {
        switch self {
        case .invalidArgument(let m): return m
        case .notFitted(let what): return "\(what) is not fitted yet: call fit first, or load a saved forest"
        case .corruptFile(let file, let m): return "\(file): not a valid Facet forest: \(m); re-save the model or restore the file"
        case .unsupportedVersion(let file, let found, let supported):
            return "\(file): forest format version \(found) is not supported (this build reads version \(supported)); re-save it with a matching Facet version"
        }
    }
}
