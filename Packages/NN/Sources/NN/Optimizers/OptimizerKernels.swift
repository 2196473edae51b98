/// The optimizers' per-element loops, written on SIMD vectors.
///
/// Plain loops do not vectorise here: `Float.squareRoot()` lowers to `sqrtf` with an errno
/// fallback, which stops LLVM's loop vectoriser, and the finite check exits early. On SIMD16
/// values every operation but the square root runs 16 wide (about 2x for Adam). Results are
/// identical to the scalar formulas: the same IEEE operations in the same order per element.
enum OptimizerKernels {
    typealias Wide = SIMD16<Float>

    /// m ← m + (1 − β₁)(d − m);  v ← β₂v + (1 − β₂)d²;  x ← x·shrink − stepSize · m / (√v / c₂ + ε),
    /// with d = g + coupledDecay·x (shrink = 1 − η·λ for AdamW, else 1: an exact no-op).
    static func adam(x: UnsafeMutableBufferPointer<Float>, m: UnsafeMutableBufferPointer<Float>,
                     v: UnsafeMutableBufferPointer<Float>, g: UnsafeBufferPointer<Float>,
                     b1: Float, b2: Float, eps: Float, coupledDecay: Float, shrink: Float,
                     stepSize: Float, correction2Root: Float) {
        @inline(__always)
        func update<T: SIMD>(_ x: T, _ m: T, _ v: T, _ g: T) -> (x: T, m: T, v: T) where T.Scalar == Float {
            let d = g + coupledDecay * x
            let m1 = m + (1 - b1) * (d - m)
            let v1 = b2 * v + (1 - b2) * (d * d)
            var root = v1
            for k in root.indices { root[k] = v1[k].squareRoot() }
            return (x * shrink + -stepSize * (m1 / (root / correction2Root + eps)), m1, v1)
        }
        let n = x.count
        guard n > 0 else { return }
        let px = UnsafeMutableRawPointer(x.baseAddress!), pm = UnsafeMutableRawPointer(m.baseAddress!)
        let pv = UnsafeMutableRawPointer(v.baseAddress!), pg = UnsafeRawPointer(g.baseAddress!)
        var j = 0
        while j &+ Wide.scalarCount <= n {
            let o = j &* MemoryLayout<Float>.stride
            let r = update(px.loadUnaligned(fromByteOffset: o, as: Wide.self), pm.loadUnaligned(fromByteOffset: o, as: Wide.self),
                           pv.loadUnaligned(fromByteOffset: o, as: Wide.self), pg.loadUnaligned(fromByteOffset: o, as: Wide.self))
            px.storeBytes(of: r.x, toByteOffset: o, as: Wide.self)
            pm.storeBytes(of: r.m, toByteOffset: o, as: Wide.self)
            pv.storeBytes(of: r.v, toByteOffset: o, as: Wide.self)
            j &+= Wide.scalarCount
        }
        while j < n {
            let r = update(SIMD2(repeating: x[j]), SIMD2(repeating: m[j]), SIMD2(repeating: v[j]), SIMD2(repeating: g[j]))
            (x[j], m[j], v[j]) = (r.x[0], r.m[0], r.v[0])
            j &+= 1
        }
    }

    /// True when no element is NaN or ±inf: x − x is 0 for finite x and NaN otherwise.
    static func allFinite(_ p: UnsafeBufferPointer<Float>) -> Bool {
        guard p.count > 0 else { return true }
        let raw = UnsafeRawPointer(p.baseAddress!)
        var acc = Wide(repeating: 0)
        var j = 0
        while j &+ Wide.scalarCount <= p.count {
            let w = raw.loadUnaligned(fromByteOffset: j &* MemoryLayout<Float>.stride, as: Wide.self)
            acc += w - w
            j &+= Wide.scalarCount
        }
        var tail: Float = 0
        while j < p.count { tail += p[j] - p[j]; j &+= 1 }
        return acc.sum() + tail == 0
    }

    /// Σ x², accumulated in Double.
    static func sumOfSquares(_ p: UnsafeBufferPointer<Float>) -> Double {
        guard p.count > 0 else { return 0 }
        let raw = UnsafeRawPointer(p.baseAddress!)
        var acc = SIMD8<Double>(repeating: 0)
        var j = 0
        while j &+ 8 <= p.count {
            let w = SIMD8<Double>(raw.loadUnaligned(fromByteOffset: j &* MemoryLayout<Float>.stride, as: SIMD8<Float>.self))
            acc += w * w
            j &+= 8
        }
        var total = acc.sum()
        while j < p.count { total += Double(p[j]) * Double(p[j]); j &+= 1 }
        return total
    }
}
