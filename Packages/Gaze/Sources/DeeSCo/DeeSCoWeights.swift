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
    static let format = ModelWeightsFile<DeeSCoWeightsError>(kind: "deesco", formatVersion: formatVersion)

    /// Writes `model`'s weights atomically; returns the file's SHA-256.
    @discardableResult
    public static func save(_ model: DeeSCoModel, to url: URL, provenance: [String: String] = [:]) throws -> String {
        try format.save(state: model.stateDict(), config: model.config, provenance: provenance, to: url)
    }

    /// The model stored at `url`, in evaluation mode, and the file's metadata.
    public static func load(from url: URL, expectedSHA256: String? = nil) throws -> (model: DeeSCoModel, metadata: [String: String]) {
        try load(data: try Data(contentsOf: url), source: url.path, expectedSHA256: expectedSHA256)
    }

    public static func load(data: Data, source: String, expectedSHA256: String? = nil) throws -> (model: DeeSCoModel, metadata: [String: String]) {
        let (state, config, metadata) = try format.read(data: data, source: source, expectedSHA256: expectedSHA256) { text in
            do {
                return try JSONDecoder().decode(DeeSCoConfig.self, from: Data(text.utf8))
            } catch {
                throw GazeError.invalidArgument("\(source): its deesco.config metadata is not a valid DeeSCo configuration (\(error))")
            }
        }
        let model = try DeeSCoModel(config: config)
        try model.loadStateDict(state)
        model.eval()
        return (model, metadata)
    }
}

extension DeeSCoWeightsError: ModelWeightsFileError {
    public static func wrongKind(path: String) -> DeeSCoWeightsError { .notDeeSCo(path: path) }
}
