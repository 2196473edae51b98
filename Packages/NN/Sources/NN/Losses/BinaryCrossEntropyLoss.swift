#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensor

extension Loss {
    /// Binary cross-entropy on logits x with targets z ∈ [0, 1] (soft targets allowed) and
    /// optional positive weights p (broadcast to the logits: e.g. one per class of a [N, C]
    /// multi-label output), as PyTorch's `binary_cross_entropy_with_logits(x, z, pos_weight: p)`:
    ///
    ///     ℓ = −[p · z · log σ(x) + (1 − z) · log(1 − σ(x))]
    ///       = (1 − z) · x + (1 + (p − 1) · z) · softplus(−x)
    ///     softplus(−x) = max(−x, 0) + log(1 + exp(−|x|))
    ///
    /// which for p = 1 is the stable form max(x, 0) − x·z + log(1 + exp(−|x|)): no exp of a
    /// large positive number and no log of 0, so logits of ±100 give exact finite losses.
    /// p > 1 raises recall on rare positive labels (p = negatives/positives balances them).
    ///
    /// One graph node with an explicit backward:
    /// ∂ℓ/∂x = (1 − z) − (1 + (p − 1)z) · σ(−x)   (σ(x) − z when p = 1),
    /// ∂ℓ/∂z = −x + (p − 1) · softplus(−x).
    public static func binaryCrossEntropyWithLogits(logits: Variable, targets: Variable, positiveWeight: Tensor? = nil,
                                                    reduction: LossReduction = .mean) throws -> Variable {
        guard logits.shape == targets.shape else {
            throw NNError.invalidArgument("binaryCrossEntropyWithLogits: logits \(logits.shape) and targets \(targets.shape) must have the same shape")
        }
        let x = logits.value, z = targets.value
        var p: Tensor? = nil
        if let positiveWeight {
            do {
                p = try positiveWeight.broadcast(to: x.shape)
            } catch {
                throw NNError.invalidArgument("binaryCrossEntropyWithLogits: positiveWeight of shape \(positiveWeight.shape) does not broadcast to the logits \(x.shape); give one weight per class (the last axis)")
            }
        }
        var loss = Tensor(uninitializedShape: x.shape)
        loss.withUnsafeMutableBufferPointer { out in
            x.withUnsafeBufferPointer { xs in
                z.withUnsafeBufferPointer { zs in
                    withOptionalBuffer(p) { ps in
                        for i in 0..<out.count {
                            let w = 1 + ((ps?[i] ?? 1) - 1) * zs[i]
                            out[i] = (1 - zs[i]) * xs[i] + w * softplusOfNegative(xs[i])
                        }
                    }
                }
            }
        }
        let losses = Variable(loss, parents: [logits, targets]) { g in
            var dx = Tensor(uninitializedShape: x.shape), dz = Tensor(uninitializedShape: x.shape)
            dx.withUnsafeMutableBufferPointer { gx in
                dz.withUnsafeMutableBufferPointer { gz in
                    g.withUnsafeBufferPointer { gs in
                        x.withUnsafeBufferPointer { xs in
                            z.withUnsafeBufferPointer { zs in
                                withOptionalBuffer(p) { ps in
                                    for i in 0..<gx.count {
                                        let pm1 = (ps?[i] ?? 1) - 1
                                        let sp = softplusOfNegative(xs[i])
                                        gx[i] = gs[i] * ((1 - zs[i]) - (1 + pm1 * zs[i]) * sigmoid(-xs[i]))
                                        gz[i] = gs[i] * (-xs[i] + pm1 * sp)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return [logits.requiresGrad ? dx : nil, targets.requiresGrad ? dz : nil]
        }
        return reduction.apply(losses)
    }
}

/// softplus(−x) = log(1 + exp(−x)), evaluated without overflow for any x.
@inline(__always)
private func softplusOfNegative(_ x: Float) -> Float {
    Swift.max(-x, 0) + log1pf(expf(-Swift.abs(x)))
}

/// σ(x) without overflow: exp only ever of a non-positive number.
@inline(__always)
private func sigmoid(_ x: Float) -> Float {
    if x >= 0 { return 1 / (1 + expf(-x)) }
    let e = expf(x)
    return e / (1 + e)
}

private func withOptionalBuffer<R>(_ t: Tensor?, _ body: (UnsafeBufferPointer<Float>?) -> R) -> R {
    guard let t else { return body(nil) }
    return t.withUnsafeBufferPointer { body($0) }
}
