import NN
import Tensor

/// A layer whose weight a quantizer rewrites: dense, conv2d or depthwise conv. Biases stay
/// float (they are few and feed the accumulator at higher precision).
public struct QuantizableLayer: Sendable, Equatable {
    public var name: String
    public var op: GraphOp
    public var weight: Tensor

    /// `<node>.weight`, the graph tensor.
    public var tensorName: String { "\(name).weight" }

    public var isDepthwise: Bool {
        switch op {
        case .depthwiseConv2d: return true
        case .conv2d(_, _, let groups): return groups > 1 && groups == weight.shape[0] && weight.shape[1] == 1
        default: return false
        }
    }

    /// Per-channel scales for `.perChannel`, and always for depthwise convs, whose channels'
    /// ranges differ by orders of magnitude (one tensor scale would zero most of them).
    public func usesPerChannelScales(_ granularity: Granularity) -> Bool {
        granularity == .perChannel || isDepthwise
    }

    /// The quantizable layers of a graph, in graph order.
    public static func all(in graph: ModelGraph) -> [QuantizableLayer] {
        graph.nodes.compactMap { node in
            switch node.op {
            case .dense, .conv2d, .depthwiseConv2d:
                return graph.tensor(node.name, "weight").map { QuantizableLayer(name: node.name, op: node.op, weight: $0) }
            default:
                return nil
            }
        }
    }
}
