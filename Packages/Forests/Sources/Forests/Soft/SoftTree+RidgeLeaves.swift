import NN
import Tensor

extension SoftTree {
    /// The regression leaf update: with the decision nodes fixed, the tree's output is
    /// M·Θ (M = soft routing [N, L], Θ = leaf vectors [L, K]), so the leaves minimising the
    /// squared error are the ridge least-squares solution
    ///
    ///     (MᵀM + λI) Θ = MᵀY,   λ = ridge · trace(MᵀM) / L
    ///
    /// (λ keeps leaves that few rows reach well posed). Writes Θ and returns the mean squared
    /// error per row before and after. Alternate it with gradient steps on the nodes, as the
    /// fixed-point update does for class leaves.
    @discardableResult
    public func updateLeavesRidge(inputs: Tensor, targets: Tensor, ridge: Float = 1e-3) throws -> (before: Float, after: Float) {
        guard case .vector(let k) = leaves else {
            throw NNError.invalidArgument("updateLeavesRidge needs .vector leaves; use updateLeavesFixedPoint for class leaves")
        }
        guard inputs.rank == 2, targets.rank == 2, targets.shape == [inputs.shape[0], k], inputs.shape[0] > 0 else {
            throw NNError.invalidArgument("updateLeavesRidge: pass inputs [N, F] and targets [N, \(k)] (N > 0), got \(inputs.shape) and \(targets.shape)")
        }
        guard ridge > 0, ridge.isFinite else { throw NNError.invalidArgument("updateLeavesRidge: ridge must be positive, got \(ridge)") }
        let mu = try Autograd.noGrad { try router.routing(Variable(inputs)).value }       // [N, L]
        let n = Float(inputs.shape[0])
        func meanSquaredError(_ theta: Tensor) throws -> Float {
            try (mu.matmul(theta) - targets).squared().sum(alongAxes: [0, 1]).scalars[0] / n
        }
        let before = try meanSquaredError(leafParameters.value)
        var gram = try mu.matmul(mu, transposeSelf: true)                                  // [L, L]
        let l = gram.shape[0]
        var trace: Float = 0
        gram.withUnsafeBufferPointer { g in for i in 0..<l { trace += g[i * l + i] } }
        let lambda = ridge * Swift.max(trace, 1e-12) / Float(l)
        gram.withUnsafeMutableBufferPointer { g in for i in 0..<l { g[i * l + i] += lambda } }
        let theta = try gram.inverse().matmul(mu.matmul(targets, transposeSelf: true))      // [L, K]
        let after = try meanSquaredError(theta)
        // A ridge solution can only lose to the current leaves by the ridge term; keep the better.
        if after <= before { leafParameters.value = theta }
        return (before, Swift.min(before, after))
    }
}

extension NeuralDecisionForest {
    /// The ridge leaf update of every tree on the same rows (vector leaves; see
    /// `SoftTree.updateLeavesRidge`). Each tree is fitted alone, as each is trained alone.
    public func updateLeavesRidge(inputs: Tensor, targets: Tensor, ridge: Float = 1e-3) throws {
        for t in trees { try t.updateLeavesRidge(inputs: inputs, targets: targets, ridge: ridge) }
    }
}
