import Foundation
import Tensor

/// The failures a method's weight-file errors must be able to name, so that
/// `ModelWeightsFile` throws the method's own error type (enum cases satisfy these).
public protocol ModelWeightsFileError: Error {
    /// The whole file's SHA-256 is not the one the caller (a release) expects.
    static func checksumMismatch(path: String, expected: String, found: String) -> Self
    /// The file has no `<kind>.config`: it was written for another method or by other tools.
    static func wrongKind(path: String) -> Self
    static func unsupportedVersion(path: String, found: String) -> Self
    /// The tensors do not match the digest stored beside them.
    static func payloadCorrupt(path: String) -> Self
}

/// The weight-file layout of a method plugin: a safetensors file with the model's state and,
/// under the method's `kind` key, its configuration as JSON (`<kind>.config`), a format
/// version (`<kind>.format`) and the SHA-256 of the tensors (`<kind>.tensors_sha256`), which
/// reading recomputes, so a flipped byte in any tensor is refused; a release also pins the
/// whole file's SHA-256. Writing is atomic.
public struct ModelWeightsFile<Failure: ModelWeightsFileError>: Sendable {
    public let kind: String
    public let formatVersion: String

    public init(kind: String, formatVersion: String) {
        self.kind = kind
        self.formatVersion = formatVersion
    }

    /// Writes `state` with `config` (as sorted-key JSON) and `provenance`; returns the file's SHA-256.
    @discardableResult
    public func save(state: [String: Tensor], config: some Encodable, provenance: [String: String], to url: URL) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var metadata = provenance
        metadata["\(kind).format"] = formatVersion
        metadata["\(kind).config"] = String(decoding: try encoder.encode(config), as: UTF8.self)
        metadata["\(kind).tensors_sha256"] = SHA256Digest.hex(state: state)
        let data = try SafetensorsFile(tensors: state, metadata: metadata).serialized()
        try writeFileAtomically(data, to: url)
        return SHA256Digest.hex(data)
    }

    /// Checks `data` (the file's SHA-256 against `expectedSHA256` when given, the kind, the
    /// format version, then the tensors' digest) and returns its state, its configuration as
    /// `decodeConfig` makes it from the stored JSON, and its metadata.
    public func read<Config>(data: Data, source: String, expectedSHA256: String?,
                             decodeConfig: (String) throws -> Config) throws -> (state: [String: Tensor], config: Config, metadata: [String: String]) {
        if let expected = expectedSHA256 {
            let found = SHA256Digest.hex(data)
            guard found == expected.lowercased() else { throw Failure.checksumMismatch(path: source, expected: expected, found: found) }
        }
        let file = try SafetensorsFile(parsing: data, source: source)
        guard let configText = file.metadata["\(kind).config"] else { throw Failure.wrongKind(path: source) }
        let version = file.metadata["\(kind).format"] ?? "?"
        guard version == formatVersion else { throw Failure.unsupportedVersion(path: source, found: version) }
        let config = try decodeConfig(configText)
        let state = file.tensors()
        guard let stored = file.metadata["\(kind).tensors_sha256"], stored == SHA256Digest.hex(state: state) else {
            throw Failure.payloadCorrupt(path: source)
        }
        return (state, config, file.metadata)
    }
}

/// A released weight set of a method, in the spirit of torchvision's weight enums: the file
/// shipped in the method's resources, its SHA-256, how it was made and what it measured.
public struct ModelWeightsRelease: Sendable {
    public var name: String
    /// File name inside the method's resources.
    public var file: String
    public var sha256: String
    public var command: String
    public var data: String
    /// Measured figures, e.g. `nme_io_hard_pct`.
    public var metrics: [String: Double]

    public init(name: String, file: String, sha256: String, command: String, data: String, metrics: [String: Double]) {
        self.name = name
        self.file = file
        self.sha256 = sha256
        self.command = command
        self.data = data
        self.metrics = metrics
    }
}
