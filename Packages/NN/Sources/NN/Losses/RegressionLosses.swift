import Tensor

/// Losses on the residual d = prediction − target (regression: landmarks, angles, offsets).
extension Loss {
    /// Mean squared error: ℓ(d) = d².
    public static func mse(_ prediction: Variable, _ target: Variable, reduction: LossReduction = .mean) throws -> Variable {
        try residualLoss(prediction, target, op: "mse", reduction: reduction, value: { $0 * $0 }, derivative: { 2 * $0 })
    }

    /// Absolute error: ℓ(d) = |d| (gradient 0 at d = 0, as PyTorch).
    public static func l1(_ prediction: Variable, _ target: Variable, reduction: LossReduction = .mean) throws -> Variable {
        try residualLoss(prediction, target, op: "l1", reduction: reduction, value: { Swift.abs($0) },
                         derivative: { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
    }

    /// Smooth L1 (PyTorch's `SmoothL1Loss`): ℓ(d) = ½d²/β when |d| < β, else |d| − ½β.
    ///
    /// Quadratic near zero (no gradient jump as the fit gets good), linear beyond β (outliers
    /// pull with bounded force). β = 0 is the L1 loss.
    public static func smoothL1(_ prediction: Variable, _ target: Variable, beta: Float = 1,
                                reduction: LossReduction = .mean) throws -> Variable {
        guard beta >= 0, beta.isFinite else {
            throw NNError.invalidArgument("smoothL1: beta must be finite and ≥ 0, got \(beta)")
        }
        if beta == 0 { return try l1(prediction, target, reduction: reduction) }
        return try residualLoss(prediction, target, op: "smoothL1", reduction: reduction,
            value: { d in Swift.abs(d) < beta ? 0.5 * d * d / beta : Swift.abs(d) - 0.5 * beta },
            derivative: { d in Swift.abs(d) < beta ? d / beta : (d > 0 ? 1 : -1) })
    }

    /// Huber loss (PyTorch's `HuberLoss`): ℓ(d) = ½d² when |d| < δ, else δ(|d| − ½δ);
    /// equal to δ · smoothL1 with β = δ (same shape, slope δ instead of 1 in the linear part).
    public static func huber(_ prediction: Variable, _ target: Variable, delta: Float = 1,
                             reduction: LossReduction = .mean) throws -> Variable {
        guard delta > 0, delta.isFinite else {
            throw NNError.invalidArgument("huber: delta must be finite and > 0, got \(delta)")
        }
        return try residualLoss(prediction, target, op: "huber", reduction: reduction,
            value: { d in Swift.abs(d) < delta ? 0.5 * d * d : delta * (Swift.abs(d) - 0.5 * delta) },
            derivative: { d in Swift.abs(d) < delta ? d : (d > 0 ? delta : -delta) })
    }
}
