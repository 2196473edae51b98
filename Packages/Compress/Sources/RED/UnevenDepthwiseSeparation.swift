import NN
import Tensor

/// Step 3 of RED: a k×k convolution W [O, C, kh, kw] whose input channel i only holds m_i
/// distinct non-zero kernels becomes an `unevenDepthwiseConv2d` node: one plane per distinct
/// kernel (Σ m_i planes, a depthwise stage with an uneven number of filters per channel), then
/// each output sums its planes through an index map. Multiplications per output pixel go
/// from O·C·k² to k²·Σ m_i. Exact: the planes are the kernels themselves.
public enum UnevenDepthwiseSeparation {
    public struct LayerOutcome: Sendable, Equatable {
        /// Σ m_i: planes of the depthwise stage.
        public var planes: Int
        /// Σ m_i / C.
        public var uniqueKernelsPerChannel: Double
        /// 1 − Σ m_i / (O·C): the share of multiplications saved.
        public var gain: Double
        public var replaced: Bool
    }

    /// The separated form of a conv weight: planes [P, 1, kh, kw], source [P], index [O, C]
    /// (plane + 1, or 0 for a zero kernel). Kernels compare bit-exactly with -0.0 read as 0.0.
    public static func separate(_ weight: Tensor) throws -> (planes: Tensor, source: Tensor, index: Tensor)? {
        let (o, c, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        let k2 = kh * kw
        var planes: [Float] = [], source: [Float] = []
        var index = [Float](repeating: 0, count: o * c)
        weight.withUnsafeBufferPointer { w in
            for i in 0..<c {
                var seen: [[UInt32]: Int] = [:]
                for out in 0..<o {
                    let base = (out * c + i) * k2
                    let kernel = w[base..<(base + k2)]
                    guard kernel.contains(where: { $0 != 0 }) else { continue }
                    let signature = kernel.map { $0 == 0 ? 0 : $0.bitPattern }
                    if let p = seen[signature] { index[out * c + i] = Float(p + 1); continue }
                    let p = source.count
                    seen[signature] = p
                    source.append(Float(i))
                    planes.append(contentsOf: kernel.map { $0 == 0 ? 0 : $0 })
                    index[out * c + i] = Float(p + 1)
                }
            }
        }
        guard !source.isEmpty else { return nil }
        return (try Tensor(shape: [source.count, 1, kh, kw], scalars: planes), Tensor(source),
                try Tensor(shape: [o, c], scalars: index))
    }

    /// Replaces every ungrouped conv2d with a kernel larger than 1×1 whose separation saves at
    /// least `minGain` of its multiplications.
    public static func apply(_ graph: ModelGraph, minGain: Double) throws -> (graph: ModelGraph, layers: [String: LayerOutcome]) {
        var nodes = graph.nodes, tensors = graph.tensors
        var outcomes: [String: LayerOutcome] = [:]
        for (n, node) in graph.nodes.enumerated() {
            guard case .conv2d(let stride, let padding, 1) = node.op, let w = tensors["\(node.name).weight"],
                  w.shape[2] * w.shape[3] > 1 else { continue }
            guard let (planes, source, index) = try separate(w) else { continue }
            let (o, c) = (w.shape[0], w.shape[1])
            let p = source.count
            let gain = 1 - Double(p) / Double(o * c)
            let replace = gain >= minGain
            outcomes[node.name] = LayerOutcome(planes: p, uniqueKernelsPerChannel: Double(p) / Double(c), gain: gain, replaced: replace)
            guard replace else { continue }
            nodes[n].op = .unevenDepthwiseConv2d(stride: stride, padding: padding)
            tensors["\(node.name).weight"] = planes
            tensors["\(node.name).source"] = source
            tensors["\(node.name).index"] = index
        }
        return (try ModelGraph(nodes: nodes, tensors: tensors, output: graph.output), outcomes)
    }
}
