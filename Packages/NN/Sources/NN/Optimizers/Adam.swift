#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensor

/// Adam (Kingma & Ba, 2015) with bias correction, with PyTorch's `torch.optim.Adam` update
/// (to Float32 rounding). For each parameter p with gradient g, at its t-th step (t counts
/// only the steps where p had a gradient), learning rate η, betas β₁, β₂, weight decay λ:
///
///     g ← g + λ·p                      (L2 weight decay, coupled; if λ ≠ 0)
///     m ← m + (1 − β₁)·(g − m)         (= β₁·m + (1 − β₁)·g)
///     v ← β₂·v + (1 − β₂)·g²
///     p ← p − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// The bias corrections (in Double, as PyTorch's Python floats) undo the zero start of m and
/// v, so early steps are not too small. State per parameter: `exp_avg` (m), `exp_avg_sq` (v)
/// and `step` (t).
///
/// Coupled L2 decay is scaled down by Adam's per-coordinate step sizes, so it regularises
/// unevenly: prefer `AdamW`, which decays the weights directly.
public class Adam: Optimizer {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float
    /// True for AdamW: weights decay by p ← p·(1 − η·λ) before the Adam step, not through g.
    public let decoupledWeightDecay: Bool
    let list: ParameterList
    var moments: [(m: Tensor, v: Tensor)?]
    var steps: [Int]

    public var namedParameters: [(String, Variable)] { list.named }

    public convenience init(_ parameters: [Variable], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                            epsilon: Float = 1e-8, weightDecay: Float = 0) throws {
        try self.init(list: ParameterList(parameters), learningRate: learningRate, beta1: beta1, beta2: beta2,
                      epsilon: epsilon, weightDecay: weightDecay, decoupled: false)
    }

    /// Names (e.g. from `module.namedParameters()`) key the saved state.
    public convenience init(_ namedParameters: [(String, Variable)], learningRate: Float = 1e-3, beta1: Float = 0.9,
                            beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0) throws {
        try self.init(list: ParameterList(namedParameters), learningRate: learningRate, beta1: beta1, beta2: beta2,
                      epsilon: epsilon, weightDecay: weightDecay, decoupled: false)
    }

    init(list: ParameterList, learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float,
         decoupled: Bool) throws {
        let name = Self.kind(decoupled)
        try validateHyperparameter(learningRate >= 0 && learningRate.isFinite, "\(name): learningRate must be finite and ≥ 0, got \(learningRate)")
        try validateHyperparameter((0..<1).contains(beta1) && (0..<1).contains(beta2), "\(name): beta1 and beta2 must be in [0, 1), got \(beta1), \(beta2)")
        try validateHyperparameter(epsilon >= 0 && epsilon.isFinite, "\(name): epsilon must be finite and ≥ 0, got \(epsilon)")
        try validateHyperparameter(weightDecay >= 0 && weightDecay.isFinite, "\(name): weightDecay must be finite and ≥ 0, got \(weightDecay)")
        self.list = list
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        decoupledWeightDecay = decoupled
        moments = Array(repeating: nil, count: list.count)
        steps = Array(repeating: 0, count: list.count)
    }

    static func kind(_ decoupled: Bool) -> String { decoupled ? "AdamW" : "Adam" }

