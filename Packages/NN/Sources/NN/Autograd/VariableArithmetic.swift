#if canImport(Glibc)
import Glibc
#endif
import Tensor

extension Tensor {
    /// Sums a broadcast gradient back down to `shape` (the adjoint of broadcasting).
    func summed(toShape target: [Int]) throws -> Tensor {
        if shape == target { return self }
        let lead = rank - target.count
        var axes = Array(0..<lead)
        for (i, d) in target.enumerated() where d == 1 && shape[lead + i] != 1 { axes.append(lead + i) }
        return try sum(alongAxes: axes, keepingDimensions: true).reshaped(target)
    }
}

// MARK: - Binary arithmetic with broadcasting

extension Variable {
    public static func + (a: Variable, b: Variable) throws -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return Variable(try a.value + b.value, parents: [a, b]) { g in
            [try g.summed(toShape: sa), try g.summed(toShape: sb)]
        }
    }

    public static func - (a: Variable, b: Variable) throws -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return Variable(try a.value - b.value, parents: [a, b]) { g in
            [try g.summed(toShape: sa), try (-g).summed(toShape: sb)]
        }
    }

    public static func * (a: Variable, b: Variable) throws -> Variable {
        let (x, y) = (a.value, b.value)
        return Variable(try x * y, parents: [a, b]) { g in
            [a.requiresGrad ? try (g * y).summed(toShape: x.shape) : nil,
             b.requiresGrad ? try (g * x).summed(toShape: y.shape) : nil]
        }
    }

    public static func / (a: Variable, b: Variable) throws -> Variable {
        let (x, y) = (a.value, b.value)
        let out = try x / y
        return Variable(out, parents: [a, b]) { g in
            [a.requiresGrad ? try (g / y).summed(toShape: x.shape) : nil,
             b.requiresGrad ? try (-(g * out) / y).summed(toShape: y.shape) : nil]
        }
    }

    public static func + (a: Variable, s: Float) -> Variable { Variable(a.value + s, parents: [a]) { [$0] } }
    public static func - (a: Variable, s: Float) -> Variable { a + (-s) }
    public static func * (a: Variable, s: Float) -> Variable { Variable(a.value * s, parents: [a]) { [$0 * s] } }
    public static func / (a: Variable, s: Float) -> Variable { a * (1 / s) }
    public static func * (s: Float, a: Variable) -> Variable { a * s }
    public static func + (s: Float, a: Variable) -> Variable { a + s }
    public static func - (s: Float, a: Variable) -> Variable { (-a) + s }
    public static prefix func - (a: Variable) -> Variable { Variable(-a.value, parents: [a]) { [-$0] } }

    /// Elementwise minimum/maximum; the gradient goes to the chosen side (to `self` on ties).
    public func maximum(_ other: Variable) throws -> Variable {
        let (x, y) = (value, other.value)
        let takeSelf = try x.greaterEqual(y)
        return Variable(try x.maximum(y), parents: [self, other]) { g in
            [try (g * takeSelf).summed(toShape: x.shape), try (g * (1 - takeSelf)).summed(toShape: y.shape)]
        }
    }

    public func minimum(_ other: Variable) throws -> Variable {
        let (x, y) = (value, other.value)
        let takeSelf = try x.lessEqual(y)
        return Variable(try x.minimum(y), parents: [self, other]) { g in
            [try (g * takeSelf).summed(toShape: x.shape), try (g * (1 - takeSelf)).summed(toShape: y.shape)]
        }
    }
}

// MARK: - Unary maths

extension Variable {
    public func exp() -> Variable {
        let out = value.exp()
        return Variable(out, parents: [self]) { g in [try g * out] }
    }

    public func log() -> Variable {
        let x = value
        return Variable(x.log(), parents: [self]) { g in [try g / x] }
    }

    public func sqrt() -> Variable {
        let out = value.sqrt()
        return Variable(out, parents: [self]) { g in [try g / (out * 2)] }
    }

    public func squared() -> Variable {
        let x = value
        return Variable(x.squared(), parents: [self]) { g in [try g * (x * 2)] }
    }

    /// x^p for a constant p.
    public func pow(_ p: Float) -> Variable {
        let x = value
        return Variable(x.pow(p), parents: [self]) { g in [try g * (x.pow(p - 1) * p)] }
    }

    public func abs() -> Variable {
        let x = value
        return Variable(x.abs(), parents: [self]) { g in [try g * x.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }] }
    }

    public func tanh() -> Variable {
        let out = value.tanh()
        return Variable(out, parents: [self]) { g in [try g * (1 - out.squared())] }
    }

    public func sigmoid() -> Variable {
        let out = value.sigmoid()
        return Variable(out, parents: [self]) { g in [try g * (out * (1 - out))] }
    }

    public func relu() -> Variable {
        let x = value
        return Variable(x.relu(), parents: [self]) { g in [try x.reluGradient(g)] }
    }

    public func leakyRelu(slope: Float = 0.01) -> Variable {
        let x = value
        return Variable(x.map { $0 > 0 ? $0 : slope * $0 }, parents: [self]) { g in
            [try g * x.map { $0 > 0 ? 1 : slope }]
        }
    }

    /// GELU, exact form x·Φ(x) with the Gaussian CDF Φ.
    public func gelu() -> Variable {
        let x = value
        let out = x.map { 0.5 * $0 * (1 + erff($0 * 0.70710678118654752)) }
        return Variable(out, parents: [self]) { g in
            [try g * x.map { v in
                0.5 * (1 + erff(v * 0.70710678118654752)) + v * expf(-0.5 * v * v) * 0.3989422804014327
            }]
        }
    }

    /// Limits values to low...high; the gradient passes only where the value was inside.
    public func clamped(_ low: Float, _ high: Float) -> Variable {
        let x = value
        return Variable(x.clamped(low, high), parents: [self]) { g in
            [try g * x.map { $0 >= low && $0 <= high ? 1 : 0 }]
        }
    }
}
