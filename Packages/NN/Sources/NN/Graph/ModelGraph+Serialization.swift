import Foundation
import Tensor

extension ModelGraph {
    static let formatVersion = 1
    public static let headerKey = "facet.graph"

    private struct Header: Codable {
        var formatVersion: Int
        var nodes: [GraphNode]
        var output: String
    }

    /// Writes the architecture (JSON in the metadata) and every tensor to one safetensors
    /// file, atomically. `metadata` adds entries (e.g. how the model was made).
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        var meta = metadata
        meta[Self.headerKey] = try architectureJSON()
        try saveSafetensors(tensors, metadata: meta, to: url)
    }

    /// The architecture (nodes and output, no tensors) as the JSON stored under `facet.graph`.
    public func architectureJSON() throws -> String {
        let header = Header(formatVersion: Self.formatVersion, nodes: nodes, output: output)
        return String(decoding: try JSONEncoder().encode(header), as: UTF8.self)
    }

    /// A graph from its architecture JSON and its tensors (validated together).
    public init(architectureJSON json: String, tensors: [String: Tensor], file: String = "<memory>") throws {
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(json.utf8)) } catch {
            throw GraphError.invalidGraph("\(file): the architecture header is not readable (\(error))")
        }
        guard header.formatVersion == Self.formatVersion else {
            throw GraphError.invalidGraph("\(file): graph format version \(header.formatVersion) is not supported (this build reads \(Self.formatVersion))")
        }
        try self.init(nodes: header.nodes, tensors: tensors, output: header.output)
    }

    /// Reads a graph written by `save(to:)`, validating the architecture against the tensors.
    public static func load(from url: URL) throws -> (graph: ModelGraph, metadata: [String: String]) {
        let file = try SafetensorsFile(contentsOf: url)
        guard let json = file.metadata[headerKey] else {
            throw GraphError.invalidGraph("\(url.path) holds no model architecture ('\(headerKey)' metadata); it may be a plain weights file")
        }
        var tensors: [String: Tensor] = [:]
        for (name, entry) in file.entries { tensors[name] = entry.tensor() }
        var metadata = file.metadata
        metadata[headerKey] = nil
        return (try ModelGraph(architectureJSON: json, tensors: tensors, file: url.path), metadata)
    }
}
