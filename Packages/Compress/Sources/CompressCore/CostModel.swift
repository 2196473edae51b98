import NN
import Tensor

/// Exact per-sample counts of what a `ModelGraph` costs: learnable parameters,
/// multiplications and additions of one forward pass, and stored bytes.
///
/// Counting rules (implementation choices, the same for every method so ratios compare):
/// - dense [O, I]: O·I multiplications, O·(I − 1) additions, + O with a bias;
/// - conv2d [O, I/g, kh, kw] on an Ho×Wo output: O·Ho·Wo·(I/g)·kh·kw multiplications and
///   O·Ho·Wo·((I/g)·kh·kw − 1) additions, + O·Ho·Wo with a bias. Padding is counted as
///   nominal work (zeros multiplied), as FLOP counters do; depthwise is the case g = C;
/// - unevenDepthwiseConv2d, P planes of k×k: P·Ho·Wo·k² multiplications and
///   P·Ho·Wo·(k² − 1) additions for the planes, then the gather-sum: output o adds its
///   n_o planes, (n_o − 1)·Ho·Wo additions, + Ho·Wo with a bias;
/// - batch norm directly after a dense / conv / depthwise layer that nothing else reads is
///   counted as folded into it (what `foldingBatchNorm` does before deployment): no
///   multiplication, and one addition per value only when that layer has no bias of its own
///   (the folded shift). Any other batch norm costs one multiplication and one addition per
///   value. Its γ and β count as parameters; running statistics do not (they are stored);
/// - add of k inputs: (k − 1) additions per value; avgPool: k² − 1 additions and one
///   multiplication (the 1/k² scale) per output value; globalAvgPool: H·W − 1 additions and
///   one multiplication per channel; softmax: F − 1 additions and F multiplications (the
///   normalisation; the exponentials are not counted);
/// - relu, relu6, maxPool (comparisons), identity, flatten, concat and the simulated
///   activation quantizer cost nothing here.
///
/// Bytes: a float graph stores every tensor scalar (weights, biases, batch-norm statistics,
/// uneven-conv index maps) at 4 bytes; a `QuantizedModel` stores its `byteCount`.
public enum CostModel {
    /// One node's share of the cost.
    public struct LayerCost: Sendable, Codable, Equatable {
        public var name: String
        public var kind: String
        /// One sample's output shape.
        public var outputShape: [Int]
        public var parameters: Int
        public var multiplications: Int
        public var additions: Int
    }

    /// The whole graph's cost, per sample, with its per-node breakdown.
    public struct Summary: Sendable, Codable, Equatable {
        public var parameters: Int
        public var multiplications: Int
        public var additions: Int
        public var layers: [LayerCost]
    }

    /// Counts every node of `graph` (see the type's rules).
    public static func count(_ graph: ModelGraph) throws -> Summary {
        let shapes = try graph.inferShapes()
        var layers: [LayerCost] = []
        var readers: [String: Int] = [:]
        for node in graph.nodes { for input in node.inputs { readers[input, default: 0] += 1 } }
        for node in graph.nodes {
            let out = shapes[node.name]!
            let outCount = out.reduce(1, *)
            let spatial = out.count == 3 ? out[1] * out[2] : 1
            let name = node.name
            let weight = graph.tensor(name, "weight")
            let hasBias = graph.tensor(name, "bias") != nil
            let biasCount = graph.tensor(name, "bias")?.count ?? 0
            var parameters = 0, mults = 0, adds = 0
            switch node.op {
            case .input, .relu, .relu6, .identity, .flatten, .concat, .maxPool, .quantizeActivation:
                break
            case .dense:
                let w = weight!
                let (o, i) = (w.shape[0], w.shape[1])
                parameters = w.count + biasCount
                mults = o * i
                adds = o * (i - 1) + (hasBias ? o : 0)
            case .conv2d, .depthwiseConv2d:
                let w = weight!
                let o = w.shape[0], fanIn = w.shape[1] * w.shape[2] * w.shape[3]
                parameters = w.count + biasCount
                mults = o * spatial * fanIn
                adds = o * spatial * (fanIn - 1) + (hasBias ? o * spatial : 0)
            case .unevenDepthwiseConv2d:
                let w = weight!, index = graph.tensor(name, "index")!
                let planes = w.shape[0], k2 = w.shape[2] * w.shape[3]
                let (outputs, channels) = (index.shape[0], index.shape[1])
                parameters = w.count + biasCount     // source and index are structure, not learned values
                mults = planes * spatial * k2
                adds = planes * spatial * (k2 - 1)
                index.withUnsafeBufferPointer { p in
                    for o in 0..<outputs {
                        var used = 0
                        for c in 0..<channels where p[o * channels + c] > 0 { used += 1 }
                        adds += max(used - 1, 0) * spatial
                    }
                }
                if hasBias { adds += outputs * spatial }
            case .batchNorm:
                parameters = 2 * out[0]
                if let producer = graph.node(named: node.inputs[0]), isFoldable(producer), readers[producer.name] == 1,
                   producer.name != graph.output {
                    adds = graph.tensor(producer.name, "bias") == nil ? outCount : 0
                } else {
                    mults = outCount
                    adds = outCount
                }
            case .add:
                adds = (node.inputs.count - 1) * outCount
            case .avgPool(let k, _, _):
                adds = outCount * (k * k - 1)
                mults = outCount
            case .globalAvgPool:
                let input = shapes[node.inputs[0]]!
                adds = input[0] * (input[1] * input[2] - 1)
                mults = input[0]
            case .softmax:
                adds = outCount - 1
                mults = outCount
            }
            layers.append(LayerCost(name: name, kind: node.op.kind, outputShape: out, parameters: parameters,
                                    multiplications: mults, additions: adds))
        }
        return Summary(parameters: layers.reduce(0) { $0 + $1.parameters },
                       multiplications: layers.reduce(0) { $0 + $1.multiplications },
                       additions: layers.reduce(0) { $0 + $1.additions },
                       layers: layers)
    }

    /// Stored bytes of a float graph: every tensor scalar at 4 bytes.
    public static func bytes(_ graph: ModelGraph) -> Int {
        graph.tensors.values.reduce(0) { $0 + 4 * $1.count }
    }

    /// Stored bytes of a model with compact quantized weights.
    public static func bytes(_ model: QuantizedModel) -> Int { model.byteCount }

    private static func isFoldable(_ node: GraphNode) -> Bool {
        switch node.op {
        case .dense, .conv2d, .depthwiseConv2d: return true
        default: return false
        }
    }
}
