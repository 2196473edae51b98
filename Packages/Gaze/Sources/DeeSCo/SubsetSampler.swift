import Tensor

/// Draws the random subsets of weak predictors of the stochastic combinatory loss from a
/// seeded generator, so a training run is reproducible.
public struct SubsetSampler: Sendable {
    public let predictorCount: Int
    public let inclusionProbability: Float
    public let sampling: DeeSCoConfig.SubsetSampling

    public init(predictorCount: Int, inclusionProbability: Float = 0.5, sampling: DeeSCoConfig.SubsetSampling = .bernoulli) {
        precondition(predictorCount >= 1 && inclusionProbability > 0 && inclusionProbability <= 1, "SubsetSampler needs M ≥ 1 and p in (0, 1]")
        self.predictorCount = predictorCount
        self.inclusionProbability = inclusionProbability
        self.sampling = sampling
    }

    /// One non-empty subset, members in increasing order.
    public func draw(using rng: inout RandomGenerator) -> [Int] {
        switch sampling {
        case .bernoulli:
            while true {
                let subset = (0..<predictorCount).filter { _ in rng.uniformFloat() < inclusionProbability }
                if !subset.isEmpty { return subset }   // an empty subset has no prediction: redraw
            }
        case .uniformSize:
            let k = 1 + rng.integer(in: 0..<predictorCount)
            return Array(rng.permutation(predictorCount).prefix(k)).sorted()
        }
    }
}
