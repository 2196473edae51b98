import Tensor

/// A `ModelGraph` as a trainable module: its weights become learnable variables and its
/// batch-norm statistics buffers, so the usual optimisers, `Trainer` and checkpoints apply.
/// `graph` returns the trained graph.
///
/// ```swift
/// let module = GraphModule(graph)
/// let optimizer = try Adam(module.parameters(), learningRate: 1e-3)
/// ... try Loss.crossEntropy(module(Variable(x)), labels: y).backward() ...
/// let trained = module.graph
/// ```
public final class GraphModule: Module, Layer, @unchecked Sendable {
    private let structure: ModelGraph
    /// Learnable tensors, in sorted name order (so state dicts name them `weights.K`).
    let weights: [Variable]
    /// Batch-norm running statistics, in sorted name order.
    let statistics: [Buffer]
    private let weightIndex: [String: Int]
    private let statisticIndex: [String: Int]
    public let momentum: Float

    public init(_ graph: ModelGraph, momentum: Float = 0.1) {
        structure = graph
        let names = graph.tensors.keys.sorted()
        let statisticNames = names.filter { $0.hasSuffix(".running_mean") || $0.hasSuffix(".running_var") }
        let weightNames = names.filter { !statisticNames.contains($0) }
        weights = weightNames.map { Variable(graph.tensors[$0]!, requiresGrad: true) }
        statistics = statisticNames.map { Buffer(graph.tensors[$0]!) }
        weightIndex = Dictionary(uniqueKeysWithValues: weightNames.enumerated().map { ($0.element, $0.offset) })
        statisticIndex = Dictionary(uniqueKeysWithValues: statisticNames.enumerated().map { ($0.element, $0.offset) })
        self.momentum = momentum
    }

    /// The learnable variable of a graph tensor such as `conv1.weight`.
    public func variable(_ name: String) -> Variable? { weightIndex[name].map { weights[$0] } }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        try structure.forward(x, parameter: { self.variable($0) }) { node, v in
            isTraining ? try self.trainingBatchNorm(node, v) : try ModelGraph.normalise(v, node: node, graph: self.graph)
        }
    }

    /// The graph with the current weights and statistics.
    public var graph: ModelGraph {
        var g = structure
        for (name, i) in weightIndex { g.tensors[name] = weights[i].value }
        for (name, i) in statisticIndex { g.tensors[name] = statistics[i].value }
        return g
    }

    private func trainingBatchNorm(_ node: GraphNode, _ x: Variable) throws -> Variable {
        guard case .batchNorm(let epsilon) = node.op else { return x }
        let c = x.shape[1]
        let axes = [0] + Array(2..<x.shape.count)
        var statShape = [Int](repeating: 1, count: x.shape.count)
        statShape[1] = c
        let n = x.value.count / c
        guard n > 1 else {
            throw TensorError.invalidArgument(op: "batchNorm '\(node.name)'", message: "training needs more than one value per channel; use eval mode or a larger batch")
        }
        let mean = try x.mean(alongAxes: axes, keepingDimensions: true)
        let centred = try x - mean
        let variance = try centred.squared().mean(alongAxes: axes, keepingDimensions: true)
        let runningMean = statistics[statisticIndex["\(node.name).running_mean"]!]
        let runningVar = statistics[statisticIndex["\(node.name).running_var"]!]
        try Autograd.noGrad {
            let m = try mean.value.reshaped([c]), v = try variance.value.reshaped([c])
            runningMean.value = try runningMean.value * (1 - momentum) + m * momentum
            runningVar.value = try runningVar.value * (1 - momentum) + v * (momentum * Float(n) / Float(n - 1))
        }
        let gamma = try variable("\(node.name).weight")!.reshaped(statShape)
        let beta = try variable("\(node.name).bias")!.reshaped(statShape)
        return try centred / (variance + epsilon).sqrt() * gamma + beta
    }
}
