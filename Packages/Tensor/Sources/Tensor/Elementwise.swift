import CFacetKernels
#if canImport(Glibc)
import Glibc
#endif

/// Elementwise operations: unary maths and broadcasting binary arithmetic.
///
/// Kernels are specialised per operation through small generic "op" types, so each
/// loop compiles to straight vector code; large tensors split across cores.

/// A function applied to every element; plain scalar code the loop vectoriser handles.
protocol UnaryKernel {
    static func apply(_ x: Float) -> Float
}

protocol BinaryKernel {
    static func apply(_ a: Float, _ b: Float) -> Float
}

extension Tensor {
    func mapKernel<K: UnaryKernel>(_: K.Type) -> Tensor {
        var out = Tensor(uninitializedShape: shape)
        let src = SendablePointer(storage.pointer), dst = SendablePointer(out.storage.pointer)
        Parallel.forRanges(count) { start, end in
            for i in start..<end { dst.base[i] = K.apply(src.base[i]) }
        }
        return out
    }

    /// Applies any scalar function (no vectorisation; for rare functions only).
    public func map(_ f: (Float) -> Float) -> Tensor {
        var out = Tensor(uninitializedShape: shape)
        for i in 0..<count { out.storage.pointer[i] = f(storage.pointer[i]) }
        return out
    }

    static func binary<K: BinaryKernel>(_ a: Tensor, _ b: Tensor, _: K.Type, op: String) throws -> Tensor {
        if a.shape == b.shape {
            var out = Tensor(uninitializedShape: a.shape)
            let pa = SendablePointer(a.storage.pointer), pb = SendablePointer(b.storage.pointer)
            let po = SendablePointer(out.storage.pointer)
            Parallel.forRanges(a.count) { s, e in
                for i in s..<e { po.base[i] = K.apply(pa.base[i], pb.base[i]) }
            }
            return out
        }
        if b.count == 1 && b.rank <= a.rank {
            let y = b.storage.pointer[0]
            var out = Tensor(uninitializedShape: a.shape)
            let pa = SendablePointer(a.storage.pointer), po = SendablePointer(out.storage.pointer)
            Parallel.forRanges(a.count) { s, e in
                for i in s..<e { po.base[i] = K.apply(pa.base[i], y) }
            }
            return out
        }
        if a.count == 1 && a.rank <= b.rank {
            let x = a.storage.pointer[0]
            var out = Tensor(uninitializedShape: b.shape)
            let pb = SendablePointer(b.storage.pointer), po = SendablePointer(out.storage.pointer)
            Parallel.forRanges(b.count) { s, e in
                for i in s..<e { po.base[i] = K.apply(x, pb.base[i]) }
            }
            return out
        }
        return try broadcastBinary(a, b, K.self, op: op)
    }

    /// General broadcasting: walks the output row by row, where each input's innermost
    /// stride is 0 (broadcast) or 1, so the inner loop stays a simple vector loop.
    static func broadcastBinary<K: BinaryKernel>(_ a: Tensor, _ b: Tensor, _: K.Type, op: String) throws -> Tensor {
        let shape = try Shape.broadcast(a.shape, b.shape, op: op)
        let n = shape.count
        func stridesFor(_ s: [Int]) -> [Int] {
            let padded = [Int](repeating: 1, count: n - s.count) + s
            let st = Shape.strides(padded)
            return (0..<n).map { padded[$0] == 1 ? 0 : st[$0] }
        }
        let sa = stridesFor(a.shape), sb = stridesFor(b.shape)
        var out = Tensor(uninitializedShape: shape)
        guard out.count > 0 else { return out }
        let inner = shape[n - 1]
        let ia = sa[n - 1], ib = sb[n - 1]
        let rows = out.count / inner
        let outer = Array(shape.dropLast())
        let pa = SendablePointer(a.storage.pointer), pb = SendablePointer(b.storage.pointer)
        let po = SendablePointer(out.storage.pointer)
        Parallel.forRanges(rows, grain: Swift.max(1, Parallel.minimumWorkPerThread / Swift.max(inner, 1))) { r0, r1 in
            // Decompose the first row index, then advance like an odometer.
            var idx = [Int](repeating: 0, count: outer.count)
            var rem = r0
            for d in stride(from: outer.count - 1, through: 0, by: -1) {
                idx[d] = rem % outer[d]
                rem /= outer[d]
            }
            var offA = 0, offB = 0
            for d in 0..<outer.count { offA += idx[d] * sa[d]; offB += idx[d] * sb[d] }
            for r in r0..<r1 {
                let o = po.base + r &* inner
                let x = pa.base + offA, y = pb.base + offB
                switch (ia, ib) {
                case (1, 1): for i in 0..<inner { o[i] = K.apply(x[i], y[i]) }
                case (1, 0): let v = y[0]; for i in 0..<inner { o[i] = K.apply(x[i], v) }
                case (0, 1): let u = x[0]; for i in 0..<inner { o[i] = K.apply(u, y[i]) }
                default: let u = x[0], v = y[0]; for i in 0..<inner { o[i] = K.apply(u, v) }
                }
                // Odometer step over the outer dimensions.
                var d = outer.count - 1
                while d >= 0 {
                    idx[d] += 1
                    offA += sa[d]; offB += sb[d]
                    if idx[d] < outer[d] { break }
                    offA -= sa[d] * outer[d]; offB -= sb[d] * outer[d]
                    idx[d] = 0
                    d -= 1
                }
            }
        }
        return out
    }
}

