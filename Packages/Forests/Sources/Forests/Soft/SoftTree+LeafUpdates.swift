import Foundation
import NN
import Tensor

extension SoftTree {
    /// Kontschieder et al.'s alternating leaf update for class distributions: with the
    /// decision nodes fixed, iterate
    ///
    ///     π_{ℓ,y} ← π_{ℓ,y} · Σ_{i: y_i = y} μ_ℓ(z_i) / P_T(y_i|z_i),   then normalise over y
    ///
    /// (an EM step for the mixture P_T = Σ_ℓ μ_ℓ π_ℓ, so the training log-loss never rises).
    /// One iteration is one product μᵀ·R with R[i, y_i] = 1 / P_T(y_i|z_i). 1e-6 is added
    /// before normalising so no class dies. Writes φ = log π and returns the mean log-loss
    /// before the first and after each iteration. Use a few thousand samples: small sets make
    /// the update noisy.
    @discardableResult
    public func updateLeavesFixedPoint(inputs: Tensor, labels: [Int], iterations: Int = 20) throws -> [Float] {
        guard case .classDistribution(let classes) = leaves else {
            throw NNError.invalidArgument("updateLeavesFixedPoint needs .classDistribution leaves; refit vector leaves with refitLeavesGreedy(inputs:targets:)")
        }
        guard inputs.rank == 2, inputs.shape[0] == labels.count, !labels.isEmpty else {
            throw NNError.invalidArgument("updateLeavesFixedPoint: pass inputs [N, F] and N labels (N > 0), got \(inputs.shape) and \(labels.count)")
        }
        let mu = try Autograd.noGrad { try router.routing(Variable(inputs)).value }     // [N, L]
        let oneHot = try ProbabilityLoss.oneHotMatrix(labels, classes: classes)
        var pi = try Autograd.noGrad { try leafValues().value }                           // [L, C]
        let n = labels.count
        func probabilitiesOfLabels(_ pi: Tensor) throws -> [Float] {
            let p = try mu.matmul(pi)                                                   // [N, C]
            return p.withUnsafeBufferPointer { pp in
                labels.enumerated().map { Swift.max(ProbabilityLoss.floor, pp[$0.offset * classes + $0.element]) }
            }
        }
        func logLoss(_ py: [Float]) -> Float { -py.reduce(0) { $0 + Foundation.log($1) } / Float(n) }
        var py = try probabilitiesOfLabels(pi)
        var history = [logLoss(py)]
        for _ in 0..<iterations {
            var r = oneHot
            r.withUnsafeMutableBufferPointer { rp in
                for (i, y) in labels.enumerated() { rp[i * classes + y] = 1 / py[i] }
            }
            var next = try pi * mu.matmul(r, transposeSelf: true) + 1e-6                // [L, C]
            next = try next / next.sum(alongAxes: [1], keepingDimensions: true)
            pi = next
            py = try probabilitiesOfLabels(pi)
            history.append(logLoss(py))
        }
        leafParameters.value = pi.log()
        return history
    }

    /// Mean training log-loss −log P_T(y|z) of this tree alone (what the fixed-point update lowers).
    public func logLoss(inputs: Tensor, labels: [Int]) throws -> Float {
        try Autograd.noGrad {
            try ProbabilityLoss.negativeLogLikelihood(probabilities: self(Variable(inputs)), labels: IndexTensor(labels)).value.scalars[0]
        }
    }

    /// Hard refit for greedy routing, classification: each leaf becomes the Laplace-smoothed
    /// class histogram of the training rows that reach it greedily,
    /// π_ℓ,c = (n_ℓ,c + α) / (n_ℓ + C·α); an unreached leaf becomes uniform.
    public func refitLeavesGreedy(inputs: Tensor, labels: [Int], smoothing alpha: Float = 1) throws {
        guard case .classDistribution(let classes) = leaves else {
            throw NNError.invalidArgument("refitLeavesGreedy(labels:) needs .classDistribution leaves; pass targets for vector leaves")
        }
        guard inputs.rank == 2, inputs.shape[0] == labels.count, alpha > 0 else {
            throw NNError.invalidArgument("refitLeavesGreedy: pass inputs [N, F], N labels and a positive smoothing, got \(inputs.shape), \(labels.count), \(alpha)")
        }
        let reached = try router.greedyLeaves(inputs)
        var counts = [Float](repeating: alpha, count: router.leafCount * classes)
        for (leaf, y) in zip(reached, labels) {
            guard (0..<classes).contains(y) else {
                throw NNError.invalidArgument("refitLeavesGreedy: label \(y) is outside 0..<\(classes)")
            }
            counts[leaf * classes + y] += 1
        }
        let pi = try Tensor(shape: [router.leafCount, classes], scalars: counts)
        leafParameters.value = try (pi / pi.sum(alongAxes: [1], keepingDimensions: true)).log()
    }

    /// Hard refit for greedy routing, regression: each leaf becomes the mean target of the rows
    /// that reach it greedily, shrunk towards the global mean with κ pseudo-samples,
    /// θ_ℓ = (Σ y + κ·ȳ) / (n_ℓ + κ).
    public func refitLeavesGreedy(inputs: Tensor, targets: Tensor, shrinkage kappa: Float = 1) throws {
        guard case .vector(let k) = leaves else {
            throw NNError.invalidArgument("refitLeavesGreedy(targets:) needs .vector leaves; pass labels for class leaves")
        }
        guard inputs.rank == 2, targets.rank == 2, targets.shape == [inputs.shape[0], k], kappa > 0 else {
            throw NNError.invalidArgument("refitLeavesGreedy: pass inputs [N, F], targets [N, \(k)] and a positive shrinkage, got \(inputs.shape), \(targets.shape), \(kappa)")
        }
        let reached = try router.greedyLeaves(inputs)
        let globalMean = try targets.mean(alongAxes: [0]).scalars
        var sums = [Float](repeating: 0, count: router.leafCount * k)
        var counts = [Float](repeating: kappa, count: router.leafCount)
        for l in 0..<router.leafCount { for j in 0..<k { sums[l * k + j] = kappa * globalMean[j] } }
        targets.withUnsafeBufferPointer { t in
            for (i, leaf) in reached.enumerated() {
                counts[leaf] += 1
                for j in 0..<k { sums[leaf * k + j] += t[i * k + j] }
            }
        }
        for l in 0..<router.leafCount { for j in 0..<k { sums[l * k + j] /= counts[l] } }
        leafParameters.value = try Tensor(shape: [router.leafCount, k], scalars: sums)
    }
}

