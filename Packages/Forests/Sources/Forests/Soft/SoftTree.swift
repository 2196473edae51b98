import NN
import Tensor

/// A soft (neural) decision tree: a `SoftRouter` and one value per leaf.
///
/// Output `Σ_ℓ μ_ℓ(z) · leaf_ℓ`: with `.classDistribution(C)` the leaves are probability
/// vectors π_ℓ = softmax(φ_ℓ) and the output is P_T(y|z) [B, C] (probabilities, not logits:
/// train with `ProbabilityLoss.negativeLogLikelihood`); with `.vector(K)` the leaves are
/// free vectors θ_ℓ and the output is ŷ [B, K].
///
/// Leaves learn by gradient (φ or θ are parameters), or, for class distributions, by the
/// Kontschieder fixed-point update (`updateLeavesFixedPoint`), which writes φ = log π; then
/// train only `decisionParameters()` with the optimizer.
///
/// ```swift
/// let tree = try SoftTree(depth: 4, inputSize: 64, leaves: .classDistribution(10))
/// let p = try tree(x)                         // [B, 10], rows sum to 1
/// let fast = try tree.predictGreedy(x.value)  // reached leaf's π, O(D) per row
/// ```
public final class SoftTree: Module, Layer, @unchecked Sendable {
    public enum Leaves: Sendable, Equatable {
        /// C-class probability vectors (classification).
        case classDistribution(Int)
        /// K-dimensional vectors (regression).
        case vector(Int)

        public var width: Int {
            switch self { case .classDistribution(let c), .vector(let c): return c }
        }
    }

    public let router: SoftRouter
    public let leaves: Leaves
    /// [2^D, C] logits φ (class distributions) or [2^D, K] values θ (vectors).
    public let leafParameters: Variable

    public var depth: Int { router.depth }
    public var inputSize: Int { router.inputSize }
    /// Inverse temperature of every node (anneal it before greedy routing).
    public var beta: Float {
        get { router.beta }
        set { router.beta = newValue }
    }

    /// Class logits start at 0 (uniform π); vector leaves at N(0, 0.1²) so leaves differ.
    public init(depth: Int, inputSize: Int, leaves: Leaves, featureIndices: [Int]? = nil, beta: Float = 1) throws {
        guard leaves.width > 0 else {
            throw NNError.invalidArgument("SoftTree: leaves need a positive width (classes or outputs), got \(leaves.width)")
        }
        router = try SoftRouter(depth: depth, inputSize: inputSize, featureIndices: featureIndices, beta: beta)
        self.leaves = leaves
        let shape = [router.leafCount, leaves.width]
        switch leaves {
        case .classDistribution: leafParameters = Variable(Tensor(zeros: shape), requiresGrad: true)
        case .vector: leafParameters = Variable(Initializer.normal(shape, std: 0.1), requiresGrad: true)
        }
    }

    /// The decision nodes' parameters (what the optimizer trains when leaves are updated
    /// by the fixed-point rule or refit).
    public func decisionParameters() -> [Variable] { [router.weights, router.bias] }

    /// The leaves' values: π [2^D, C] (softmax of φ, rows sum to 1) or θ [2^D, K].
    public func leafValues() throws -> Variable {
        switch leaves {
        case .classDistribution: return try leafParameters.softmax(alongAxis: 1)
        case .vector: return leafParameters
        }
    }

    /// Soft routing: [B, F] -> [B, C] probabilities or [B, K] values.
    public func callAsFunction(_ x: Variable) throws -> Variable {
        try router.routing(x).matmul(leafValues())
    }

    /// Greedy routing: the reached leaf's value per row, [B, F] -> [B, C] or [B, K]; no graph.
    public func predictGreedy(_ x: Tensor) throws -> Tensor {
        let reached = try router.greedyLeaves(x)
        let values = try Autograd.noGrad { try leafValues().value }
        return try values.indexSelect(alongAxis: 0, reached)
    }
}
