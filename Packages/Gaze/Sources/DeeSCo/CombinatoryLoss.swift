import GazeCore
import NN
import Tensor

/// The supervision of one batch: gaze in degrees, its target heat-map, and eye landmarks.
public struct DeeSCoTargets {
    /// `[B, 2]` (yaw, pitch) degrees.
    public var gaze: Tensor
    /// `[B, G]` Gaussian heat-maps.
    public var heatmap: Tensor
    /// `[B, L, 2]` crop pixels, or nil to train gaze only.
    public var eyeLandmarks: Tensor?

    public init(gaze: Tensor, heatmap: Tensor, eyeLandmarks: Tensor?) {
        self.gaze = gaze
        self.heatmap = heatmap
        self.eyeLandmarks = eyeLandmarks
    }

    /// Targets for `gaze` [B, 2] degrees on `model`'s grid.
    public init(model: DeeSCoModel, gaze: Tensor, eyeLandmarks: Tensor?) throws {
        self.init(gaze: gaze, heatmap: try model.grid.gaussianTargets(gaze, sigma: model.config.targetSigma), eyeLandmarks: eyeLandmarks)
    }
}

/// DeeSCo's losses. For a subset S of predictors (`deesco.md`, "Loss for one combination"):
///
///     ℓ(S) = CE(Y, H_S) + λ · ‖ĝ_S − g‖₁ / 1°  +  λ_lmk · mean_l ‖p̂_{S,l} − p_l‖₁ / W
///
/// averaged over the batch, with H_S the mean heat-map of S. Then
/// - stochastic combinatory: (1/R) Σ_r ℓ(S_r) over R random subsets (+ γ · ℓ(all));
/// - independent: Σ_m ℓ({m});
/// - joint (the plain ensemble loss): ℓ(all).
public enum CombinatoryLoss {
    /// log(H + ε): the mean of softmaxes has no log-sum-exp form, and ε keeps an empty bin finite.
    static let logFloor: Float = 1e-7

    /// ℓ(S).
    public static func subsetLoss(_ out: DeeSCoOutput, subset: [Int], targets: DeeSCoTargets, model: DeeSCoModel) throws -> Variable {
        let c = model.config
        let (heatmap, estimate, landmarks) = try model.combine(out, subset: subset)
        guard targets.gaze.shape == estimate.shape, targets.heatmap.shape == heatmap.shape else {
            throw GazeError.invalidArgument("DeeSCo targets must be gaze \(estimate.shape) and heat-maps \(heatmap.shape), got \(targets.gaze.shape) and \(targets.heatmap.shape)")
        }
        let batch = Float(heatmap.shape[0])
        let crossEntropy = try (Variable(targets.heatmap) * (heatmap + logFloor).log()).sum() * (-1 / batch)
        var total = try crossEntropy + (estimate - Variable(targets.gaze)).abs().sum() * (c.coordinateWeight / batch)
        if let truth = targets.eyeLandmarks, c.landmarkWeight > 0 {
            guard truth.shape == landmarks.shape else {
                throw GazeError.invalidArgument("eye landmark targets must be \(landmarks.shape), got \(truth.shape)")
            }
            let perPoint = batch * Float(landmarks.shape[1])
            total = try total + (landmarks - Variable(truth)).abs().sum() * (c.landmarkWeight / (perPoint * Float(c.inputWidth)))
        }
        return total
    }

    /// (1/|subsets|) Σ ℓ(S) over given subsets.
    public static func loss(_ out: DeeSCoOutput, subsets: [[Int]], targets: DeeSCoTargets, model: DeeSCoModel) throws -> Variable {
        guard !subsets.isEmpty else { throw GazeError.invalidArgument("the combinatory loss needs at least one subset") }
        var total = try subsetLoss(out, subset: subsets[0], targets: targets, model: model)
        for s in subsets.dropFirst() { total = try total + subsetLoss(out, subset: s, targets: targets, model: model) }
        return subsets.count == 1 ? total : total * (1 / Float(subsets.count))
    }

    /// The training loss `model.config.loss` asks for; random subsets come from `rng`.
    public static func trainingLoss(_ out: DeeSCoOutput, targets: DeeSCoTargets, model: DeeSCoModel,
                                    rng: inout RandomGenerator) throws -> Variable {
        let c = model.config, all = Array(0..<out.predictorCount)
        switch c.loss {
        case .joint:
            return try subsetLoss(out, subset: all, targets: targets, model: model)
        case .independent:
            var total = try subsetLoss(out, subset: [0], targets: targets, model: model)
            for m in all.dropFirst() { total = try total + subsetLoss(out, subset: [m], targets: targets, model: model) }
            return total
        case .stochastic:
            let sampler = SubsetSampler(predictorCount: out.predictorCount, inclusionProbability: c.inclusionProbability, sampling: c.sampling)
            let subsets = (0..<c.subsetsPerStep).map { _ in sampler.draw(using: &rng) }
            let sc = try loss(out, subsets: subsets, targets: targets, model: model)
            guard c.fullEnsembleWeight > 0 else { return sc }
            return try sc + subsetLoss(out, subset: all, targets: targets, model: model) * c.fullEnsembleWeight
        }
    }
}
