import Tensor

/// A network as data: named nodes in topological order, their parameters as tensors, one
/// input and one output. Compression methods read and rewrite it (prune channels, fold batch
/// norm, replace weights by quantized ones); `predict` runs it, and `GraphModule` trains it.
///
/// ```swift
/// var b = GraphBuilder(inputShape: [1, 8, 8])
/// var x = b.conv2d(b.input, out: 16, kernel: 3, padding: 1)
/// x = b.relu(x)
/// x = b.dense(b.flatten(b.globalAvgPool(x)), out: 10)
/// let graph = try b.build(output: x)
/// let logits = try graph.predict(images)          // [N, 10]
/// ```
public struct ModelGraph: Sendable, Equatable {
    public private(set) var nodes: [GraphNode]
    /// Every tensor of the model by `<node>.<name>` (weights, biases, batch-norm statistics).
    public var tensors: [String: Tensor]
    public private(set) var output: String

    /// Checks names, order, arities and parameter shapes; throws on the first fault.
    public init(nodes: [GraphNode], tensors: [String: Tensor], output: String) throws {
        self.nodes = nodes
        self.tensors = tensors
        self.output = output
        try validate()
    }

    /// Replaces the structure after surgery; validates the result.
    mutating func replace(nodes: [GraphNode], tensors: [String: Tensor], output: String) throws {
        self = try ModelGraph(nodes: nodes, tensors: tensors, output: output)
    }

    public var inputNode: GraphNode { nodes[0] }

    /// One sample's input shape.
    public var inputShape: [Int] {
        guard case .input(let shape) = nodes[0].op else { return [] }
        return shape
    }

    public func node(named name: String) -> GraphNode? { nodes.first { $0.name == name } }

    /// Nodes that read `name`'s output.
    public func consumers(of name: String) -> [GraphNode] { nodes.filter { $0.inputs.contains(name) } }

    public func tensor(_ node: String, _ name: String) -> Tensor? { tensors["\(node).\(name)"] }

    /// Learnable values (weights and biases; not batch-norm running statistics).
    public var parameterCount: Int {
        tensors.filter { !$0.key.hasSuffix(".running_mean") && !$0.key.hasSuffix(".running_var") }.values.reduce(0) { $0 + $1.count }
    }

    func fail(_ message: String) -> GraphError { GraphError.invalidGraph(message) }

    private func validate() throws {
        guard let first = nodes.first, case .input(let shape) = first.op else {
            throw fail("the first node must be the input")
        }
        guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else { throw fail("input shape \(shape) must be positive") }
        var seen = Set<String>()
        for (i, node) in nodes.enumerated() {
            guard !node.name.isEmpty, !node.name.contains("."), seen.insert(node.name).inserted else {
                throw fail("node \(i) has an empty, dotted or repeated name '\(node.name)'")
            }
            if i > 0, case .input = node.op { throw fail("only the first node may be an input ('\(node.name)')") }
            for input in node.inputs where !seen.contains(input) || input == node.name {
                throw fail("node '\(node.name)' reads '\(input)', which is not an earlier node")
            }
            let arity = node.inputs.count
            switch node.op {
            case .input: guard arity == 0 else { throw fail("input '\(node.name)' takes no inputs") }
            case .add, .concat: guard arity >= 2 else { throw fail("\(node.op.kind) '\(node.name)' needs at least two inputs") }
            default: guard arity == 1 else { throw fail("\(node.op.kind) '\(node.name)' takes exactly one input, has \(arity)") }
            }
            for p in node.op.parameterNames where p != "bias" || isBatchNorm(node.op) {
                guard tensors["\(node.name).\(p)"] != nil else { throw fail("\(node.op.kind) '\(node.name)' has no tensor '\(p)'") }
            }
        }
        guard seen.contains(output) else { throw fail("the output '\(output)' is not a node") }
        let known = Set(nodes.flatMap { n in n.op.parameterNames.map { "\(n.name).\($0)" } })
        if let stray = tensors.keys.first(where: { !known.contains($0) }) {
            throw fail("tensor '\(stray)' belongs to no node parameter")
        }
        _ = try inferShapes()
    }

    private func isBatchNorm(_ op: GraphOp) -> Bool { if case .batchNorm = op { return true } else { return false } }
}

/// Errors from building, checking, running or rewriting a model graph.
public enum GraphError: Error, Equatable, CustomStringConvertible {
    case invalidGraph(String)
    case invalidSurgery(String)

    public var description: String {
        switch self {
        case .invalidGraph(let m): return "invalid model graph: \(m)"
        case .invalidSurgery(let m): return "graph surgery refused: \(m)"
        }
    }
}
