import Tensor

/// Loss functions: each takes variables and returns a variable, so `backward()` on the
/// result sends gradients to the network that produced the prediction.
///
/// ```swift
/// let loss = try Loss.crossEntropy(logits: model(x), labels: y, labelSmoothing: 0.1)
/// try loss.backward()
/// ```
///
/// Targets are variables too: wrap constants with `Variable(tensor)` (no gradient), or pass a
/// variable that requires one (e.g. a student matching a teacher) and it gets a gradient.
public enum Loss {}

/// How per-element (or per-sample) losses become the returned value.
public enum LossReduction: String, Sendable, CaseIterable {
    /// The average (the default: the scale does not depend on the batch size).
    case mean
    /// The total.
    case sum
    /// No reduction: one loss per element (per sample for cross-entropy).
    case none

    func apply(_ losses: Variable) -> Variable {
        switch self {
        case .mean: return losses.mean()
        case .sum: return losses.sum()
        case .none: return losses
        }
    }
}
