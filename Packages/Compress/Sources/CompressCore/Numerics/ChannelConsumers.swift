import NN
import Tensor

/// Where the output channels of one producer (dense or conv2d) are read: through element-wise
/// activations, pooling and flatten, into dense or ungrouped conv2d consumers. Data-free
/// structured methods need it to read or rewrite a channel's outgoing weights ("columns").
///
/// A channel that reaches a residual add, a concat, a batch norm, a depthwise or uneven
/// conv, a softmax or the graph output is not traceable (`trace` returns nil): its outgoing
/// weights are not a plain slice of consumer columns.
public struct ChannelConsumers: Sendable {
    public struct Consumer: Sendable {
        /// The consumer node (dense or conv2d).
        public var node: String
        public var isDense: Bool
        /// Dense: consecutive input columns per channel (H·W after a flatten, else 1).
        public var block: Int
        /// The ops between the producer and this consumer, in order.
        public var path: [GraphOp]
    }

    public var producer: String
    public var consumers: [Consumer]

    /// Traces `producer`'s channels; nil when they flow anywhere but into dense / conv2d columns.
    public static func trace(_ graph: ModelGraph, producer: String) throws -> ChannelConsumers? {
        let shapes = try graph.inferShapes()
        var found: [Consumer] = []
        var stack: [(node: String, block: Int, path: [GraphOp])] = [(producer, 1, [])]
        while let (name, block, path) = stack.popLast() {
            if name == graph.output { return nil }
            let readers = graph.consumers(of: name)
            if readers.isEmpty { return nil }
            for reader in readers {
                switch reader.op {
                case .relu, .relu6, .identity, .maxPool, .avgPool, .globalAvgPool:
                    stack.append((reader.name, block, path + [reader.op]))
                case .flatten:
                    let input = shapes[name]!
                    stack.append((reader.name, block * input.dropFirst().reduce(1, *), path + [reader.op]))
                case .dense:
                    found.append(Consumer(node: reader.name, isDense: true, block: block, path: path))
                case .conv2d(_, _, 1) where block == 1:
                    found.append(Consumer(node: reader.name, isDense: false, block: 1, path: path))
                default:
                    return nil
                }
            }
        }
        return ChannelConsumers(producer: producer, consumers: found)
    }

    /// The outgoing weights of `channel`, every consumer's slice concatenated.
    public func outgoing(_ graph: ModelGraph, channel: Int) -> [Float] {
        var out: [Float] = []
        for c in consumers {
            let w = graph.tensors["\(c.node).weight"]!
            let rows = w.shape[0], columns = w.shape[1], inner = w.count / (rows * columns)
            w.withUnsafeBufferPointer { p in
                for r in 0..<rows {
                    for col in (channel * c.block)..<((channel + 1) * c.block) {
                        for k in 0..<inner { out.append(p[(r * columns + col) * inner + k]) }
                    }
                }
            }
        }
        return out
    }

    /// Overwrites the outgoing weights of `channel` with `values` (laid out as `outgoing`).
    public func setOutgoing(_ tensors: inout [String: Tensor], channel: Int, _ values: [Float]) {
        var i = 0
        for c in consumers {
            var w = tensors["\(c.node).weight"]!
            let rows = w.shape[0], columns = w.shape[1], inner = w.count / (rows * columns)
            w.withUnsafeMutableBufferPointer { p in
                for r in 0..<rows {
                    for col in (channel * c.block)..<((channel + 1) * c.block) {
                        for k in 0..<inner { p[(r * columns + col) * inner + k] = values[i]; i += 1 }
                    }
                }
            }
            tensors["\(c.node).weight"] = w
        }
    }

    /// Whether a channel that is constant at the producer stays a known constant up to every
    /// consumer and the consumer sees it the same at every position: element-wise ops and
    /// unpadded pooling keep a constant, and a conv consumer must not zero-pad.
    public func constantFoldable(_ graph: ModelGraph) -> Bool {
        for c in consumers {
            for op in c.path {
                switch op {
                case .relu, .relu6, .identity, .globalAvgPool, .flatten: break
                case .maxPool(_, _, let padding), .avgPool(_, _, let padding): if padding != 0 { return false }
                default: return false
                }
            }
            if !c.isDense, case .conv2d(_, let padding, _)? = graph.node(named: c.node)?.op, padding != 0 { return false }
        }
        return true
    }

    /// The constant a consumer sees when the producer outputs `value` (activations applied).
    public static func propagate(_ value: Float, through path: [GraphOp]) -> Float {
        var v = value
        for op in path {
            switch op {
            case .relu: v = max(v, 0)
            case .relu6: v = min(max(v, 0), 6)
            default: break
            }
        }
        return v
    }

    /// Adds what a constant channel contributes to every consumer's bias:
    /// bias[o] += act(value) · Σ (the channel's weights of row o). Call before removing it.
    public func foldConstant(_ tensors: inout [String: Tensor], channel: Int, value: Float) throws {
        for c in consumers {
            let constant = Self.propagate(value, through: c.path)
            guard constant != 0 else { continue }
            let w = tensors["\(c.node).weight"]!
            let rows = w.shape[0], columns = w.shape[1], inner = w.count / (rows * columns)
            var bias = tensors["\(c.node).bias"]?.scalars ?? [Float](repeating: 0, count: rows)
            w.withUnsafeBufferPointer { p in
                for r in 0..<rows {
                    var sum: Float = 0
                    for col in (channel * c.block)..<((channel + 1) * c.block) {
                        for k in 0..<inner { sum += p[(r * columns + col) * inner + k] }
                    }
                    bias[r] += constant * sum
                }
            }
            tensors["\(c.node).bias"] = try Tensor(shape: [rows], scalars: bias)
        }
    }
}
