import NN
import Tensor

/// A neural decision forest (Kontschieder et al. 2015): T soft trees on the same input,
/// output = mean over trees of each tree's Σ_ℓ μ_ℓ·leaf_ℓ.
///
/// Each tree may see its own random subset of the input columns (`featureFraction` < 1),
/// the forest's source of diversity. `.soft` routing is differentiable; `.greedy` follows
/// d_n ≥ 0.5 to one leaf per tree (O(D) dot products, no graph), the "greedy neural
/// forest" used at inference after annealing β (`annealedBeta`) and, optionally, a hard
/// leaf refit (`refitLeavesGreedy`).
///
/// ```swift
/// let forest = try NeuralDecisionForest(trees: 10, depth: 5, inputSize: 64,
///                                       leaves: .classDistribution(10), featureFraction: 0.5, seed: 0)
/// let loss = try forest.treeAveragedLogLoss(x, labels: y)     // train with this
/// let fast = try forest.predict(x.value, routing: .greedy)
/// ```
public final class NeuralDecisionForest: Module, Layer, @unchecked Sendable {
    public enum Routing: Sendable { case soft, greedy }

    public let trees: [SoftTree]
    public let leaves: SoftTree.Leaves
    public let inputSize: Int

    /// `seed` draws the per-tree feature subsets; node weights come from `Initializer`.
    public init(trees count: Int, depth: Int, inputSize: Int, leaves: SoftTree.Leaves,
                featureFraction: Double = 1, beta: Float = 1, seed: UInt64 = 0) throws {
        guard count > 0 else { throw NNError.invalidArgument("NeuralDecisionForest: needs at least one tree, got \(count)") }
        guard featureFraction > 0, featureFraction <= 1 else {
            throw NNError.invalidArgument("NeuralDecisionForest: featureFraction must be in (0, 1], got \(featureFraction)")
        }
        var rng = RandomGenerator(seed: seed)
        let subsetSize = Swift.max(1, Int((featureFraction * Double(inputSize)).rounded()))
        trees = try (0..<count).map { _ in
            let subset = subsetSize < inputSize ? Array(rng.permutation(inputSize).prefix(subsetSize)).sorted() : nil
            return try SoftTree(depth: depth, inputSize: inputSize, leaves: leaves, featureIndices: subset, beta: beta)
        }
        self.leaves = leaves
        self.inputSize = inputSize
    }

    /// Inverse temperature shared by every node of every tree.
    public var beta: Float {
        get { trees[0].beta }
        set { for t in trees { t.beta = newValue } }
    }

    /// Node parameters of all trees (train these alone when leaves use the fixed-point update).
    public func decisionParameters() -> [Variable] { trees.flatMap { $0.decisionParameters() } }

    /// Soft routing, mean over trees: [B, F] -> [B, C] probabilities or [B, K].
    public func callAsFunction(_ x: Variable) throws -> Variable {
        var sum = try trees[0](x)
        for t in trees.dropFirst() { sum = try sum + t(x) }
        return sum * (1 / Float(trees.count))
    }

    /// Forward without a graph, by either routing.
    public func predict(_ x: Tensor, routing: Routing = .soft) throws -> Tensor {
        switch routing {
        case .soft:
            return try Autograd.noGrad { try self(Variable(x)).value }
        case .greedy:
            var sum = try trees[0].predictGreedy(x)
            for t in trees.dropFirst() { try sum.add(t.predictGreedy(x)) }
            return sum * (1 / Float(trees.count))
        }
    }

    /// Kontschieder's training loss: −log P_T(y|z) averaged over trees and samples (each
    /// tree is a full classifier; the fixed-point leaf update lowers exactly this).
    public func treeAveragedLogLoss(_ x: Variable, labels: IndexTensor) throws -> Variable {
        guard case .classDistribution = leaves else {
            throw NNError.invalidArgument("treeAveragedLogLoss needs .classDistribution leaves; use Loss.mse on the forest output for vector leaves")
        }
        var sum = try ProbabilityLoss.negativeLogLikelihood(probabilities: trees[0](x), labels: labels)
        for t in trees.dropFirst() { sum = try sum + ProbabilityLoss.negativeLogLikelihood(probabilities: t(x), labels: labels) }
        return sum * (1 / Float(trees.count))
    }

    /// Fixed-point leaf update of every tree on the same set (see `SoftTree.updateLeavesFixedPoint`).
    public func updateLeavesFixedPoint(inputs: Tensor, labels: [Int], iterations: Int = 20) throws {
        for t in trees { try t.updateLeavesFixedPoint(inputs: inputs, labels: labels, iterations: iterations) }
    }

    /// Hard leaf refit of every tree under greedy routing (classification).
    public func refitLeavesGreedy(inputs: Tensor, labels: [Int], smoothing: Float = 1) throws {
        for t in trees { try t.refitLeavesGreedy(inputs: inputs, labels: labels, smoothing: smoothing) }
    }

    /// Hard leaf refit of every tree under greedy routing (regression).
    public func refitLeavesGreedy(inputs: Tensor, targets: Tensor, shrinkage: Float = 1) throws {
        for t in trees { try t.refitLeavesGreedy(inputs: inputs, targets: targets, shrinkage: shrinkage) }
    }

    /// The β schedule of greedy training: 1 for the first half of training, then linear up
    /// to `betaMax` (default 8) at the end, so soft routing ends close to greedy routing.
    /// `progress` is the fraction of training done, in [0, 1].
    public static func annealedBeta(progress: Double, betaMax: Float = 8) -> Float {
        let p = Swift.min(1, Swift.max(0, progress))
        return p <= 0.5 ? 1 : 1 + (betaMax - 1) * Float((p - 0.5) / 0.5)
    }
}
