import Tensor

/// Scales all gradients together so that their global L2 norm is at most `maxNorm`, and
/// returns the norm they had before (PyTorch's `clip_grad_norm_`, norm type 2):
///
///     total = √(Σ over all parameters and elements of g²)
///     g ← g · maxNorm / (total + 1e-6)     when that factor is < 1
///
/// One factor for all parameters keeps the update's direction; only its length is capped,
/// which tames the rare huge step without biasing ordinary ones. Parameters without a
/// gradient are skipped; a parameter listed twice counts once. The sum of squares is
/// accumulated in Double.
///
/// A NaN or infinite total leaves the gradients unchanged (PyTorch would multiply them by NaN)
/// and is returned as is, so the next optimizer step throws `nonFiniteGradient` naming the
/// parameter; with `errorIfNonFinite` this throws `OptimizerError.nonFiniteGradientNorm` here.
@discardableResult
public func clipGradientNorm(_ parameters: [Variable], maxNorm: Float, errorIfNonFinite: Bool = false) throws -> Float {
    guard maxNorm > 0, maxNorm.isFinite else {
        throw OptimizerError.invalidHyperparameter("clipGradientNorm: maxNorm must be finite and > 0, got \(maxNorm)")
    }
    let unique = ParameterList(parameters).variables.filter { $0.grad != nil }
    var sumOfSquares: Double = 0
    for p in unique {
        sumOfSquares += p.grad!.withUnsafeBufferPointer(OptimizerKernels.sumOfSquares)
    }
    let total = Float(sumOfSquares.squareRoot())
    guard total.isFinite else {
        if errorIfNonFinite { throw OptimizerError.nonFiniteGradientNorm }
        return total
    }
    let factor = maxNorm / (total + 1e-6)
    if factor < 1 {
        for p in unique {
            p.grad!.withUnsafeMutableBufferPointer { g in
                for j in 0..<g.count { g[j] *= factor }
            }
        }
    }
    return total
}