    public func step() throws {
        try validateHyperparameter(learningRate >= 0 && learningRate.isFinite, "\(Self.kind(decoupledWeightDecay)): learningRate must be finite and ≥ 0, got \(learningRate)")
        try list.validate(stateShapes: moments.map { $0?.m.shape }, slot: "exp_avg")
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        let coupledDecay: Float = decoupledWeightDecay ? 0 : weightDecay
        // PyTorch: param.mul_(1 - lr * weight_decay), the factor computed in Double.
        let shrink = Float(1 - Double(learningRate) * Double(decoupledWeightDecay ? weightDecay : 0))
        for (i, p) in list.variables.enumerated() {
            guard let grad = p.grad else { continue }
            steps[i] += 1
            let t = Double(steps[i])
            let stepSize = Float(Double(learningRate) / (1 - pow(Double(b1), t)))
            let correction2Root = Float((1 - pow(Double(b2), t)).squareRoot())
            // Taken out of the array so the buffers are uniquely referenced: updated without a copy.
            var (m, v) = moments[i] ?? (Tensor(zeros: p.value.shape), Tensor(zeros: p.value.shape))
            moments[i] = nil
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    grad.withUnsafeBufferPointer { g in
                        p.value.withUnsafeMutableBufferPointer { x in
                            OptimizerKernels.adam(x: x, m: m, v: v, g: g, b1: b1, b2: b2, eps: eps, coupledDecay: coupledDecay,
                                                  shrink: shrink, stepSize: stepSize, correction2Root: correction2Root)
                        }
                    }
                }
            }
            moments[i] = (m, v)
        }
    }

    static let hyperparameterKeys = ["lr", "beta1", "beta2", "eps", "weight_decay", "decoupled_weight_decay"]

    public func state() -> [String: Tensor] {
        var out: [String: Tensor] = [
            "lr": Tensor(scalar: learningRate), "beta1": Tensor(scalar: beta1), "beta2": Tensor(scalar: beta2),
            "eps": Tensor(scalar: epsilon), "weight_decay": Tensor(scalar: weightDecay),
            "decoupled_weight_decay": Tensor(scalar: decoupledWeightDecay ? 1 : 0),
        ]
        for (i, name) in list.names.enumerated() {
            guard let (m, v) = moments[i] else { continue }
            out[OptimizerStateCoding.key(name, "exp_avg")] = m
            out[OptimizerStateCoding.key(name, "exp_avg_sq")] = v
            out[OptimizerStateCoding.key(name, "step")] = OptimizerStateCoding.encodeCount(steps[i])
        }
        return out
    }

    public func load(state: [String: Tensor]) throws {
        var remaining = Set(state.keys), missing: [String] = []
        let h = try OptimizerStateCoding.scalars(Self.hyperparameterKeys, from: state, remaining: &remaining, missing: &missing)
        if let saved = h["decoupled_weight_decay"], (saved != 0) != decoupledWeightDecay {
            throw OptimizerError.invalidHyperparameter("the saved state is from \(Self.kind(saved != 0)) but this optimizer is \(Self.kind(decoupledWeightDecay)); create the same kind of optimizer to resume")
        }
        var newMoments: [(m: Tensor, v: Tensor)?] = [], newSteps: [Int] = []
        for (name, p) in list.named {
            let shape = p.value.shape
            let slots = try OptimizerStateCoding.slots(["exp_avg", "exp_avg_sq", "step"], of: name,
                                                       shapes: ["exp_avg": shape, "exp_avg_sq": shape],
                                                       from: state, remaining: &remaining, missing: &missing)
            if let slots {
                newMoments.append((slots["exp_avg"]!, slots["exp_avg_sq"]!))
                newSteps.append(try OptimizerStateCoding.decodeCount(slots["step"]!, key: OptimizerStateCoding.key(name, "step")))
            } else {
                newMoments.append(nil)
                newSteps.append(0)
            }
        }
        guard missing.isEmpty && remaining.isEmpty else {
            throw OptimizerError.stateMismatch(missing: missing.sorted(), unexpected: remaining.sorted())
        }
        learningRate = h["lr"]!
        beta1 = h["beta1"]!
        beta2 = h["beta2"]!
        epsilon = h["eps"]!
        weightDecay = h["weight_decay"]!
        moments = newMoments
        steps = newSteps
    }
}

/// AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019), with
/// PyTorch's `torch.optim.AdamW` update: first p ← p·(1 − η·λ), then the Adam step of `Adam`
/// without L2 in the gradient. The decay is then the same for every weight, whatever its
/// gradient history. Default λ = 0.01, as PyTorch.
public final class AdamW: Adam {
    public convenience init(_ parameters: [Variable], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                            epsilon: Float = 1e-8, weightDecay: Float = 0.01) throws {
        try self.init(list: ParameterList(parameters), learningRate: learningRate, beta1: beta1, beta2: beta2,
                      epsilon: epsilon, weightDecay: weightDecay, decoupled: true)
    }

    /// Names (e.g. from `module.namedParameters()`) key the saved state.
    public convenience init(_ namedParameters: [(String, Variable)], learningRate: Float = 1e-3, beta1: Float = 0.9,
                            beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0.01) throws {
        try self.init(list: ParameterList(namedParameters), learningRate: learningRate, beta1: beta1, beta2: beta2,
                      epsilon: epsilon, weightDecay: weightDecay, decoupled: true)
    }
}

