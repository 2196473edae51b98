import Foundation

/// The hyperparameter values a method is built with.
///
/// Starts from the descriptor's defaults; a JSON object and `key=value` pairs override
/// them, each checked against the declared type and range, so a factory only ever sees
/// valid values.
///
/// ```swift
/// var config = MethodConfiguration(descriptor: DeCaFAPlugin.descriptor)
/// try config.apply(jsonFile: URL(fileURLWithPath: "decafa.json"))
/// try config.apply(overrides: ["stages=3", "input-size=96"])
/// let stages = try config.int("stages")
/// ```
public struct MethodConfiguration: Hashable, Sendable {
    public let descriptor: MethodDescriptor
    public private(set) var values: [String: HyperparameterValue]

    public init(descriptor: MethodDescriptor) {
        self.descriptor = descriptor
        values = Dictionary(uniqueKeysWithValues: descriptor.hyperparameters.map { ($0.name, $0.defaultValue) })
    }

    /// Sets one value after checking it; unknown keys list the valid ones.
    public mutating func set(_ key: String, _ value: HyperparameterValue) throws {
        values[key] = try parameter(key).validate(value)
    }

    /// Applies `key=value` pairs as typed on the command line.
    public mutating func apply(overrides pairs: [String]) throws {
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw RegistryError.malformedOverride(pair)
            }
            let key = String(pair[..<eq]).trimmingWhitespace()
            let text = String(pair[pair.index(after: eq)...]).trimmingWhitespace()
            values[key] = try parameter(key).parse(text)
        }
    }

    /// Applies a JSON object of overrides: `{"stages": 3, "loss": "wing"}`.
    public mutating func apply(json data: Data) throws {
        let object: [String: HyperparameterValue]
        do {
            object = try JSONDecoder().decode([String: HyperparameterValue].self, from: data)
        } catch {
            throw RegistryError.malformedConfiguration(
                "expected a JSON object of hyperparameter values, e.g. {\"stages\": 3} (\(Self.describe(error)))")
        }
        for key in object.keys.sorted() {
            try set(key, object[key]!)
        }
    }

    public mutating func apply(jsonFile url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw RegistryError.malformedConfiguration("cannot read \(url.path): \(error.localizedDescription)")
        }
        do { try apply(json: data) } catch RegistryError.malformedConfiguration(let why) {
            throw RegistryError.malformedConfiguration("\(url.path): \(why)")
        }
    }

    public func value(_ key: String) throws -> HyperparameterValue {
        _ = try parameter(key)
        return values[key]!
    }

    public func int(_ key: String) throws -> Int {
        guard case .int(let v) = try value(key) else { throw wrongAccess(key, "int") }
        return v
    }

    public func float(_ key: String) throws -> Double {
        switch try value(key) {
        case .float(let v): return v
        case .int(let v): return Double(v)
        default: throw wrongAccess(key, "float")
        }
    }

    public func bool(_ key: String) throws -> Bool {
        guard case .bool(let v) = try value(key) else { throw wrongAccess(key, "bool") }
        return v
    }

    public func string(_ key: String) throws -> String {
        guard case .string(let v) = try value(key) else { throw wrongAccess(key, "string") }
        return v
    }

    /// The values that differ from the defaults, for reports and saved models.
    public var overrides: [String: HyperparameterValue] {
        values.filter { descriptor.hyperparameter(named: $0.key)?.defaultValue != $0.value }
    }

    private func parameter(_ key: String) throws -> Hyperparameter {
        guard let p = descriptor.hyperparameter(named: key) else {
            throw RegistryError.unknownHyperparameter(key: key, method: descriptor.id,
                                                      valid: descriptor.hyperparameters.map(\.name))
        }
        return p
    }

    private func wrongAccess(_ key: String, _ asked: String) -> RegistryError {
        .invalidValue(key: key, value: values[key]?.description ?? "", expected: "\(asked) (the plugin read it with the wrong accessor)")
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): return c.debugDescription
        case DecodingError.typeMismatch(_, let c): return c.debugDescription
        default: return "\(error)"
        }
    }
}
