import Tensor

/// Builds a `ModelGraph` node by node with initialised weights (He-uniform for weights
/// followed by ReLU-like activations, zero biases, identity batch norm), drawing from
/// `Initializer`'s seeded generator. Each call returns the new node's name.
public struct GraphBuilder {
    private(set) var nodes: [GraphNode]
    private(set) var tensors: [String: Tensor] = [:]
    private var shapes: [String: [Int]]
    private var counters: [String: Int] = [:]
    public let input: String

    public init(inputShape: [Int], inputName: String = "input") {
        nodes = [GraphNode(name: inputName, op: .input(shape: inputShape), inputs: [])]
        shapes = [inputName: inputShape]
        input = inputName
    }

    /// The per-sample shape of a node built so far.
    public func shape(of name: String) -> [Int] { shapes[name] ?? [] }

    private mutating func add(_ op: GraphOp, _ inputs: [String], name: String?, tensors new: [String: Tensor] = [:]) -> String {
        let kind = op.kind
        let n = name ?? { counters[kind, default: 0] += 1; return "\(kind)\(counters[kind]!)" }()
        nodes.append(GraphNode(name: n, op: op, inputs: inputs))
        for (k, v) in new { tensors["\(n).\(k)"] = v }
        // Shapes are re-derived by the graph's own inference on build; track the cheap ones here.
        if let g = try? ModelGraph(nodes: nodes, tensors: tensors, output: n), let s = try? g.inferShapes()[n] { shapes[n] = s }
        return n
    }

    private static func heUniform(_ shape: [Int], fanIn: Int) -> Tensor {
        Initializer.uniform(shape, bound: (6 / Float(max(fanIn, 1))).squareRoot())
    }

    public mutating func dense(_ x: String, out: Int, bias: Bool = true, name: String? = nil) -> String {
        let inFeatures = shape(of: x).reduce(1, *)
        var t = ["weight": Self.heUniform([out, inFeatures], fanIn: inFeatures)]
        if bias { t["bias"] = Tensor(zeros: [out]) }
        return add(.dense, [x], name: name, tensors: t)
    }

    public mutating func conv2d(_ x: String, out: Int, kernel: Int, stride: Int = 1, padding: Int = 0, groups: Int = 1,
                                bias: Bool = true, name: String? = nil) -> String {
        let c = shape(of: x).first ?? 1
        let fanIn = c / max(groups, 1) * kernel * kernel
        var t = ["weight": Self.heUniform([out, c / max(groups, 1), kernel, kernel], fanIn: fanIn)]
        if bias { t["bias"] = Tensor(zeros: [out]) }
        return add(.conv2d(stride: stride, padding: padding, groups: groups), [x], name: name, tensors: t)
    }

    public mutating func depthwiseConv2d(_ x: String, kernel: Int, stride: Int = 1, padding: Int = 0, bias: Bool = true,
                                         name: String? = nil) -> String {
        let c = shape(of: x).first ?? 1
        var t = ["weight": Self.heUniform([c, 1, kernel, kernel], fanIn: kernel * kernel)]
        if bias { t["bias"] = Tensor(zeros: [c]) }
        return add(.depthwiseConv2d(stride: stride, padding: padding), [x], name: name, tensors: t)
    }

    public mutating func batchNorm(_ x: String, epsilon: Float = 1e-5, name: String? = nil) -> String {
        let c = shape(of: x).first ?? 1
        return add(.batchNorm(epsilon: epsilon), [x], name: name,
                   tensors: ["weight": Tensor(ones: [c]), "bias": Tensor(zeros: [c]),
                             "running_mean": Tensor(zeros: [c]), "running_var": Tensor(ones: [c])])
    }

    public mutating func relu(_ x: String, name: String? = nil) -> String { add(.relu, [x], name: name) }
    public mutating func relu6(_ x: String, name: String? = nil) -> String { add(.relu6, [x], name: name) }
    public mutating func add(_ xs: [String], name: String? = nil) -> String { add(.add, xs, name: name) }
    public mutating func concat(_ xs: [String], name: String? = nil) -> String { add(.concat, xs, name: name) }
    public mutating func maxPool(_ x: String, kernel: Int, stride: Int? = nil, padding: Int = 0, name: String? = nil) -> String {
        add(.maxPool(kernel: kernel, stride: stride ?? kernel, padding: padding), [x], name: name)
    }
    public mutating func avgPool(_ x: String, kernel: Int, stride: Int? = nil, padding: Int = 0, name: String? = nil) -> String {
        add(.avgPool(kernel: kernel, stride: stride ?? kernel, padding: padding), [x], name: name)
    }
    public mutating func globalAvgPool(_ x: String, name: String? = nil) -> String { add(.globalAvgPool, [x], name: name) }
    public mutating func flatten(_ x: String, name: String? = nil) -> String { add(.flatten, [x], name: name) }
    public mutating func softmax(_ x: String, name: String? = nil) -> String { add(.softmax, [x], name: name) }

    /// The finished graph, validated.
    public func build(output: String) throws -> ModelGraph {
        try ModelGraph(nodes: nodes, tensors: tensors, output: output)
    }
}
