/// The operations a `ModelGraph` node can perform. Channel counts are not stored here: they
/// come from the node's parameter shapes, so graph surgery only slices tensors.
///
/// Parameters per op (named `<node>.<name>`):
/// - `dense`: `weight` [out, in], optional `bias` [out];
/// - `conv2d`: `weight` [out, in / groups, kh, kw], optional `bias` [out];
/// - `depthwiseConv2d`: `weight` [C, 1, kh, kw], optional `bias` [C] (groups = C, one filter per channel);
/// - `batchNorm`: `weight` (γ), `bias` (β), `running_mean`, `running_var`, each [C];
/// - `unevenDepthwiseConv2d`: `weight` [P, 1, kh, kw], `source` [P], `index` [O, C], optional `bias` [O].
public enum GraphOp: Hashable, Sendable, Codable {
    /// The model input; `shape` is one sample's shape ([C, H, W] or [F]).
    case input(shape: [Int])
    case dense
    case conv2d(stride: Int, padding: Int, groups: Int)
    case depthwiseConv2d(stride: Int, padding: Int)
    case batchNorm(epsilon: Float)
    case relu
    case relu6
    case identity
    /// Element-wise sum of two or more inputs of the same shape (residual connections).
    case add
    /// Concatenation along the channel (or feature) axis.
    case concat
    case maxPool(kernel: Int, stride: Int, padding: Int)
    case avgPool(kernel: Int, stride: Int, padding: Int)
    /// [N, C, H, W] -> [N, C].
    case globalAvgPool
    /// [N, C, H, W] -> [N, C·H·W].
    case flatten
    case softmax
    /// Simulated activation quantization through a power map (`exponent` 1 = uniform):
    /// unsigned, x̂ = m·(round(L·(clip(x, 0, m)/m)^a) / L)^(1/a) with L = 2^bits − 1; signed,
    /// the same on |x| with L = 2^(bits−1) − 1 and the sign kept. The gradient passes where
    /// |x| ≤ m (straight-through).
    case quantizeActivation(bits: Int, maxValue: Float, exponent: Float, signed: Bool)
    /// The uneven depthwise separable convolution: planes z_p = x[source_p] ⋆ weight_p
    /// (each input channel has its own number of k×k filters), then
    /// y_o = bias_o + Σ_c z[index[o, c] − 1] over the c with index[o, c] > 0. Tensors:
    /// `weight` [P, 1, k, k], `source` [P] (input channel of each plane), `index` [O, C]
    /// (plane + 1, or 0 for none; stored as floats), optional `bias` [O].
    case unevenDepthwiseConv2d(stride: Int, padding: Int)

    /// The short name used in reports and error messages.
    public var kind: String {
        switch self {
        case .input: return "input"
        case .dense: return "dense"
        case .conv2d: return "conv2d"
        case .depthwiseConv2d: return "depthwiseConv2d"
        case .batchNorm: return "batchNorm"
        case .relu: return "relu"
        case .relu6: return "relu6"
        case .identity: return "identity"
        case .add: return "add"
        case .concat: return "concat"
        case .maxPool: return "maxPool"
        case .avgPool: return "avgPool"
        case .globalAvgPool: return "globalAvgPool"
        case .flatten: return "flatten"
        case .softmax: return "softmax"
        case .quantizeActivation: return "quantizeActivation"
        case .unevenDepthwiseConv2d: return "unevenDepthwiseConv2d"
        }
    }

    /// Names of the learnable (or running-statistics) tensors the op needs; `bias` may be absent.
    var parameterNames: [String] {
        switch self {
        case .dense, .conv2d, .depthwiseConv2d: return ["weight", "bias"]
        case .batchNorm: return ["weight", "bias", "running_mean", "running_var"]
        case .unevenDepthwiseConv2d: return ["weight", "source", "index", "bias"]
        default: return []
        }
    }

    /// Ops with a weight tensor whose output channels are new units (not a pass-through).
    var producesChannels: Bool {
        switch self {
        case .dense, .conv2d, .unevenDepthwiseConv2d: return true
        default: return false
        }
    }
}

/// One node: a named op applied to the outputs of earlier nodes.
public struct GraphNode: Hashable, Sendable, Codable {
    public var name: String
    public var op: GraphOp
    public var inputs: [String]

    public init(name: String, op: GraphOp, inputs: [String]) {
        self.name = name
        self.op = op
        self.inputs = inputs
    }
}
