import Tensor

extension ModelGraph {
    /// Runs the graph on a batch [N, ...inputShape] and returns the output node's value.
    /// `parameter` supplies each tensor as a variable (constants for inference, learnable
    /// variables for training); `batchNorm` decides how batch-norm layers normalise.
    func forward(_ x: Variable, parameter: (String) -> Variable?, batchNorm: (GraphNode, Variable) throws -> Variable) throws -> Variable {
        guard Array(x.shape.dropFirst()) == inputShape else {
            throw TensorError.shapeMismatch(op: "ModelGraph.forward", shapes: [x.shape], expected: "[N] + \(inputShape)")
        }
        var values: [String: Variable] = [nodes[0].name: x]
        // Free each value after its last reader, so a long chain does not hold every activation.
        var remainingReads: [String: Int] = [:]
        for node in nodes { for input in node.inputs { remainingReads[input, default: 0] += 1 } }
        for node in nodes.dropFirst() {
            let inputs = node.inputs.map { values[$0]! }
            let name = node.name
            let out: Variable
            switch node.op {
            case .input:
                out = inputs[0]
            case .dense:
                let y = try inputs[0].matmul(parameter("\(name).weight")!, transposeOther: true)
                out = try parameter("\(name).bias").map { try y + $0 } ?? y
            case .conv2d(let stride, let padding, let groups):
                out = try Variable.conv2d(inputs[0], weight: parameter("\(name).weight")!, bias: parameter("\(name).bias"),
                                          Conv2DParameters(stride: stride, padding: padding, groups: groups))
            case .depthwiseConv2d(let stride, let padding):
                out = try Variable.conv2d(inputs[0], weight: parameter("\(name).weight")!, bias: parameter("\(name).bias"),
                                          Conv2DParameters(stride: stride, padding: padding, groups: inputs[0].shape[1]))
            case .batchNorm:
                out = try batchNorm(node, inputs[0])
            case .relu: out = inputs[0].relu()
            case .relu6: out = inputs[0].clamped(0, 6)
            case .identity: out = inputs[0]
            case .softmax: out = try inputs[0].softmax(alongAxis: 1)
            case .add: out = try inputs.dropFirst().reduce(inputs[0]) { try $0 + $1 }
            case .concat: out = try Variable.concatenate(inputs, alongAxis: 1)
            case .maxPool(let k, let s, let p): out = try inputs[0].maxPool2d(Pool2DParameters(kernel: k, stride: s, padding: p))
            case .avgPool(let k, let s, let p): out = try inputs[0].avgPool2d(Pool2DParameters(kernel: k, stride: s, padding: p))
            case .globalAvgPool: out = try inputs[0].globalAveragePool()
            case .flatten: out = try inputs[0].flattened()
            case .quantizeActivation(let bits, let maxValue, let exponent, let signed):
                out = ActivationQuantizer(bits: bits, maxValue: maxValue, exponent: exponent, signed: signed).apply(inputs[0])
            case .unevenDepthwiseConv2d(let stride, let padding):
                out = try UnevenDepthwise.forward(inputs[0], node: name, stride: stride, padding: padding, parameter: parameter)
            }
            values[name] = out
            for input in node.inputs {
                remainingReads[input]! -= 1
                if remainingReads[input] == 0 && input != output { values[input] = nil }
            }
        }
        return values[output]!
    }

    /// Inference: batch norm with its running statistics, no graph recorded.
    public func predict(_ x: Tensor) throws -> Tensor {
        try Autograd.noGrad {
            try forward(Variable(x), parameter: { name in tensors[name].map { Variable($0) } }) { node, v in
                try Self.normalise(v, node: node, graph: self)
            }.value
        }
    }

    /// Batch norm in evaluation mode from the graph's tensors.
    static func normalise(_ x: Variable, node: GraphNode, graph: ModelGraph) throws -> Variable {
        guard case .batchNorm(let epsilon) = node.op else { return x }
        let c = x.shape[1]
        var statShape = [Int](repeating: 1, count: x.shape.count)
        statShape[1] = c
        let gamma = graph.tensor(node.name, "weight")!, beta = graph.tensor(node.name, "bias")!
        let mean = graph.tensor(node.name, "running_mean")!, variance = graph.tensor(node.name, "running_var")!
        let scale = try gamma * (variance + epsilon).sqrt().map { 1 / $0 }
        let shift = try beta - mean * scale
        return try x * Variable(scale.reshaped(statShape)) + Variable(shift.reshaped(statShape))
    }
}
