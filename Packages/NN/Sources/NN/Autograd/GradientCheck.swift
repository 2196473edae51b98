import Tensor

/// Compares autograd's gradients with central finite differences.
///
/// Float32 differences are noisy, so the check uses a relative step and reports the
/// worst relative error; tests accept ~1e-2 for smooth functions.
///
/// ```swift
/// let worst = try GradientCheck.maxRelativeError(inputs: [x, w]) { v in try v[0].matmul(v[1]).tanh().sum() }
/// let layerWorst = try GradientCheck.maxRelativeError(variables: [input] + layer.parameters()) {
///     try layer(input).squared().sum()
/// }
/// ```
public enum GradientCheck {
    /// Differentiates `f(inputs)` with respect to every input.
    public static func maxRelativeError(inputs: [Tensor], step: Float = 1e-2,
                                        _ f: ([Variable]) throws -> Variable) throws -> Float {
        let vars = inputs.map { Variable($0, requiresGrad: true) }
        return try maxRelativeError(variables: vars, step: step) { try f(vars) }
    }

    /// Differentiates `f()` with respect to the given leaf variables (e.g. a layer's parameters
    /// and its input), perturbing their values in place. The largest
    /// |analytic - numeric| / max(floor, |analytic| + |numeric|) over every element, where the
    /// floor (1e-3, or 1% of the variable's largest gradient) keeps Float32 rounding in
    /// near-zero gradients from counting as errors.
    /// `f` must return a scalar and be deterministic (no dropout, no sampling).
    public static func maxRelativeError(variables: [Variable], step: Float = 1e-2,
                                        _ f: () throws -> Variable) throws -> Float {
        for v in variables { v.zeroGrad() }
        let out = try f()
        guard out.value.count == 1 else {
            throw NNError.invalidArgument("GradientCheck: the function must return a scalar, got shape \(out.shape)")
        }
        try out.backward()
        var worst: Float = 0
        for v in variables {
            let analytic = v.grad ?? Tensor(zeros: v.shape)
            let original = v.value
            defer { v.value = original }
            let floor = Swift.max(1e-3, 1e-2 * analytic.abs().max())
            for i in 0..<original.count {
                let x = original.scalars[i]
                let h = step * Swift.max(1, x.magnitude)
                func value(at delta: Float) throws -> Double {
                    var perturbed = original
                    perturbed.withUnsafeMutableBufferPointer { $0[i] = x + delta }
                    v.value = perturbed
                    return Double(try Autograd.noGrad(f).value.scalars[0])
                }
                let numeric = Float((try value(at: h) - value(at: -h)) / Double(2 * h))
                let a = analytic.scalars[i]
                worst = Swift.max(worst, (a - numeric).magnitude / Swift.max(floor, a.magnitude + numeric.magnitude))
            }
        }
        return worst
    }
}
