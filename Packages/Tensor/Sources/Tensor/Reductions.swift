/// Reductions along axes: sum, mean, max, min, argmax/argmin, variance, norms.
///
/// A reduction over one axis views the tensor as (outer, size, inner) and accumulates
/// whole inner rows at once, so the innermost loop is contiguous and vectorises.
extension Tensor {
    /// Sum of every element, accumulated in Double lanes (exact to float rounding at any length).
    public func sum() -> Float { Tensor.rowSum(storage.pointer, count) }

    /// Sum of `n` contiguous floats in Double lanes.
    static func rowSum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Double>(repeating: 0)
        var i = 0
        while i &+ 8 <= n {
            acc += SIMD8<Double>(UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self))
            i &+= 8
        }
        var total = acc.sum()
        while i < n { total += Double(p[i]); i &+= 1 }
        return Float(total)
    }

    public func mean() -> Float { count == 0 ? .nan : Float(Double(sum()) / Double(count)) }

    public func max() -> Float { reduceAll(-.infinity) { Swift.max($0, $1) } }
    public func min() -> Float { reduceAll(.infinity) { Swift.min($0, $1) } }

    private func reduceAll(_ initial: Float, _ f: (Float, Float) -> Float) -> Float {
        var r = initial
        for i in 0..<count {
            let v = storage.pointer[i]
            if v.isNaN { return .nan }
            r = f(r, v)
        }
        return r
    }

    /// Sums along `axes` (negative axes count from the end).
    public func sum(alongAxes axes: [Int], keepingDimensions keep: Bool = false) throws -> Tensor {
        try reduce(axes, keep: keep, op: "sum", initial: 0, { acc, row, n in
            for i in 0..<n { acc[i] += row[i] }
        }, fold: Tensor.rowSum)
    }

    public func sum(alongAxis axis: Int, keepingDimensions keep: Bool = false) throws -> Tensor {
        try sum(alongAxes: [axis], keepingDimensions: keep)
    }

    public func mean(alongAxes axes: [Int], keepingDimensions keep: Bool = false) throws -> Tensor {
        let s = try sum(alongAxes: axes, keepingDimensions: keep)
        let n = Swift.max(1, count / Swift.max(1, s.count))
        return s * (1 / Float(n))
    }

    public func mean(alongAxis axis: Int, keepingDimensions keep: Bool = false) throws -> Tensor {
        try mean(alongAxes: [axis], keepingDimensions: keep)
    }

    public func max(alongAxis axis: Int, keepingDimensions keep: Bool = false) throws -> Tensor {
        try reduce([axis], keep: keep, op: "max", initial: -.infinity, { acc, row, n in
            for i in 0..<n { acc[i] = (acc[i].isNaN || row[i].isNaN) ? .nan : Swift.max(acc[i], row[i]) }
        }, fold: { row, n in
            var m = -Float.infinity
            for i in 0..<n { if row[i].isNaN { return .nan }; m = Swift.max(m, row[i]) }
            return m
        })
    }

    public func min(alongAxis axis: Int, keepingDimensions keep: Bool = false) throws -> Tensor {
        try reduce([axis], keep: keep, op: "min", initial: .infinity, { acc, row, n in
            for i in 0..<n { acc[i] = (acc[i].isNaN || row[i].isNaN) ? .nan : Swift.min(acc[i], row[i]) }
        }, fold: { row, n in
            var m = Float.infinity
            for i in 0..<n { if row[i].isNaN { return .nan }; m = Swift.min(m, row[i]) }
            return m
        })
    }

    /// Variance along axes: mean of squared deviations, divided by (n - correction).
    public func variance(alongAxes axes: [Int], correction: Int = 0, keepingDimensions keep: Bool = false) throws -> Tensor {
        let m = try mean(alongAxes: axes, keepingDimensions: true)
        let d = try (self - m).squared()
        let s = try d.sum(alongAxes: axes, keepingDimensions: keep)
        let n = count / Swift.max(1, s.count)
        guard n - correction > 0 else {
            throw TensorError.invalidArgument(op: "variance", message: "\(n) values per group leave no degrees of freedom after correction \(correction)")
        }
        return s * (1 / Float(n - correction))
    }

    /// p-norm (p = 1 or 2) along axes.
    public func norm(alongAxes axes: [Int], p: Int = 2, keepingDimensions keep: Bool = false) throws -> Tensor {
        switch p {
        case 1: return try abs().sum(alongAxes: axes, keepingDimensions: keep)
        case 2: return try squared().sum(alongAxes: axes, keepingDimensions: keep).sqrt()
        default: throw TensorError.invalidArgument(op: "norm", message: "p must be 1 or 2, got \(p)")
        }
    }

    /// Euclidean norm of all elements.
    public func norm() -> Float {
        var total = 0.0
        for i in 0..<count { let v = Double(storage.pointer[i]); total += v * v }
        return Float(total.squareRoot())
    }

    /// Index of the largest element along `axis` (first one on ties; NaN counts as largest).
    public func argmax(alongAxis axis: Int) throws -> IndexTensor { try argExtreme(axis, op: "argmax") { $0 > $1 } }
    public func argmin(alongAxis axis: Int) throws -> IndexTensor { try argExtreme(axis, op: "argmin") { $0 < $1 } }

    private func argExtreme(_ axis: Int, op: String, better: (Float, Float) -> Bool) throws -> IndexTensor {
        let a = try Shape.axis(axis, rank: rank, op: op)
        let (outer, size, inner) = Shape.split(shape, axis: a)
        guard size > 0 else { throw TensorError.invalidArgument(op: op, message: "axis \(axis) has size 0") }
        var out = [Int](repeating: 0, count: outer * inner)
        let p = storage.pointer
        for o in 0..<outer {
            for i in 0..<inner {
                var best = p[o * size * inner + i], bestIndex = 0
                if !best.isNaN {
                    for k in 1..<size {
                        let v = p[(o * size + k) * inner + i]
                        if v.isNaN { bestIndex = k; break }
                        if better(v, best) { best = v; bestIndex = k }
                    }
                }
                out[o * inner + i] = bestIndex
            }
        }
        var outShape = shape
        outShape.remove(at: a)
        return try IndexTensor(shape: outShape, values: out)
    }

    /// Core of the axis reductions. Adjacent axes that are all reduced (or all kept) are
    /// merged first; a reduced last axis folds whole contiguous rows with `fold(row, n)`,
    /// any other folds rows of the inner block into the accumulator with `accumulate(acc, row, n)`.
    /// Inlined so each caller's closures compile into its loops.
    @inline(__always)
    private func reduce(_ axes: [Int], keep: Bool, op: String, initial: Float,
                        _ accumulate: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, Int) -> Void,
                        fold: (UnsafePointer<Float>, Int) -> Float) throws -> Tensor {
        let reducedAxes = try Set(axes.map { try Shape.axis($0, rank: rank, op: op) })
        var dims: [(size: Int, reduced: Bool)] = []
        for (i, d) in shape.enumerated() {
            let r = reducedAxes.contains(i)
            if let last = dims.last, last.reduced == r { dims[dims.count - 1] = (last.size * d, r) } else { dims.append((d, r)) }
        }
        var currentShape = dims.map(\.size)
        var current = try reshaped(currentShape)
        for a in dims.indices.reversed() where dims[a].reduced {
            let (outer, size, inner) = Shape.split(currentShape, axis: a)
            var outShape = currentShape
            outShape[a] = 1
            var out: Tensor
            let grain = Swift.max(1, Parallel.minimumWorkPerThread / Swift.max(1, size * inner))
            let src = SendablePointer(current.storage.pointer)
            if inner == 1 {
                out = Tensor(uninitializedShape: outShape)
                let dst = SendablePointer(out.storage.pointer)
                Parallel.forRanges(outer, grain: grain) { o0, o1 in
                    for o in o0..<o1 { dst.base[o] = size == 0 ? initial : fold(src.base + o * size, size) }
                }
            } else {
                out = Tensor(shape: outShape, repeating: initial)
                let dst = SendablePointer(out.storage.pointer)
                Parallel.forRanges(outer, grain: grain) { o0, o1 in
                    for o in o0..<o1 {
                        let acc = dst.base + o * inner
                        for k in 0..<size { accumulate(acc, src.base + (o * size + k) * inner, inner) }
                    }
                }
            }
            current = out
            currentShape = outShape
        }
        current = try current.reshaped(shape.enumerated().map { reducedAxes.contains($0.offset) ? 1 : $0.element })
        if !keep {
            current = try current.reshaped(shape.enumerated().filter { !reducedAxes.contains($0.offset) }.map(\.element))
        }
        return current
    }
}
