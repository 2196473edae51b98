import NN
import Tensor

/// The range of a layer's input activations, known without data.
public struct ActivationRange: Sendable, Equatable {
    /// Clipping value m_x (for signed inputs, of |x|).
    public var maxValue: Float
    /// True when the input can be negative (a batch norm or residual sum with no ReLU after).
    public var signed: Bool
    /// The batch norms the bound came from, for the report ("bn2", "bn2+bn4").
    public var source: String
}

/// Data-free activation ranges from the batch-norm prior (DFQ-style): a batch norm's output
/// in channel c is about N(β_c, γ_c²), so it rarely leaves [β_c − k|γ_c|, β_c + k|γ_c|].
/// The bound is carried through ReLU (clips below at 0), ReLU6 (clips at 6), pooling,
/// flatten and identity (stay inside), residual adds (bounds add) and concats (widest).
/// The network input and anything not behind a batch norm have no data-free range.
public enum ActivationRanges {
    /// Bounds (lower, upper) of every node's output where the prior gives one.
    public static func bounds(_ graph: ModelGraph, k: Float) -> [String: (lower: Float, upper: Float, source: String)] {
        var bounds: [String: (lower: Float, upper: Float, source: String)] = [:]
        for node in graph.nodes {
            let inputs = node.inputs.map { bounds[$0] }
            switch node.op {
            case .batchNorm:
                guard let gamma = graph.tensor(node.name, "weight")?.scalars,
                      let beta = graph.tensor(node.name, "bias")?.scalars, !gamma.isEmpty else { continue }
                let upper = zip(beta, gamma).map { $0 + k * abs($1) }.max()!
                let lower = zip(beta, gamma).map { $0 - k * abs($1) }.min()!
                bounds[node.name] = (lower, upper, node.name)
            case .relu:
                if let b = inputs[0] { bounds[node.name] = (0, max(b.upper, 0), b.source) }
            case .relu6:
                if let b = inputs[0] { bounds[node.name] = (0, min(max(b.upper, 0), 6), b.source) }
            case .identity, .maxPool, .avgPool, .globalAvgPool, .flatten:
                if let b = inputs[0] { bounds[node.name] = b }
            case .add:
                let known = inputs.compactMap { $0 }
                if known.count == inputs.count {
                    bounds[node.name] = (known.map(\.lower).reduce(0, +), known.map(\.upper).reduce(0, +),
                                         known.map(\.source).joined(separator: "+"))
                }
            case .concat:
                let known = inputs.compactMap { $0 }
                if known.count == inputs.count {
                    bounds[node.name] = (known.map(\.lower).min()!, known.map(\.upper).max()!,
                                         known.map(\.source).joined(separator: "|"))
                }
            case .quantizeActivation(_, let m, _, let signed):
                bounds[node.name] = (signed ? -m : 0, m, "clip")
            default:
                continue
            }
        }
        return bounds
    }

    /// The data-free range of the input of each dense / conv / depthwise layer, nil where the
    /// input has no batch norm behind it (the network input, layers of models without BN).
    public static func layerInputs(_ graph: ModelGraph, k: Float = 6) -> [String: ActivationRange?] {
        let b = bounds(graph, k: k)
        var out: [String: ActivationRange?] = [:]
        for layer in QuantizableLayer.all(in: graph) {
            guard let input = graph.node(named: layer.name)?.inputs.first, let bound = b[input], bound.upper > 0 || bound.lower < 0 else {
                out[layer.name] = .some(nil)
                continue
            }
            let signed = bound.lower < 0
            out[layer.name] = ActivationRange(maxValue: signed ? max(bound.upper, -bound.lower) : bound.upper,
                                              signed: signed, source: bound.source)
        }
        return out
    }

    /// Inserts a `quantizeActivation` node before each listed layer (on its input, after any
    /// residual add), with one exponent for every layer.
    public static func insertingQuantizers(into graph: ModelGraph, ranges: [String: ActivationRange], bits: Int,
                                           exponent: Float) throws -> ModelGraph {
        var nodes: [GraphNode] = []
        let taken = Set(graph.nodes.map(\.name))
        for node in graph.nodes {
            if let range = ranges[node.name], let input = node.inputs.first {
                var name = "\(node.name)_aq"
                while taken.contains(name) { name += "_" }
                nodes.append(GraphNode(name: name, op: .quantizeActivation(bits: bits, maxValue: range.maxValue, exponent: exponent,
                                                                           signed: range.signed), inputs: [input]))
                var rewired = node
                rewired.inputs[0] = name
                nodes.append(rewired)
            } else {
                nodes.append(node)
            }
        }
        return try ModelGraph(nodes: nodes, tensors: graph.tensors, output: graph.output)
    }
}
