import Foundation
import Tensor

/// The contents of one safetensors file: named entries and string metadata.
///
/// safetensors (Hugging Face's format) is a JSON header followed by raw little-endian
/// tensor bytes: it loads without running code (unlike pickle) and every other
/// framework reads it. Reading validates the whole header against the file before
/// making any tensor; writing goes through `writeFileAtomically`, so a crash mid-save
/// leaves the previous file intact.
///
/// ```swift
/// var file = SafetensorsFile(tensors: model.stateDict(), metadata: ["epoch": "3"])
/// file.entries["fc.weight_q"] = try SafetensorsEntry(shape: [10, 64], values: int8Weights)
/// try file.write(to: url)
/// let loaded = try SafetensorsFile(contentsOf: url)
/// let w = try loaded.tensor("fc.weight")   // Float32, whatever the stored dtype
/// ```
public struct SafetensorsFile: Sendable, Equatable {
    public var entries: [String: SafetensorsEntry]
    public var metadata: [String: String]
    /// Where it was read from (for error messages); empty when built in memory.
    public var source: String

    public init(entries: [String: SafetensorsEntry] = [:], metadata: [String: String] = [:]) {
        self.entries = entries
        self.metadata = metadata
        source = ""
    }

    /// F32 entries for every tensor (sharing their storage).
    public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.init(entries: tensors.mapValues { SafetensorsEntry($0) }, metadata: metadata)
    }

    /// Parses and validates the bytes of a whole file; `source` names it in errors.
    ///
    /// Entries keep slices of `data` (no copy): holding one entry keeps the whole buffer alive.
    public init(parsing data: Data, source: String = "<memory>") throws {
        let parsed = try SafetensorsReader.parse(data, source: source)
        entries = parsed.entries
        metadata = parsed.metadata
        self.source = source
    }

    /// Reads the file with one read and validates it.
    public init(contentsOf url: URL) throws {
        try self.init(parsing: readWholeFile(at: url), source: url.path)
    }

    /// The file's bytes (deterministic: sorted keys, size-ordered aligned tensors).
    public func serialized() throws -> Data {
        try SafetensorsWriter.serialize(entries: entries, metadata: metadata)
    }

    /// Writes the file atomically: the destination holds the old file or the whole new one.
    public func write(to url: URL) throws {
        try writeFileAtomically(serialized(), to: url)
    }

    /// The named entry as a Float32 tensor.
    public func tensor(_ name: String) throws -> Tensor {
        guard let entry = entries[name] else {
            let known = entries.keys.sorted()
            let shown = known.prefix(20).joined(separator: ", ") + (known.count > 20 ? ", ..." : "")
            throw SafetensorsError(.missingTensor, file: source, tensor: name,
                                   "the file holds no tensor of this name (it holds \(known.count): \(shown)); check the name or the file")
        }
        return entry.tensor()
    }

    /// Every entry as a Float32 tensor.
    public func tensors() -> [String: Tensor] { entries.mapValues { $0.tensor() } }

    /// Same entries and metadata; where each came from does not matter.
    public static func == (a: SafetensorsFile, b: SafetensorsFile) -> Bool {
        a.entries == b.entries && a.metadata == b.metadata
    }
}

/// Saves Float32 tensors and string metadata as a safetensors file, atomically.
public func saveSafetensors(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
    try SafetensorsFile(tensors: tensors, metadata: metadata).write(to: url)
}

/// Loads every tensor of a safetensors file as Float32 (converting F16, BF16, integers, ...)
/// and its metadata.
public func loadSafetensors(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
    let file = try SafetensorsFile(contentsOf: url)
    return (file.tensors(), file.metadata)
}
