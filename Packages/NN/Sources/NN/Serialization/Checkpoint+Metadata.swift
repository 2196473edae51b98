import Foundation

/// Typed access to a checkpoint's string metadata.
///
/// safetensors metadata is string to string; numbers are stored as their decimal text,
/// which is exact for every Int and UInt64 (an RNG state must resume bit for bit, and
/// JSON readers that go through Double would round a UInt64 above 2^53).
extension Checkpoint {
    public mutating func set(_ value: String, forKey key: String) { metadata[key] = value }
    public mutating func set(_ value: Int, forKey key: String) { metadata[key] = String(value) }
    public mutating func set(_ value: UInt64, forKey key: String) { metadata[key] = String(value) }
    /// Shortest text that reads back as the same Double.
    public mutating func set(_ value: Double, forKey key: String) { metadata[key] = "\(value)" }
    /// Comma-separated decimals, e.g. the four words of a xoshiro256 state.
    public mutating func set(_ values: [UInt64], forKey key: String) {
        metadata[key] = values.map(String.init).joined(separator: ",")
    }

    /// A value as JSON text, e.g. a hyperparameter struct.
    public mutating func setJSON<T: Encodable>(_ value: T, forKey key: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        metadata[key] = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func string(forKey key: String) throws -> String {
        guard let value = metadata[key] else { throw CheckpointError.missingMetadata(file: place, key: key) }
        return value
    }

    public func int(forKey key: String) throws -> Int {
        try parse(key, "an integer") { Int($0) }
    }

    public func uint64(forKey key: String) throws -> UInt64 {
        try parse(key, "an unsigned 64-bit integer") { UInt64($0) }
    }

    public func double(forKey key: String) throws -> Double {
        try parse(key, "a number") { Double($0) }
    }

    public func uint64s(forKey key: String) throws -> [UInt64] {
        try parse(key, "comma-separated unsigned 64-bit integers") { text in
            if text.isEmpty { return [] }
            var out: [UInt64] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let v = UInt64(part) else { return nil }
                out.append(v)
            }
            return out
        }
    }

    public func json<T: Decodable>(_ type: T.Type, forKey key: String) throws -> T {
        let text = try string(forKey: key)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw CheckpointError.invalidMetadata(file: place, key: key, value: String(text.prefix(200)),
                                                  expected: "JSON of \(T.self) (\(error))")
        }
    }

    private var place: String { source.isEmpty ? "<memory>" : source }

    private func parse<T>(_ key: String, _ expected: String, _ convert: (String) -> T?) throws -> T {
        let text = try string(forKey: key)
        guard let value = convert(text) else {
            throw CheckpointError.invalidMetadata(file: place, key: key, value: String(text.prefix(200)), expected: expected)
        }
        return value
    }
}
