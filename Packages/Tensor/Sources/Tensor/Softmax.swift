import CFacetKernels

/// Softmax and log-softmax along an axis, numerically stable (the maximum is subtracted first).
extension Tensor {
    public func softmax(alongAxis axis: Int = -1) throws -> Tensor {
        try softmaxCore(axis, log: false)
    }

    public func logSoftmax(alongAxis axis: Int = -1) throws -> Tensor {
        try softmaxCore(axis, log: true)
    }

    private func softmaxCore(_ axis: Int, log: Bool) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: log ? "logSoftmax" : "softmax")
        // Put the axis last so each softmax runs over a contiguous row.
        if Shape.split(shape, axis: a).inner != 1 {
            var order = Array(0..<rank)
            order.remove(at: a)
            order.append(a)
            let moved = try permuted(order).softmaxCore(rank - 1, log: log)
            var inverse = [Int](repeating: 0, count: rank)
            for (i, o) in order.enumerated() { inverse[o] = i }
            return try moved.permuted(inverse)
        }
        let n = shape[a]
        let rows = n == 0 ? 0 : count / n
        var out = Tensor(uninitializedShape: shape)
        let src = SendablePointer(storage.pointer), dst = SendablePointer(out.storage.pointer)
        Parallel.forRanges(rows, grain: Swift.max(1, Parallel.minimumWorkPerThread / Swift.max(n, 1))) { r0, r1 in
            for r in r0..<r1 {
                let x = src.base + r * n, y = dst.base + r * n
                var m = -Float.infinity
                for i in 0..<n { m = Swift.max(m, x[i]) }
                if m == -.infinity { m = 0 }   // a row of -inf: avoid inf - inf
                let total = facet_vexp_shifted_sum(x, y, n, m)
                if log {
                    // (x - m) first: subtracting m + log(total) at once loses the small part to rounding.
                    let logTotal = Foundation_log(total)
                    for j in 0..<n { y[j] = (x[j] - m) - logTotal }
                } else {
                    let inv = 1 / total
                    for j in 0..<n { y[j] *= inv }
                }
            }
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func Foundation_log(_ x: Float) -> Float { logf(x) }
#endif