// MARK: - Kernels

enum AddKernel: BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float { a + b } }
enum SubKernel: BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float { a - b } }
enum MulKernel: BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float { a * b } }
enum DivKernel: BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float { a / b } }
enum MinKernel: BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float { a.isNaN || b.isNaN ? .nan : Swift.min(a, b) } }
enum MaxKernel: BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float { a.isNaN || b.isNaN ? .nan : Swift.max(a, b) } }
enum PowKernel: BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float { powf(a, b) } }
enum LessKernel: BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float { a < b ? 1 : 0 } }
enum LessEqualKernel: BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float { a <= b ? 1 : 0 } }
enum GreaterKernel: BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float { a > b ? 1 : 0 } }
enum GreaterEqualKernel: BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float { a >= b ? 1 : 0 } }
enum PassWherePositiveKernel: BinaryKernel { static func apply(_ g: Float, _ x: Float) -> Float { x > 0 ? g : 0 } }
enum EqualKernel: BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float { a == b ? 1 : 0 } }

enum SqrtKernel: UnaryKernel { static func apply(_ x: Float) -> Float { x.squareRoot() } }
enum NegKernel: UnaryKernel { static func apply(_ x: Float) -> Float { -x } }
enum AbsKernel: UnaryKernel { static func apply(_ x: Float) -> Float { x.magnitude } }
enum ReLUKernel: UnaryKernel { static func apply(_ x: Float) -> Float { x < 0 ? 0 : x } }   // NaN stays NaN
enum SquareKernel: UnaryKernel { static func apply(_ x: Float) -> Float { x * x } }

// MARK: - Public API

