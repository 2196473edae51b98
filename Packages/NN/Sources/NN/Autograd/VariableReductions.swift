import Tensor

extension Variable {
    /// Sum of all elements, as a rank-0 variable.
    public func sum() -> Variable {
        let shape = self.shape
        return Variable(Tensor(scalar: value.sum()), parents: [self]) { g in [Tensor(shape: shape, repeating: g.scalar)] }
    }

    public func mean() -> Variable {
        let shape = self.shape, n = Float(Swift.max(1, value.count))
        return Variable(Tensor(scalar: value.mean()), parents: [self]) { g in [Tensor(shape: shape, repeating: g.scalar / n)] }
    }

    public func sum(alongAxes axes: [Int], keepingDimensions keep: Bool = false) throws -> Variable {
        let shape = self.shape
        let kept = try value.sum(alongAxes: axes, keepingDimensions: true)
        let out = keep ? kept : try value.sum(alongAxes: axes)
        let keptShape = kept.shape
        return Variable(out, parents: [self]) { g in [try g.reshaped(keptShape).broadcast(to: shape)] }
    }

    public func mean(alongAxes axes: [Int], keepingDimensions keep: Bool = false) throws -> Variable {
        let s = try sum(alongAxes: axes, keepingDimensions: keep)
        let n = value.count / Swift.max(1, s.value.count)
        return s * (1 / Float(Swift.max(1, n)))
    }

    /// Maximum along an axis; the gradient flows to the (first) maximal element.
    public func max(alongAxis axis: Int, keepingDimensions keep: Bool = false) throws -> Variable {
        let x = value
        let a = axis < 0 ? axis + x.rank : axis
        let idx = try x.argmax(alongAxis: a)
        var keptShape = x.shape
        keptShape[a] = 1
        let out = try x.max(alongAxis: a, keepingDimensions: keep)
        return Variable(out, parents: [self]) { g in
            var grad = Tensor(zeros: x.shape)
            let gk = try g.reshaped([g.count])
            let outer = x.shape[..<a].reduce(1, *), size = x.shape[a], inner = x.shape[(a + 1)...].reduce(1, *)
            grad.withUnsafeMutableBufferPointer { dst in
                gk.withUnsafeBufferPointer { src in
                    for o in 0..<outer { for i in 0..<inner {
                        dst[(o * size + idx.values[o * inner + i]) * inner + i] = src[o * inner + i]
                    } }
                }
            }
            _ = keptShape
            return [grad]
        }
    }

    /// Variance along axes (mean of squared deviations), differentiable.
    public func variance(alongAxes axes: [Int], keepingDimensions keep: Bool = false) throws -> Variable {
        let m = try mean(alongAxes: axes, keepingDimensions: true)
        return try (self - m).squared().mean(alongAxes: axes, keepingDimensions: keep)
    }
}
