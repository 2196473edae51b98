import Foundation
import Tensor

extension ModelGraph {
    static let formatVersion = 1
    static let headerKey = "facet.graph"

    private struct Header: Codable {
        var formatVersion: Int
        var nodes: [GraphNode]
        var output: String
    }

    /// Writes the architecture (JSON in the metadata) and every tensor to one safetensors
    /// file, atomically. `metadata` adds entries (e.g. how the model was made).
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        let header = Header(formatVersion: Self.formatVersion, nodes: nodes, output: output)
        let json = String(decoding: try JSONEncoder().encode(header), as: UTF8.self)
        var meta = metadata
        meta[Self.headerKey] = json
        try saveSafetensors(tensors, metadata: meta, to: url)
    }

    /// Reads a graph written by `save(to:)`, validating the architecture against the tensors.
    public static func load(from url: URL) throws -> (graph: ModelGraph, metadata: [String: String]) {
        let file = try SafetensorsFile(contentsOf: url)
        guard let json = file.metadata[headerKey] else {
            throw GraphError.invalidGraph("\(url.path) holds no model architecture ('\(headerKey)' metadata); it may be a plain weights file")
        }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(json.utf8)) } catch {
            throw GraphError.invalidGraph("\(url.path): the architecture header is not readable (\(error))")
        }
        guard header.formatVersion == formatVersion else {
            throw GraphError.invalidGraph("\(url.path): graph format version \(header.formatVersion) is not supported (this build reads \(formatVersion))")
        }
        var tensors: [String: Tensor] = [:]
        for (name, entry) in file.entries { tensors[name] = entry.tensor() }
        var metadata = file.metadata
        metadata[headerKey] = nil
        return (try ModelGraph(nodes: header.nodes, tensors: tensors, output: header.output), metadata)
    }
}
