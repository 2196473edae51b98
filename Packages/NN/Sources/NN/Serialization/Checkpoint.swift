import Foundation
import Tensor

/// A training checkpoint: named tensors (model state, optimizer state, anything) and
/// string metadata (epoch, step, RNG state, hyperparameters), stored as one safetensors file.
///
/// The file carries `facet.format_version`; reading refuses a missing or newer version
/// with a clear message instead of misreading a layout it does not know (PyTorch's
/// lesson: version saved formats from day one, migrate old ones on load). The file is
/// an ordinary safetensors file, so any other tool can inspect it.
///
/// ```swift
/// var ckpt = Checkpoint(tensors: model.stateDict())
/// ckpt.tensors.merge(optimizer.stateDict().map { ("optim." + $0, $1) }) { $1 }
/// ckpt.set(epoch, forKey: "epoch")
/// ckpt.set(rngState, forKey: "rng")              // [UInt64], exact
/// try ckpt.setJSON(hyperparameters, forKey: "hyperparameters")
/// try ckpt.write(to: url)
///
/// let resumed = try Checkpoint.read(from: url)
/// let epoch = try resumed.int(forKey: "epoch")
/// ```
public struct Checkpoint: Sendable, Equatable {
    /// The layout this build writes and the newest it reads.
    public static let formatVersion = 1
    /// The metadata key holding the format version.
    public static let formatVersionKey = "facet.format_version"

    public var tensors: [String: Tensor]
    /// Metadata without the format version (which `write` adds and `read` checks).
    public var metadata: [String: String]
    /// Where it was read from (for error messages); empty when built in memory.
    public var source: String = ""

    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// A checkpoint from a parsed safetensors file, after checking its format version.
    /// Entries of other dtypes (F16, integers) are converted to Float32.
    public init(_ file: SafetensorsFile) throws {
        let source = file.source.isEmpty ? "<memory>" : file.source
        guard let version = file.metadata[Self.formatVersionKey] else {
            throw CheckpointError.missingFormatVersion(file: source)
        }
        guard let number = Int(version), number >= 1 else {
            throw CheckpointError.unsupportedFormatVersion(file: source, found: version)
        }
        guard number <= Self.formatVersion else {
            throw CheckpointError.unsupportedFormatVersion(file: source, found: version)
        }
        // Older layouts would be migrated here, one version step at a time; 1 is the first.
        var metadata = file.metadata
        metadata[Self.formatVersionKey] = nil
        self.init(tensors: file.tensors(), metadata: metadata)
        self.source = source
    }

    /// Reads and validates a checkpoint file.
    public static func read(from url: URL) throws -> Checkpoint {
        try Checkpoint(SafetensorsFile(contentsOf: url))
    }

    /// The checkpoint as a safetensors file, format version included.
    public func safetensorsFile() throws -> SafetensorsFile {
        guard metadata[Self.formatVersionKey] == nil else {
            throw CheckpointError.reservedKey(Self.formatVersionKey)
        }
        var all = metadata
        all[Self.formatVersionKey] = String(Self.formatVersion)
        return SafetensorsFile(tensors: tensors, metadata: all)
    }

    /// Writes the checkpoint atomically: a crash mid-save leaves the previous file intact.
    public func write(to url: URL) throws {
        try safetensorsFile().write(to: url)
    }

    /// Same tensors and metadata; where each came from does not matter.
    public static func == (a: Checkpoint, b: Checkpoint) -> Bool {
        a.tensors == b.tensors && a.metadata == b.metadata
    }
}

/// A checkpoint that is not one, is of an unknown format version, or lacks what the caller asked for.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case missingFormatVersion(file: String)
    case unsupportedFormatVersion(file: String, found: String)
    case reservedKey(String)
    case missingMetadata(file: String, key: String)
    case invalidMetadata(file: String, key: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .missingFormatVersion(let file):
            return "\(file) is not a Facet checkpoint: its metadata has no \(Checkpoint.formatVersionKey); if it is a plain safetensors file (e.g. weights only), load it with loadSafetensors(from:)"
        case .unsupportedFormatVersion(let file, let found):
            if let n = Int(found), n > Checkpoint.formatVersion {
                return "\(file) is a checkpoint of format version \(n), newer than the \(Checkpoint.formatVersion) this build of Facet reads; update Facet to read it"
            }
            return "\(file) has \(Checkpoint.formatVersionKey) '\(found)', which is not a format version Facet knows (1...\(Checkpoint.formatVersion)); the file is damaged or was not written by Facet"
        case .reservedKey(let key):
            return "metadata key '\(key)' is reserved: Checkpoint.write sets it; remove it from the metadata"
        case .missingMetadata(let file, let key):
            return "checkpoint \(file) has no metadata '\(key)'; was it written by another training recipe or an older version of it?"
        case .invalidMetadata(let file, let key, let value, let expected):
            return "checkpoint \(file) metadata '\(key)' is '\(value)', not \(expected); the file is damaged or was written by another program"
        }
    }
}
