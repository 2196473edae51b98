import Foundation
import NN
import Tensor

/// A model whose selected weight tensors are stored as `QuantizedTensor`s; the others
/// (biases, batch norm, unquantized layers) stay float in the graph. `decoded()` gives the
/// graph that runs; `save(to:)` writes the compact form, so the file is about bits/32 of
/// the float file for the quantized part.
public struct QuantizedModel: Sendable {
    /// The architecture and every float tensor not in `quantized`.
    public var graph: ModelGraph
    public var quantized: [String: QuantizedTensor]

    public init(graph: ModelGraph, quantized: [String: QuantizedTensor]) {
        self.graph = graph
        self.quantized = quantized
    }

    /// The runnable graph: quantized tensors decoded to floats.
    public func decoded() throws -> ModelGraph {
        var g = graph
        for (name, q) in quantized { g.tensors[name] = try q.dequantized() }
        return g
    }

    /// Stored bytes: float tensors at 4 bytes each plus the compact tensors.
    public var byteCount: Int {
        graph.tensors.filter { quantized[$0.key] == nil }.values.reduce(0) { $0 + 4 * $1.count }
            + quantized.values.reduce(0) { $0 + $1.byteCount }
    }

    static let headerKey = "facet.quantized"

    private struct Entry: Codable {
        var shape: [Int]
        var bits: Int
        var exponent: Float?
        var levels: [Float]?
    }

    /// One safetensors file: the graph's float tensors and architecture, plus for each
    /// quantized tensor `<name>.codes` (U8, packed) and `<name>.scales` (F32), described in
    /// the `facet.quantized` metadata. Written atomically.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        var entries: [String: SafetensorsEntry] = [:]
        var described: [String: Entry] = [:]
        for (name, t) in graph.tensors where quantized[name] == nil { entries[name] = SafetensorsEntry(t) }
        for (name, q) in quantized {
            entries["\(name).codes"] = try SafetensorsEntry(shape: [q.packedCodes.count], values: q.packedCodes)
            entries["\(name).scales"] = try SafetensorsEntry(shape: [q.scales.count], values: q.scales)
            switch q.decoding {
            case .power(let a): described[name] = Entry(shape: q.shape, bits: q.bits, exponent: a, levels: nil)
            case .codebook(let levels): described[name] = Entry(shape: q.shape, bits: q.bits, exponent: nil, levels: levels)
            }
        }
        var meta = metadata
        meta[ModelGraph.headerKey] = try Self.architectureJSON(graph)
        meta[Self.headerKey] = String(decoding: try JSONEncoder().encode(described), as: UTF8.self)
        try SafetensorsFile(entries: entries, metadata: meta).write(to: url)
    }

    /// Reads a file written by `save(to:)` (or a plain float graph file, with nothing quantized).
    public static func load(from url: URL) throws -> (model: QuantizedModel, metadata: [String: String]) {
        let file = try SafetensorsFile(contentsOf: url)
        var described: [String: Entry] = [:]
        if let json = file.metadata[headerKey] {
            do { described = try JSONDecoder().decode([String: Entry].self, from: Data(json.utf8)) } catch {
                throw GraphError.invalidGraph("\(url.path): the quantized-weights header is not readable (\(error))")
            }
        }
        var floats: [String: Tensor] = [:], quantized: [String: QuantizedTensor] = [:]
        let compactNames = Set(described.keys.flatMap { ["\($0).codes", "\($0).scales"] })
        for (name, entry) in file.entries where !compactNames.contains(name) { floats[name] = entry.tensor() }
        for (name, d) in described {
            guard let codes = file.entries["\(name).codes"], let scales = file.entries["\(name).scales"] else {
                throw GraphError.invalidGraph("\(url.path): quantized tensor '\(name)' has no codes or scales")
            }
            let count = d.shape.reduce(1, *)
            let packed = try codes.values(as: UInt8.self)
            guard (2...8).contains(d.bits), packed.count == (count * d.bits + 7) / 8 else {
                throw GraphError.invalidGraph("\(url.path): '\(name)' holds \(packed.count) code bytes for \(count) codes of \(d.bits) bits (truncated?)")
            }
            let decoding: QuantizedTensor.Decoding = d.levels.map { .codebook(levels: $0) } ?? .power(exponent: d.exponent ?? 1)
            let q = QuantizedTensor(shape: d.shape, bits: d.bits, packedCodes: packed, scales: try scales.values(as: Float.self), decoding: decoding)
            quantized[name] = q
            floats[name] = try q.dequantized()    // the graph validates shapes against decoded weights
        }
        var metadata = file.metadata
        guard let architecture = metadata.removeValue(forKey: ModelGraph.headerKey) else {
            throw GraphError.invalidGraph("\(url.path) holds no model architecture; it is not a Facet model file")
        }
        metadata[headerKey] = nil
        let graph = try ModelGraph(architectureJSON: architecture, tensors: floats, file: url.path)
        return (QuantizedModel(graph: graph, quantized: quantized), metadata)
    }

    static func architectureJSON(_ graph: ModelGraph) throws -> String { try graph.architectureJSON() }
}
