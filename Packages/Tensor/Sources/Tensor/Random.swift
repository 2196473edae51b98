#if canImport(Glibc)
import Glibc
#endif

/// A seeded pseudo-random generator (xoshiro256**): the same seed gives the same
/// numbers on every run and machine. Conforms to `RandomNumberGenerator`, so it also
/// drives `shuffle(using:)` and friends.
///
/// ```swift
/// var rng = RandomGenerator(seed: 42)
/// let w = rng.normal([64, 32], std: 0.1)
/// let order = rng.permutation(1000)
/// ```
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Float?

    /// The full state, to save in a checkpoint; `init(state:)` continues the stream exactly.
    public var state: [UInt64] {
        [s.0, s.1, s.2, s.3, spareNormal.map { UInt64($0.bitPattern) | (1 << 32) } ?? 0]
    }

    public init(state: [UInt64]) throws {
        guard state.count == 5, state[0...3].contains(where: { $0 != 0 }) else {
            throw TensorError.invalidArgument(op: "RandomGenerator(state:)", message: "expected the 5 numbers of a saved state, not all zero")
        }
        s = (state[0], state[1], state[2], state[3])
        spareNormal = state[4] >> 32 == 1 ? Float(bitPattern: UInt32(truncatingIfNeeded: state[4])) : nil
    }

    public init(seed: UInt64) {
        // splitmix64 spreads any seed (0 included) over the full state.
        var x = seed
        func next() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (next(), next(), next(), next())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A generator for a sub-task (e.g. one tree, one worker), independent of this one's stream.
    public mutating func fork() -> RandomGenerator { RandomGenerator(seed: next()) }

    /// Uniform in [0, 1) with 24 random bits.
    public mutating func uniformFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    public mutating func uniform(_ low: Float = 0, _ high: Float = 1) -> Float { low + (high - low) * uniformFloat() }

    /// Standard normal (Box-Muller, both values used).
    public mutating func normalFloat() -> Float {
        if let z = spareNormal { spareNormal = nil; return z }
        var u1: Float
        repeat { u1 = uniformFloat() } while u1 == 0
        let u2 = uniformFloat()
        let r = (-2 * logf(u1)).squareRoot()
        let theta = 2 * Float.pi * u2
        spareNormal = r * sinf(theta)
        return r * cosf(theta)
    }

    /// An integer in `range`, unbiased.
    public mutating func integer(in range: Range<Int>) -> Int {
        precondition(!range.isEmpty, "integer(in:): empty range")
        return range.lowerBound + bounded(range.count)
    }

    public mutating func uniform(_ shape: [Int], low: Float = 0, high: Float = 1) -> Tensor {
        var t = Tensor(uninitializedShape: shape)
        for i in 0..<t.count { t.storage.pointer[i] = uniform(low, high) }
        return t
    }

    public mutating func normal(_ shape: [Int], mean: Float = 0, std: Float = 1) -> Tensor {
        var t = Tensor(uninitializedShape: shape)
        for i in 0..<t.count { t.storage.pointer[i] = mean + std * normalFloat() }
        return t
    }

    /// 1 with probability `p`, else 0.
    public mutating func bernoulli(_ shape: [Int], p: Float) -> Tensor {
        precondition((0...1).contains(p), "bernoulli: p must be in 0...1")
        var t = Tensor(uninitializedShape: shape)
        for i in 0..<t.count { t.storage.pointer[i] = uniformFloat() < p ? 1 : 0 }
        return t
    }

    /// A uniformly random permutation of 0..<n (Fisher-Yates with our own bounded integers,
    /// so the order does not depend on the standard library's shuffle algorithm).
    public mutating func permutation(_ n: Int) -> [Int] {
        var a = Array(0..<n)
        shuffle(&a)
        return a
    }

    /// Shuffles in place, reproducibly across Swift releases.
    public mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, bounded(i + 1))
        }
    }

    /// An integer in 0..<n without modulo bias (Lemire's multiply-and-reject).
    public mutating func bounded(_ n: Int) -> Int {
        precondition(n > 0, "bounded: n must be positive")
        let range = UInt64(n)
        var m = next().multipliedFullWidth(by: range)
        if m.low < range {
            let threshold = (0 &- range) % range
            while m.low < threshold { m = next().multipliedFullWidth(by: range) }
        }
        return Int(m.high)
    }
}
