import Foundation
import GazeCore
import NN
import Tensor

/// Errors of DeeSCo weight files.
public enum DeeSCoWeightsError: Error, CustomStringConvertible, Equatable {
    case notDeeSCo(path: String)
    case unsupportedVersion(path: String, found: String)
    case checksumMismatch(path: String, expected: String, found: String)
    case payloadCorrupt(path: String)
    case missingDefault(reason: String)

    public var description: String {
        switch self {
        case .notDeeSCo(let path):
            return "\(path) is not a DeeSCo weight file (no deesco.config in its metadata); write one with DeeSCoWeights.save"
        case .unsupportedVersion(let path, let found):
            return "\(path) has DeeSCo weight format \(found), this build reads \(DeeSCoWeights.formatVersion); update the toolkit or retrain"
        case .checksumMismatch(let path, let expected, let found):
            return "\(path) has SHA-256 \(found) but \(expected) was expected: the file is corrupt or not the release's; restore or retrain it"
        case .payloadCorrupt(let path):
            return "\(path): the tensors do not match the digest stored in the file (corrupt or edited); retrain or restore the file"
        case .missingDefault(let reason):
            return "the default DeeSCo weights are not available (\(reason)); train weights with DeeSCoRecipe.trainDefault and pass their path"
        }
    }
}

/// DeeSCo weights: a safetensors file with the model's state, its `DeeSCoConfig` as JSON, a
/// format version, provenance, and a SHA-256 of the tensor payload that loading recomputes
/// (a flipped byte in any tensor is refused); a release also pins the whole file's SHA-256.
public enum DeeSCoWeights {
    public static let formatVersion = "1"

    /// Writes `model`'s weights atomically; returns the file's SHA-256.
    @discardableResult
    public static func save(_ model: DeeSCoModel, to url: URL, provenance: [String: String] = [:]) throws -> String {
        let state = model.stateDict()
        var metadata = provenance
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        metadata["deesco.format"] = formatVersion
        metadata["deesco.config"] = String(decoding: try encoder.encode(model.config), as: UTF8.self)
        metadata["deesco.tensors_sha256"] = payloadDigest(state)
        let data = try SafetensorsFile(tensors: state, metadata: metadata).serialized()
        try writeFileAtomically(data, to: url)
        return SHA256Digest.hex(data)
    }

    /// The model stored at `url`, in evaluation mode, and the file's metadata.
    public static func load(from url: URL, expectedSHA256: String? = nil) throws -> (model: DeeSCoModel, metadata: [String: String]) {
        try load(data: try Data(contentsOf: url), source: url.path, expectedSHA256: expectedSHA256)
    }

    public static func load(data: Data, source: String, expectedSHA256: String? = nil) throws -> (model: DeeSCoModel, metadata: [String: String]) {
        if let expected = expectedSHA256 {
            let found = SHA256Digest.hex(data)
            guard found == expected.lowercased() else { throw DeeSCoWeightsError.checksumMismatch(path: source, expected: expected, found: found) }
        }
        let file = try SafetensorsFile(parsing: data, source: source)
        guard let configText = file.metadata["deesco.config"] else { throw DeeSCoWeightsError.notDeeSCo(path: source) }
        let version = file.metadata["deesco.format"] ?? "?"
        guard version == formatVersion else { throw DeeSCoWeightsError.unsupportedVersion(path: source, found: version) }
        let config: DeeSCoConfig
        do {
            config = try JSONDecoder().decode(DeeSCoConfig.self, from: Data(configText.utf8))
        } catch {
            throw GazeError.invalidArgument("\(source): its deesco.config metadata is not a valid DeeSCo configuration (\(error))")
        }
        let state = file.tensors()
        guard let stored = file.metadata["deesco.tensors_sha256"], stored == payloadDigest(state) else {
            throw DeeSCoWeightsError.payloadCorrupt(path: source)
        }
        let model = try DeeSCoModel(config: config)
        try model.loadStateDict(state)
        model.eval()
        return (model, file.metadata)
    }

    /// SHA-256 over the tensors in name order (NN's `SHA256Digest.hex(state:)`).
    static func payloadDigest(_ state: [String: Tensor]) -> String { SHA256Digest.hex(state: state) }
}
