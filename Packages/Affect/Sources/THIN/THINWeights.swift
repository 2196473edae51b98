import AffectCore
import Foundation
import NN
import Tensor

/// Errors of THIN weight files: what is wrong with the file and what to do.
public enum THINWeightsError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case notTHIN(path: String)
    case unsupportedVersion(path: String, found: String)
    case malformed(path: String, key: String)
    case payloadCorrupt(path: String)
    case unsupportedModel(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read THIN weights \(path) (\(reason)); check the path or train weights with `facet expression train -o FILE`"
        case .notTHIN(let path):
            return "\(path) is not a THIN weight file (no thin.architecture in its metadata); write one with `facet expression train -o FILE`"
        case .unsupportedVersion(let path, let found):
            return "\(path) has THIN weight format \(found), this build reads \(THINWeights.formatVersion); update the toolkit or retrain"
        case .malformed(let path, let key):
            return "\(path): metadata \(key) is missing or unreadable (damaged or edited file); retrain or restore it"
        case .payloadCorrupt(let path):
            return "\(path): the tensors do not match the checksum stored in the file (corrupt or edited); retrain or restore the file"
        case .unsupportedModel(let message):
            return "cannot save this THIN model: \(message)"
        }
    }
}

/// How a saved face THIN model is built: E and F are `ConvTrunk`s, E's head has
/// `identityCount` outputs, and crops are made by `ExpressionCrop` with `cropMargin`.
public struct THINFaceArchitecture: Sendable, Equatable, Codable {
    public var trunk: ConvTrunk
    public var identityCount: Int
    public var cropMargin: Float

    public init(trunk: ConvTrunk = ConvTrunk(), identityCount: Int, cropMargin: Float) {
        self.trunk = trunk
        self.identityCount = identityCount
        self.cropMargin = cropMargin
    }

    /// An untrained model of this architecture.
    public func makeModel(config: THINConfig, labels: ExpressionLabelSet) throws -> THINModel {
        try trunk.validate()
        guard identityCount >= 2 else { throw THINError.invalidConfiguration("E needs ≥ 2 identities, got \(identityCount)") }
        let e = ExogenousNetwork(trunk: try trunk.make(), head: Linear(trunk.representationSize, identityCount))
        return try THINModel(exogenous: e, endogenous: try trunk.make(), endogenousSize: trunk.representationSize,
                             classCount: labels.count, config: config, labels: labels,
                             inputShape: [trunk.inputChannels, trunk.inputSide, trunk.inputSide], flattensInput: false)
    }
}

/// Reading and writing face THIN models: a safetensors file with every tensor (E, F, gate,
/// heads), the architecture, configuration and labels as JSON, a format version, free-form
/// provenance, and a checksum of the tensors that loading recomputes, so a damaged file is
/// refused rather than run. Writing is atomic: a crash leaves the previous file whole.
///
/// ```swift
/// try THINWeights.save(model, architecture: arch, to: url, provenance: ["test_accuracy": "0.71"])
/// let (model, architecture, metadata) = try THINWeights.load(from: url)
/// ```
public enum THINWeights {
    public static let formatVersion = "1"

    /// Writes the model and returns the tensors' checksum.
    @discardableResult
    public static func save(_ model: THINModel, architecture: THINFaceArchitecture, to url: URL,
                            provenance: [String: String] = [:]) throws -> String {
        guard model.config.gateInput != .external else {
            throw THINWeightsError.unsupportedModel("it gates on an external input, which an image does not provide")
        }
        let state = model.stateDict()
        var metadata = provenance
        metadata["thin.format"] = formatVersion
        metadata["thin.architecture"] = try json(architecture)
        metadata["thin.config"] = try json(model.config)
        metadata["thin.labels"] = try json(model.labels)
        let checksum = payloadChecksum(state)
        metadata["thin.tensors_checksum"] = checksum
        try SafetensorsFile(tensors: state, metadata: metadata).write(to: url)
        return checksum
    }

    public static func load(from url: URL) throws -> (model: THINModel, architecture: THINFaceArchitecture, metadata: [String: String]) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw THINWeightsError.unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        return try load(data: data, source: url.path)
    }

    public static func load(data: Data, source: String) throws -> (model: THINModel, architecture: THINFaceArchitecture, metadata: [String: String]) {
        let file = try SafetensorsFile(parsing: data, source: source)
        guard file.metadata["thin.architecture"] != nil else { throw THINWeightsError.notTHIN(path: source) }
        let version = file.metadata["thin.format"] ?? "?"
        guard version == formatVersion else { throw THINWeightsError.unsupportedVersion(path: source, found: version) }
        func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
            guard let text = file.metadata[key], let value = try? JSONDecoder().decode(T.self, from: Data(text.utf8)) else {
                throw THINWeightsError.malformed(path: source, key: key)
            }
            return value
        }
        let architecture = try decode(THINFaceArchitecture.self, "thin.architecture")
        let config = try decode(THINConfig.self, "thin.config")
        let labels = try decode(ExpressionLabelSet.self, "thin.labels")
        let state = file.tensors()
        guard file.metadata["thin.tensors_checksum"] == payloadChecksum(state) else { throw THINWeightsError.payloadCorrupt(path: source) }
        let model: THINModel
        do {
            model = try architecture.makeModel(config: config, labels: labels)
            try model.loadStateDict(state)
        } catch {
            throw THINWeightsError.malformed(path: source, key: "thin.architecture (\(error))")
        }
        model.eval()
        return (model, architecture, file.metadata)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    /// SHA-256 over the tensors in name order (name, shape, Float32 bytes).
    static func payloadChecksum(_ state: [String: Tensor]) -> String { SHA256Digest.hex(state: state) }
}
