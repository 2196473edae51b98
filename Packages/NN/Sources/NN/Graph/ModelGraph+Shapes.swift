import Tensor

extension ModelGraph {
    /// Each node's output shape for one sample ([C, H, W] or [F]), checking that every
    /// op's parameters fit its input.
    public func inferShapes() throws -> [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        for node in nodes {
            let inputs = node.inputs.map { shapes[$0]! }
            shapes[node.name] = try outputShape(of: node, inputs: inputs)
        }
        return shapes
    }

    /// One sample's output shape.
    public func outputShape() throws -> [Int] { try inferShapes()[output]! }

    private func outputShape(of node: GraphNode, inputs: [[Int]]) throws -> [Int] {
        let name = node.name
        func need(_ ok: Bool, _ message: @autoclosure () -> String) throws {
            if !ok { throw fail("\(node.op.kind) '\(name)': \(message())") }
        }
        func weight() -> Tensor { tensors["\(name).weight"]! }
        func checkBias(_ count: Int) throws {
            if let b = tensors["\(name).bias"] { try need(b.shape == [count], "bias shape \(b.shape) must be [\(count)]") }
        }
        func spatial(_ size: Int, kernel: Int, stride: Int, padding: Int) throws -> Int {
            let out = (size + 2 * padding - kernel) / stride + 1
            try need(stride > 0 && out > 0, "a \(kernel)x\(kernel) window with stride \(stride), padding \(padding) does not fit size \(size)")
            return out
        }
        switch node.op {
        case .input(let shape):
            return shape
        case .dense:
            let x = inputs[0], w = weight()
            try need(x.count == 1, "needs a flat input [F], got \(x); add a flatten or globalAvgPool")
            try need(w.rank == 2 && w.shape[1] == x[0], "weight \(w.shape) does not match \(x[0]) input features")
            try checkBias(w.shape[0])
            return [w.shape[0]]
        case .conv2d(let stride, let padding, let groups):
            let x = inputs[0], w = weight()
            try need(x.count == 3, "needs a [C, H, W] input, got \(x)")
            try need(groups >= 1 && x[0] % groups == 0 && w.rank == 4 && w.shape[0] % groups == 0 && w.shape[1] * groups == x[0],
                     "weight \(w.shape) with \(groups) group(s) does not match \(x[0]) input channels")
            try checkBias(w.shape[0])
            return [w.shape[0], try spatial(x[1], kernel: w.shape[2], stride: stride, padding: padding),
                    try spatial(x[2], kernel: w.shape[3], stride: stride, padding: padding)]
        case .depthwiseConv2d(let stride, let padding):
            let x = inputs[0], w = weight()
            try need(x.count == 3, "needs a [C, H, W] input, got \(x)")
            try need(w.rank == 4 && w.shape[0] == x[0] && w.shape[1] == 1, "weight \(w.shape) must be [\(x[0]), 1, kh, kw]")
            try checkBias(x[0])
            return [x[0], try spatial(x[1], kernel: w.shape[2], stride: stride, padding: padding),
                    try spatial(x[2], kernel: w.shape[3], stride: stride, padding: padding)]
        case .batchNorm:
            let c = inputs[0][0]
            for p in ["weight", "bias", "running_mean", "running_var"] {
                let t = tensors["\(name).\(p)"]!
                try need(t.shape == [c], "\(p) shape \(t.shape) must be [\(c)]")
            }
            return inputs[0]
        case .relu, .relu6, .identity, .softmax:
            return inputs[0]
        case .quantizeActivation(let bits, let maxValue, let exponent, let signed):
            try need((2...16).contains(bits) && maxValue > 0 && maxValue.isFinite && exponent > 0 && exponent.isFinite,
                     "bits must be in 2...16 and the range and exponent positive, got \(bits), \(maxValue), \(exponent), signed \(signed)")
            return inputs[0]
        case .unevenDepthwiseConv2d(let stride, let padding):
            let x = inputs[0], w = weight()
            let source = tensors["\(name).source"]!, index = tensors["\(name).index"]!
            try need(x.count == 3, "needs a [C, H, W] input, got \(x)")
            try need(w.rank == 4 && w.shape[1] == 1 && source.shape == [w.shape[0]], "weight \(w.shape) must be [P, 1, kh, kw] with source [P], got source \(source.shape)")
            try need(source.scalars.allSatisfy { $0 >= 0 && Int($0) < x[0] && $0 == $0.rounded() }, "source holds channels outside 0..<\(x[0])")
            try need(index.rank == 2 && index.shape[1] == x[0], "index \(index.shape) must be [O, \(x[0])]")
            try need(index.scalars.allSatisfy { $0 >= 0 && Int($0) <= w.shape[0] && $0 == $0.rounded() }, "index holds planes outside 0...\(w.shape[0])")
            let planes = source.scalars
            for o in 0..<index.shape[0] {
                for c in 0..<x[0] {
                    let k = Int(index.scalars[o * x[0] + c])
                    try need(k == 0 || Int(planes[k - 1]) == c, "index[\(o), \(c)] points at a plane of channel \(k > 0 ? Int(planes[k - 1]) : -1)")
                }
            }
            try checkBias(index.shape[0])
            return [index.shape[0], try spatial(x[1], kernel: w.shape[2], stride: stride, padding: padding),
                    try spatial(x[2], kernel: w.shape[3], stride: stride, padding: padding)]
        case .add:
            try need(inputs.allSatisfy { $0 == inputs[0] }, "inputs have different shapes \(inputs)")
            return inputs[0]
        case .concat:
            let rest = inputs.map { Array($0.dropFirst()) }
            try need(rest.allSatisfy { $0 == rest[0] }, "inputs differ beyond the channel axis: \(inputs)")
            return [inputs.reduce(0) { $0 + $1[0] }] + rest[0]
        case .maxPool(let k, let s, let p), .avgPool(let k, let s, let p):
            let x = inputs[0]
            try need(x.count == 3, "needs a [C, H, W] input, got \(x)")
            return [x[0], try spatial(x[1], kernel: k, stride: s, padding: p), try spatial(x[2], kernel: k, stride: s, padding: p)]
        case .globalAvgPool:
            try need(inputs[0].count == 3, "needs a [C, H, W] input, got \(inputs[0])")
            return [inputs[0][0]]
        case .flatten:
            return [inputs[0].reduce(1, *)]
        }
    }
}
