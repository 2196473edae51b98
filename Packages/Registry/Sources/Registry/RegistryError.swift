/// Errors a user can cause through a version string, a configuration or a method name.
/// Each message says what was wrong and what would be right.
public enum RegistryError: Error, Equatable, CustomStringConvertible {
    case malformedVersion(String, reason: String)
    case malformedRequirement(String)
    case malformedOverride(String)
    case malformedConfiguration(String)
    case unknownHyperparameter(key: String, method: String, valid: [String])
    case invalidValue(key: String, value: String, expected: String)
    case duplicatePlugin(id: String, version: SemanticVersion)
    case unknownMethod(String, known: [String])
    case noMatchingVersion(id: String, requirement: VersionRequirement, available: [SemanticVersion])
    case wrongProduct(id: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case .malformedVersion(let text, let reason):
            return "malformed version '\(text)': \(reason)"
        case .malformedRequirement(let text):
            return "malformed version requirement '\(text)': use 1.2.0 (exact), ^1.2.0 (same major), or >=1.0.0,<2.0.0"
        case .malformedOverride(let text):
            return "malformed override '\(text)': write key=value"
        case .malformedConfiguration(let why):
            return "malformed configuration: \(why)"
        case .unknownHyperparameter(let key, let method, let valid):
            let list = valid.isEmpty ? "it has no hyperparameters" : "valid keys: " + valid.joined(separator: ", ")
            return "unknown hyperparameter '\(key)' for method \(method); \(list)"
        case .invalidValue(let key, let value, let expected):
            return "invalid value '\(value)' for '\(key)': expected \(expected)"
        case .duplicatePlugin(let id, let version):
            return "two plugins register \(id)@\(version); bump the version of one of them"
        case .unknownMethod(let id, let known):
            let list = known.isEmpty ? "no methods are registered" : "known methods: " + known.joined(separator: ", ")
            return "unknown method '\(id)'; \(list)"
        case .noMatchingVersion(let id, let requirement, let available):
            return "no version of \(id) matches \(requirement); available: " + available.map(\.description).joined(separator: ", ")
        case .wrongProduct(let id, let expected, let actual):
            return "method \(id) builds \(actual), not \(expected): it serves another task"
        }
    }
}
