#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensor

extension Loss {
    /// Wing loss for landmark regression (Feng et al., "Wing Loss for Robust Facial Landmark
    /// Localisation with Convolutional Neural Networks", CVPR 2018), on each coordinate residual d:
    ///
    ///     ℓ(d) = w · ln(1 + |d|/ε)   if |d| < w
    ///     ℓ(d) = |d| − C             otherwise,   C = w − w · ln(1 + w/ε)
    ///
    /// The log regime amplifies small and medium errors (its slope w/(ε + |d|) is large near 0),
    /// which L2 underweights once the fit is coarse-good; C joins the two regimes continuously.
    /// The paper's w = 10, ε = 2 are for coordinates in pixels: scale both with the coordinates
    /// (for coordinates normalised to [0, 1] on a 256-pixel crop, divide by 256).
    /// The paper sums over coordinates; `.mean` divides that sum by the number of coordinates.
    public static func wing(_ prediction: Variable, _ target: Variable, w: Float = 10, epsilon: Float = 2,
                            reduction: LossReduction = .mean) throws -> Variable {
        guard w > 0, w.isFinite, epsilon > 0, epsilon.isFinite else {
            throw NNError.invalidArgument("wing: w and epsilon must be finite and > 0, got w = \(w), epsilon = \(epsilon)")
        }
        let c = w - w * log1pf(w / epsilon)
        return try residualLoss(prediction, target, op: "wing", reduction: reduction,
            value: { d in
                let a = Swift.abs(d)
                return a < w ? w * log1pf(a / epsilon) : a - c
            },
            derivative: { d in
                let a = Swift.abs(d)
                let slope = a < w ? w / (epsilon + a) : 1
                return d > 0 ? slope : (d < 0 ? -slope : 0)
            })
    }
}
