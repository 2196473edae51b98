import Tensor

/// Seeds for sub-streams derived from a user's seed and a path of keys (a stream tag, an
/// epoch, a sample index), by hashing instead of drawing from a shared generator.
///
/// Drawing from one generator would make epoch 5's shuffle depend on how many numbers
/// epochs 0-4 consumed; hashing makes it a function of (seed, 5) alone, which is what lets
/// a resumed run, or a sample augmented on another thread, see the same numbers.
enum SeedDerivation {
    /// Tags that keep the loader's independent uses of one seed apart.
    enum Stream: UInt64 {
        case shuffle = 1
        case augment = 2
        case split = 3
        case stratum = 4
    }

    /// A generator for the stream `stream` at `keys` (e.g. `.augment, epoch, index`).
    static func generator(_ seed: UInt64, _ stream: Stream, _ keys: Int...) -> RandomGenerator {
        var h = mix(seed ^ mix(stream.rawValue))
        for k in keys { h = mix(h ^ mix(UInt64(bitPattern: Int64(k)) &+ 0x632B_E59B_D9B4_E019)) }
        return RandomGenerator(seed: h)
    }

    /// The splitmix64 finaliser: a bijection that spreads every input bit over the output.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