extension Tensor {
    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try binary(a, b, AddKernel.self, op: "add") }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try binary(a, b, SubKernel.self, op: "subtract") }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try binary(a, b, MulKernel.self, op: "multiply") }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try binary(a, b, DivKernel.self, op: "divide") }

    public static func + (a: Tensor, s: Float) -> Tensor { try! binary(a, Tensor(scalar: s), AddKernel.self, op: "add") }
    public static func - (a: Tensor, s: Float) -> Tensor { try! binary(a, Tensor(scalar: s), SubKernel.self, op: "subtract") }
    public static func * (a: Tensor, s: Float) -> Tensor { try! binary(a, Tensor(scalar: s), MulKernel.self, op: "multiply") }
    public static func / (a: Tensor, s: Float) -> Tensor { try! binary(a, Tensor(scalar: s), DivKernel.self, op: "divide") }
    public static func + (s: Float, a: Tensor) -> Tensor { a + s }
    public static func * (s: Float, a: Tensor) -> Tensor { a * s }
    public static func - (s: Float, a: Tensor) -> Tensor { try! binary(Tensor(scalar: s), a, SubKernel.self, op: "subtract") }
    public static func / (s: Float, a: Tensor) -> Tensor { try! binary(Tensor(scalar: s), a, DivKernel.self, op: "divide") }
    public static prefix func - (a: Tensor) -> Tensor { a.mapKernel(NegKernel.self) }

    /// Elementwise power with broadcasting (a negative base with a non-integer exponent gives NaN).
    public func pow(_ exponent: Tensor) throws -> Tensor { try Tensor.binary(self, exponent, PowKernel.self, op: "pow") }
    public func pow(_ exponent: Float) -> Tensor {
        switch exponent {
        case 1: return self
        case 2: return mapKernel(SquareKernel.self)
        case 0.5: return mapKernel(SqrtKernel.self)
        default: return try! Tensor.binary(self, Tensor(scalar: exponent), PowKernel.self, op: "pow")
        }
    }

    /// Elementwise minimum/maximum with broadcasting; NaN propagates.
    public func minimum(_ other: Tensor) throws -> Tensor { try Tensor.binary(self, other, MinKernel.self, op: "minimum") }
    public func maximum(_ other: Tensor) throws -> Tensor { try Tensor.binary(self, other, MaxKernel.self, op: "maximum") }

    public func exp() -> Tensor { mapC(facet_vexp) }
    public func log() -> Tensor { mapC(facet_vlog) }
    public func sqrt() -> Tensor { mapKernel(SqrtKernel.self) }
    public func tanh() -> Tensor { mapC(facet_vtanh) }
    public func sigmoid() -> Tensor { mapC(facet_vsigmoid) }

    /// Runs one of the C array kernels over chunks in parallel.
    func mapC(_ kernel: @convention(c) (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void) -> Tensor {
        var out = Tensor(uninitializedShape: shape)
        let src = SendablePointer(storage.pointer), dst = SendablePointer(out.storage.pointer)
        Parallel.forRanges(count) { s, e in kernel(src.base + s, dst.base + s, e - s) }
        return out
    }
    public func relu() -> Tensor { mapKernel(ReLUKernel.self) }
    public func abs() -> Tensor { mapKernel(AbsKernel.self) }
    public func squared() -> Tensor { mapKernel(SquareKernel.self) }

    /// Limits every element to `low...high` (NaN stays NaN).
    public func clamped(_ low: Float, _ high: Float) -> Tensor {
        precondition(low <= high, "clamped: low \(low) > high \(high)")
        return map { $0.isNaN ? $0 : Swift.min(Swift.max($0, low), high) }
    }

    /// Masks (1 where true, 0 where false), broadcasting.
    public func less(_ other: Tensor) throws -> Tensor { try Tensor.binary(self, other, LessKernel.self, op: "less") }
    public func lessEqual(_ other: Tensor) throws -> Tensor { try Tensor.binary(self, other, LessEqualKernel.self, op: "lessEqual") }
    public func greater(_ other: Tensor) throws -> Tensor { try Tensor.binary(self, other, GreaterKernel.self, op: "greater") }
    public func greaterEqual(_ other: Tensor) throws -> Tensor { try Tensor.binary(self, other, GreaterEqualKernel.self, op: "greaterEqual") }
    public func elementsEqual(_ other: Tensor) throws -> Tensor { try Tensor.binary(self, other, EqualKernel.self, op: "elementsEqual") }

    /// The gradient of ReLU: `upstream` where `self > 0`, zero elsewhere (same shapes).
    public func reluGradient(_ upstream: Tensor) throws -> Tensor {
        guard upstream.shape == shape else {
            throw TensorError.shapeMismatch(op: "reluGradient", shapes: [upstream.shape, shape], expected: "equal shapes")
        }
        return try Tensor.binary(upstream, self, PassWherePositiveKernel.self, op: "reluGradient")
    }

    /// `mask != 0 ? a : b`, all three broadcast together.
    public static func select(_ mask: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        // select = b + mask01 * (a - b) would turn inf into NaN; pick exactly instead.
        let shape = try Shape.broadcast(Shape.broadcast(mask.shape, a.shape, op: "select"), b.shape, op: "select")
        let m = try mask.broadcast(to: shape), x = try a.broadcast(to: shape), y = try b.broadcast(to: shape)
        var out = Tensor(uninitializedShape: shape)
        for i in 0..<out.count {
            out.storage.pointer[i] = m.storage.pointer[i] != 0 ? x.storage.pointer[i] : y.storage.pointer[i]
        }
        return out
    }

    /// A copy expanded to `shape` by broadcasting.
    public func broadcast(to target: [Int]) throws -> Tensor {
        if shape == target { return self }
        let s = try Shape.broadcast(shape, target, op: "broadcast")
        guard s == target else {
            throw TensorError.shapeMismatch(op: "broadcast", shapes: [shape, target], expected: "a shape that broadcasts to the target")
        }
        return try Tensor.binary(Tensor(zeros: target), self, AddKernel.self, op: "broadcast")
    }

    /// In-place `self += other` (broadcast to self's shape), without allocating when unique.
    public mutating func add(_ other: Tensor, scaledBy alpha: Float = 1) throws {
        let o = try other.broadcast(to: shape)
        makeUnique()
        let p = SendablePointer(storage.pointer), q = SendablePointer(o.storage.pointer)
        Parallel.forRanges(count) { s, e in
            for i in s..<e { p.base[i] += alpha * q.base[i] }
        }
    }

    /// True when any element is NaN or infinite.
    public var hasNonFinite: Bool {
        for i in 0..<count where !storage.pointer[i].isFinite { return true }
        return false
    }
}
