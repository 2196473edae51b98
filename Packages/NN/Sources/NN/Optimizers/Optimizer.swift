import Tensor

/// Updates parameters from their gradients, in place.
///
/// ```swift
/// let optimizer = try AdamW(model.namedParameters(), learningRate: 1e-3)
/// for (step, batch) in batches.enumerated() {
///     schedule.apply(to: optimizer, at: step)
///     optimizer.zeroGrad()
///     try loss(model, batch).backward()
///     try clipGradientNorm(optimizer.parameters, maxNorm: 5)
///     try optimizer.step()
/// }
/// ```
///
/// Conventions shared by every optimizer here:
/// - `step()` updates only parameters whose `grad` is set (as PyTorch skips `grad is None`),
///   writing `parameter.value` through unsafe buffers, with no autograd recording.
/// - Before changing anything, `step()` checks every gradient and throws
///   `OptimizerError.nonFiniteGradient` if one holds NaN or ±inf: weights are never silently
///   corrupted, and a caller that wants skip-on-overflow semantics catches the error and
///   carries on (nothing was changed).
/// - A parameter listed twice (tied weights) is updated once.
/// - `state()` exports everything needed to continue exactly (hyperparameters, step counts,
///   moment buffers) as named Float32 tensors, ready for a checkpoint; `load(state:)` restores
///   it, hyperparameters included (as PyTorch's `load_state_dict`). Per-parameter entries are
///   keyed `state.<parameter name>.<slot>`; hyperparameters are rank-0 tensors by name.
public protocol Optimizer: AnyObject {
    /// The parameters this optimizer updates, with the names its saved state is keyed by.
    var namedParameters: [(String, Variable)] { get }
    /// The step size of the next `step()`; schedules set it before each step.
    var learningRate: Float { get set }
    /// Applies one update to every parameter that has a gradient.
    func step() throws
    /// Everything needed to continue exactly, as named tensors.
    func state() -> [String: Tensor]
    /// Restores a `state()`; throws (changing nothing) when keys or shapes do not match.
    func load(state: [String: Tensor]) throws
}

extension Optimizer {
    public var parameters: [Variable] { namedParameters.map(\.1) }

    /// Clears the gradient of every parameter (call before each backward pass: gradients add up).
    public func zeroGrad() {
        for (_, p) in namedParameters { p.zeroGrad() }
    }
}
