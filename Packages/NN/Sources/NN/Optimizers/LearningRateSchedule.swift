#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A learning rate as a pure function of a step (or epoch) counter.
///
/// No schedule keeps state: resuming at step t only needs t (which the training loop saves),
/// and gives exactly the rates of an uninterrupted run. Whether t counts optimizer steps or
/// epochs is the caller's choice; negative t is treated as 0.
///
/// ```swift
/// let schedule = try LinearWarmup(steps: 500, then: CosineAnnealing(base: 1e-3, minimum: 1e-5, steps: 9_500))
/// schedule.apply(to: optimizer, at: step)       // before optimizer.step()
/// ```
public protocol LearningRateSchedule: Sendable {
    /// The rate for the update numbered `step` (0 is the first update).
    func learningRate(at step: Int) -> Float
}

extension LearningRateSchedule {
    /// Sets the optimizer's learning rate for `step`.
    public func apply(to optimizer: any Optimizer, at step: Int) {
        optimizer.learningRate = learningRate(at: step)
    }
}

/// The same rate at every step.
public struct ConstantSchedule: LearningRateSchedule {
    public let base: Float
    public init(_ base: Float) { self.base = base }
    public func learningRate(at step: Int) -> Float { base }
}

/// base · γ^⌊t / every⌋: the rate drops by γ every `every` steps (PyTorch's `StepLR`).
public struct StepDecay: LearningRateSchedule {
    public let base: Float, gamma: Float, every: Int

    public init(base: Float, gamma: Float = 0.1, every: Int) throws {
        try validateHyperparameter(every > 0, "StepDecay: every must be > 0, got \(every)")
        try validateHyperparameter(gamma > 0 && gamma.isFinite, "StepDecay: gamma must be finite and > 0, got \(gamma)")
        self.base = base
        self.gamma = gamma
        self.every = every
    }

    public func learningRate(at step: Int) -> Float {
        Float(Double(base) * pow(Double(gamma), Double(Swift.max(0, step) / every)))
    }
}

/// Cosine annealing from `base` to `minimum` over `steps` steps, then held at `minimum`:
///
///     η(t) = minimum + (base − minimum) · (1 + cos(π · t / steps)) / 2,   t ≤ steps
///
/// (PyTorch's `CosineAnnealingLR` closed form, without its restart beyond `steps`.) Large
/// steps early, then a slow approach that settles into a minimum instead of bouncing around it.
public struct CosineAnnealing: LearningRateSchedule {
    public let base: Float, minimum: Float, steps: Int

    public init(base: Float, minimum: Float = 0, steps: Int) throws {
        try validateHyperparameter(steps > 0, "CosineAnnealing: steps must be > 0, got \(steps)")
        self.base = base
        self.minimum = minimum
        self.steps = steps
    }

    public func learningRate(at step: Int) -> Float {
        let t = Double(Swift.min(Swift.max(0, step), steps))
        return Float(Double(minimum) + (Double(base) - Double(minimum)) * (1 + cos(Double.pi * t / Double(steps))) / 2)
    }
}

/// A linear warm-up before any other schedule: for t < `steps`, the rate rises linearly
/// from `startFactor` · s(0) to s(0); from then on it is s(t − steps), so the schedule `then`
/// starts its own count when warm-up ends (PyTorch's `SequentialLR` of a `LinearLR` and
/// `then`; the rate is continuous at the switch).
///
/// Warm-up keeps the first updates small while Adam's moment estimates and batch-norm
/// statistics are still noise, which lets large base rates train stably.
public struct LinearWarmup: LearningRateSchedule {
    public let steps: Int, startFactor: Float
    public let then: any LearningRateSchedule

    public init(steps: Int, startFactor: Float = 0, then: any LearningRateSchedule) throws {
        try validateHyperparameter(steps >= 0, "LinearWarmup: steps must be ≥ 0, got \(steps)")
        try validateHyperparameter((0...1).contains(startFactor), "LinearWarmup: startFactor must be in [0, 1], got \(startFactor)")
        self.steps = steps
        self.startFactor = startFactor
        self.then = then
    }

    public func learningRate(at step: Int) -> Float {
        let t = Swift.max(0, step)
        guard t < steps else { return then.learningRate(at: t - steps) }
        let factor = Double(startFactor) + (1 - Double(startFactor)) * Double(t) / Double(steps)
        return Float(factor * Double(then.learningRate(at: 0)))
    }
}
