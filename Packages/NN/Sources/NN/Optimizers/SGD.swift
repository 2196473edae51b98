import Tensor

/// Stochastic gradient descent with momentum, Nesterov momentum, dampening and (L2) weight
/// decay, with PyTorch's `torch.optim.SGD` update (to Float32 rounding). For each parameter p
/// with gradient g, learning rate η, momentum μ, dampening τ, weight decay λ:
///
///     g ← g + λ·p                                  (if λ ≠ 0)
///     b ← g                  on the first step      (if μ ≠ 0)
///     b ← μ·b + (1 − τ)·g    afterwards
///     g ← g + μ·b  (Nesterov)   or   g ← b
///     p ← p − η·g
///
/// State: one momentum buffer per parameter (`state.<name>.momentum_buffer`), created at the
/// parameter's first step, so a resumed run continues exactly.
public final class SGD: Optimizer {
    public var learningRate: Float
    public var momentum: Float
    public var dampening: Float
    public var weightDecay: Float
    public var nesterov: Bool
    let list: ParameterList
    var momentumBuffers: [Tensor?]

    public var namedParameters: [(String, Variable)] { list.named }

    public convenience init(_ parameters: [Variable], learningRate: Float, momentum: Float = 0, dampening: Float = 0,
                            weightDecay: Float = 0, nesterov: Bool = false) throws {
        try self.init(list: ParameterList(parameters), learningRate: learningRate, momentum: momentum,
                      dampening: dampening, weightDecay: weightDecay, nesterov: nesterov)
    }

    /// Names (e.g. from `module.namedParameters()`) key the saved state, so a checkpoint
    /// stays readable and survives a reordering of the list.
    public convenience init(_ namedParameters: [(String, Variable)], learningRate: Float, momentum: Float = 0,
                            dampening: Float = 0, weightDecay: Float = 0, nesterov: Bool = false) throws {
        try self.init(list: ParameterList(namedParameters), learningRate: learningRate, momentum: momentum,
                      dampening: dampening, weightDecay: weightDecay, nesterov: nesterov)
    }

    init(list: ParameterList, learningRate: Float, momentum: Float, dampening: Float, weightDecay: Float, nesterov: Bool) throws {
        try validateHyperparameter(learningRate >= 0 && learningRate.isFinite, "SGD: learningRate must be finite and ≥ 0, got \(learningRate)")
        try validateHyperparameter(momentum >= 0 && momentum.isFinite, "SGD: momentum must be finite and ≥ 0, got \(momentum)")
        try validateHyperparameter(dampening >= 0 && dampening <= 1, "SGD: dampening must be in [0, 1], got \(dampening)")
        try validateHyperparameter(weightDecay >= 0 && weightDecay.isFinite, "SGD: weightDecay must be finite and ≥ 0, got \(weightDecay)")
        try validateHyperparameter(!nesterov || (momentum > 0 && dampening == 0),
                                   "SGD: Nesterov momentum needs momentum > 0 and dampening 0 (got momentum \(momentum), dampening \(dampening))")
        self.list = list
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        momentumBuffers = Array(repeating: nil, count: list.count)
    }

    public func step() throws {
        try validateHyperparameter(learningRate >= 0 && learningRate.isFinite, "SGD: learningRate must be finite and ≥ 0, got \(learningRate)")
        try list.validate(stateShapes: momentumBuffers.map { $0?.shape }, slot: "momentum_buffer")
        let (lr, mu, keep, wd, nesterov) = (learningRate, momentum, 1 - dampening, weightDecay, nesterov)
        for (i, p) in list.variables.enumerated() {
            guard let grad = p.grad else { continue }
            if mu == 0 {
                grad.withUnsafeBufferPointer { g in
                    p.value.withUnsafeMutableBufferPointer { x in
                        for j in 0..<x.count { x[j] += -lr * (g[j] + wd * x[j]) }
                    }
                }
                continue
            }
            // Taken out of the array so the buffer is uniquely referenced: updated without a copy.
            let existing = momentumBuffers[i]
            momentumBuffers[i] = nil
            let first = existing == nil
            var buffer = existing ?? Tensor(uninitializedShape: p.value.shape)
            buffer.withUnsafeMutableBufferPointer { b in
                grad.withUnsafeBufferPointer { g in
                    p.value.withUnsafeMutableBufferPointer { x in
                        // One loop per case: branch-free bodies vectorise.
                        switch (first, nesterov) {
                        case (true, false):
                            for j in 0..<x.count { let d = g[j] + wd * x[j]; b[j] = d; x[j] += -lr * d }
                        case (true, true):
                            for j in 0..<x.count { let d = g[j] + wd * x[j]; b[j] = d; x[j] += -lr * (d + mu * d) }
                        case (false, false):
                            for j in 0..<x.count { let d = g[j] + wd * x[j]; b[j] = mu * b[j] + keep * d; x[j] += -lr * b[j] }
                        case (false, true):
                            for j in 0..<x.count { let d = g[j] + wd * x[j]; b[j] = mu * b[j] + keep * d; x[j] += -lr * (d + mu * b[j]) }
                        }
                    }
                }
            }
            momentumBuffers[i] = buffer
        }
    }

    static let hyperparameterKeys = ["lr", "momentum", "dampening", "weight_decay", "nesterov"]

    public func state() -> [String: Tensor] {
        var out: [String: Tensor] = [
            "lr": Tensor(scalar: learningRate), "momentum": Tensor(scalar: momentum), "dampening": Tensor(scalar: dampening),
            "weight_decay": Tensor(scalar: weightDecay), "nesterov": Tensor(scalar: nesterov ? 1 : 0),
        ]
        for (name, buffer) in zip(list.names, momentumBuffers) {
            if let buffer { out[OptimizerStateCoding.key(name, "momentum_buffer")] = buffer }
        }
        return out
    }

    public func load(state: [String: Tensor]) throws {
        var remaining = Set(state.keys), missing: [String] = []
        let h = try OptimizerStateCoding.scalars(Self.hyperparameterKeys, from: state, remaining: &remaining, missing: &missing)
        var buffers: [Tensor?] = []
        for (name, p) in list.named {
            let slots = try OptimizerStateCoding.slots(["momentum_buffer"], of: name, shapes: ["momentum_buffer": p.value.shape],
                                                       from: state, remaining: &remaining, missing: &missing)
            buffers.append(slots?["momentum_buffer"])
        }
        guard missing.isEmpty && remaining.isEmpty else {
            throw OptimizerError.stateMismatch(missing: missing.sorted(), unexpected: remaining.sorted())
        }
        learningRate = h["lr"]!
        momentum = h["momentum"]!
        dampening = h["dampening"]!
        weightDecay = h["weight_decay"]!
        nesterov = h["nesterov"]! != 0
        momentumBuffers = buffers
    }
}
