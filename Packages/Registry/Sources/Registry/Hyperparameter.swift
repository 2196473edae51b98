/// A value of a hyperparameter, as it appears in configurations and JSON.
public enum HyperparameterValue: Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case string(String)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .float(let v): return String(v)
        case .bool(let v): return String(v)
        case .string(let v): return v
        }
    }
}

extension HyperparameterValue: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        // Order matters: JSON `3` decodes as Int and as Double; keep integers integral.
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .float(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a number, a boolean or a string")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let v): try c.encode(v)
        case .float(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        }
    }
}

/// One tunable setting of a method: its type, default, allowed values and a one-line doc.
public struct Hyperparameter: Hashable, Codable, Sendable {
    public enum Kind: String, Hashable, Codable, Sendable {
        case int, float, bool, string, choice
    }

    public var name: String
    public var kind: Kind
    public var defaultValue: HyperparameterValue
    /// Inclusive bounds for `int` and `float`.
    public var range: ClosedRange<Double>?
    /// Allowed values for `choice`.
    public var choices: [String]?
    public var doc: String

    public static func int(_ name: String, default value: Int, range: ClosedRange<Int>? = nil, doc: String) -> Hyperparameter {
        Hyperparameter(name: name, kind: .int, defaultValue: .int(value),
                       range: range.map { Double($0.lowerBound)...Double($0.upperBound) }, choices: nil, doc: doc)
    }

    public static func float(_ name: String, default value: Double, range: ClosedRange<Double>? = nil, doc: String) -> Hyperparameter {
        Hyperparameter(name: name, kind: .float, defaultValue: .float(value), range: range, choices: nil, doc: doc)
    }

    public static func bool(_ name: String, default value: Bool, doc: String) -> Hyperparameter {
        Hyperparameter(name: name, kind: .bool, defaultValue: .bool(value), range: nil, choices: nil, doc: doc)
    }

    public static func string(_ name: String, default value: String, doc: String) -> Hyperparameter {
        Hyperparameter(name: name, kind: .string, defaultValue: .string(value), range: nil, choices: nil, doc: doc)
    }

    public static func choice(_ name: String, default value: String, choices: [String], doc: String) -> Hyperparameter {
        precondition(choices.contains(value), "default '\(value)' of \(name) is not among its choices")
        return Hyperparameter(name: name, kind: .choice, defaultValue: .string(value), range: nil, choices: choices, doc: doc)
    }

    /// What a valid value looks like, for error messages and `facet methods show`.
    public var expectation: String {
        switch kind {
        case .int: return range.map { "an integer in \(Int($0.lowerBound))...\(Int($0.upperBound))" } ?? "an integer"
        case .float: return range.map { "a number in \($0.lowerBound)...\($0.upperBound)" } ?? "a number"
        case .bool: return "true or false"
        case .string: return "a string"
        case .choice: return "one of " + (choices ?? []).joined(separator: ", ")
        }
    }

    /// Checks and normalises a value (an integer given for a float becomes a float).
    public func validate(_ value: HyperparameterValue) throws -> HyperparameterValue {
        let bad = RegistryError.invalidValue(key: name, value: value.description, expected: expectation)
        switch (kind, value) {
        case (.int, .int(let v)):
            if let r = range, !r.contains(Double(v)) { throw bad }
            return value
        case (.int, .float(let v)) where v.rounded() == v && abs(v) < 1e15:
            return try validate(.int(Int(v)))
        case (.float, .float(let v)):
            if !v.isFinite { throw bad }
            if let r = range, !r.contains(v) { throw bad }
            return value
        case (.float, .int(let v)):
            return try validate(.float(Double(v)))
        case (.bool, .bool), (.string, .string):
            return value
        case (.choice, .string(let v)):
            guard choices?.contains(v) == true else { throw bad }
            return value
        default:
            throw bad
        }
    }

    /// Parses the text of a `key=value` override according to this parameter's kind.
    public func parse(_ text: String) throws -> HyperparameterValue {
        let bad = RegistryError.invalidValue(key: name, value: text, expected: expectation)
        switch kind {
        case .int:
            guard let v = Int(text) else { throw bad }
            return try validate(.int(v))
        case .float:
            guard let v = Double(text) else { throw bad }
            return try validate(.float(v))
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1", "on": return .bool(true)
            case "false", "no", "0", "off": return .bool(false)
            default: throw bad
            }
        case .string, .choice:
            return try validate(.string(text))
        }
    }
}
