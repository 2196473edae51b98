import FaceAlignCore
import Foundation
import NN
import Tensor

/// Errors of DeCaFA weight files.
public enum DeCaFAWeightsError: Error, CustomStringConvertible, Equatable {
    case notDeCaFA(path: String)
    case unsupportedVersion(path: String, found: String)
    case checksumMismatch(path: String, expected: String, found: String)
    case payloadCorrupt(path: String)
    case missingDefault(reason: String)

    public var description: String {
        switch self {
        case .notDeCaFA(let path):
            return "\(path) is not a DeCaFA weight file (no decafa.config in its metadata); write one with `facet train decafa -o FILE`"
        case .unsupportedVersion(let path, let found):
            return "\(path) has DeCaFA weight format \(found), this build reads \(DeCaFAWeights.formatVersion); update the toolkit or retrain"
        case .checksumMismatch(let path, let expected, let found):
            return "\(path) has SHA-256 \(found) but \(expected) was expected: the file is corrupt or not the release's; download or retrain it"
        case .payloadCorrupt(let path):
            return "\(path): the tensors do not match the checksum stored in the file (corrupt or edited); retrain or restore the file"
        case .missingDefault(let reason):
            return "the default DeCaFA weights are not available (\(reason)); train them with `facet train decafa -o weights.safetensors` and pass --weights"
        }
    }
}

/// Reading and writing DeCaFA weights: a safetensors file holding the model's state, its
/// `DeCaFAConfig` as JSON, a format version, free-form provenance (recipe, data, NME), and a
/// SHA-256 of the tensor payload. Loading recomputes that digest, so a flipped byte in any
/// tensor is refused even when the caller has no external digest; a release also pins the
/// whole file's SHA-256 (`expectedSHA256`).
public enum DeCaFAWeights {
    public static let formatVersion = "1"
    static let format = ModelWeightsFile<DeCaFAWeightsError>(kind: "decafa", formatVersion: formatVersion)

    /// Writes `network`'s weights atomically and returns the file's SHA-256.
    @discardableResult
    public static func save(_ network: DeCaFANetwork, to url: URL, provenance: [String: String] = [:]) throws -> String {
        try format.save(state: network.stateDict(), config: network.config, provenance: provenance, to: url)
    }

    /// The model stored at `url`; throws when the file is not DeCaFA's, its version is
    /// unknown, its SHA-256 differs from `expectedSHA256`, or its tensors fail their digest.
    public static func load(from url: URL, expectedSHA256: String? = nil) throws -> (network: DeCaFANetwork, metadata: [String: String]) {
        let data = try Data(contentsOf: url)
        return try load(data: data, source: url.path, expectedSHA256: expectedSHA256)
    }

    public static func load(data: Data, source: String, expectedSHA256: String? = nil) throws -> (network: DeCaFANetwork, metadata: [String: String]) {
        let (state, config, metadata) = try format.read(data: data, source: source, expectedSHA256: expectedSHA256) {
            try JSONDecoder().decode(DeCaFAConfig.self, from: Data($0.utf8))
        }
        let network = try DeCaFANetwork(config)
        try network.loadStateDict(state)
        network.eval()
        return (network, metadata)
    }
}

extension DeCaFAWeightsError: ModelWeightsFileError {
    public static func wrongKind(path: String) -> DeCaFAWeightsError { .notDeCaFA(path: path) }
}
