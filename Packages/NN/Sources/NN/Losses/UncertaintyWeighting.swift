import Tensor

/// Multi-task loss weighting by learned homoscedastic uncertainty (Kendall, Gal & Cipolla,
/// "Multi-Task Learning Using Uncertainty to Weigh Losses", CVPR 2018).
///
/// Each task i has a learned log-variance s_i = log σ_i², and the total is
///
///     L = Σ_i exp(−s_i) · L_i + s_i
///
/// A task with a large or noisy loss raises its s_i and so its weight exp(−s_i) drops; the
/// + s_i term stops every weight from collapsing to 0. For a fixed L_i the optimum is
/// s_i = log L_i. (The paper writes 1/(2σ²) for regression and 1/σ² for classification;
/// this log-variance form, used by most implementations, absorbs the factor ½ into s_i and
/// is numerically stable since exp(−s) never divides by zero.)
///
/// The s_i are a parameter of this module: give them to the optimizer with the network's.
/// ```swift
/// let weighting = UncertaintyWeighting(tasks: 2)
/// let optimizer = try Adam(model.namedParameters() + weighting.namedParameters(), learningRate: 1e-3)
/// let loss = try weighting([landmarkLoss, poseLoss])
/// ```
public final class UncertaintyWeighting: Module, @unchecked Sendable {
    /// s_i = log σ_i², one per task.
    public let logVariances: Variable

    /// - Parameter initialLogVariance: the starting s for every task (0: all weights 1).
    public init(tasks: Int, initialLogVariance: Float = 0) {
        precondition(tasks > 0, "UncertaintyWeighting needs at least one task")
        logVariances = Variable(Tensor(shape: [tasks], repeating: initialLogVariance), requiresGrad: true)
    }

    public var taskCount: Int { logVariances.value.count }

    /// The current weights exp(−s_i), for logging.
    public var taskWeights: [Float] { (-logVariances.value).exp().scalars }

    /// The weighted total of one scalar loss per task, in the order the tasks were numbered.
    public func callAsFunction(_ losses: [Variable]) throws -> Variable {
        guard losses.count == taskCount else {
            throw NNError.invalidArgument("UncertaintyWeighting: \(losses.count) losses for \(taskCount) tasks; pass one loss per task")
        }
        if let bad = losses.firstIndex(where: { $0.value.count != 1 }) {
            throw NNError.invalidArgument("UncertaintyWeighting: loss \(bad) has shape \(losses[bad].shape); reduce each task's loss to a scalar first")
        }
        let stacked = try Variable.concatenate(losses.map { try $0.reshaped([1]) })
        let s = logVariances
        return try ((-s).exp() * stacked + s).sum()
    }
}
