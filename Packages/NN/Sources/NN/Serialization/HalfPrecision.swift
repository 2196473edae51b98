/// IEEE half (F16) and bfloat16 (BF16) conversions as bit manipulation.
///
/// Swift's `Float16` is unavailable on macOS x86_64 and, without F16C code generation,
/// becomes a library call per element; these branch-light forms (after Maratyszcza's
/// FP16 library) are portable and let the bulk loops vectorise. They rely on the default
/// floating-point environment (round to nearest even, subnormals kept), which Swift never changes.
enum HalfPrecision {
    /// F16 bits to Float: exact for every value, subnormals and infinities included; NaNs stay NaN.
    @inline(__always)
    static func float(fromHalfBits h: UInt16) -> Float {
        let w = UInt32(h) << 16
        let sign = w & 0x8000_0000
        let twoW = w &+ w
        // Normal halves: move exponent and mantissa into place, then rebias by multiplying.
        let normalized = Float(bitPattern: (twoW >> 4) &+ (0xE0 << 23)) * 0x1p-112
        // Subnormal halves: build 0.5 + mantissa * 2^-24 and subtract the 0.5 back.
        let denormalized = Float(bitPattern: (twoW >> 17) | (126 << 23)) - 0.5
        let magnitude = twoW < (1 << 27) ? denormalized.bitPattern : normalized.bitPattern
        return Float(bitPattern: sign | magnitude)
    }

    /// Float to F16 bits, rounding to nearest even; too large becomes infinity, NaN becomes quiet NaN.
    @inline(__always)
    static func halfBits(from f: Float) -> UInt16 {
        // Scaling up then down lets the FPU do the rounding at the half's precision.
        var base = (abs(f) * 0x1p112) * 0x1p-110
        let w = f.bitPattern
        let shl1W = w &+ w
        let sign = w & 0x8000_0000
        var bias = shl1W & 0xFF00_0000
        if bias < 0x7100_0000 { bias = 0x7100_0000 }
        base = Float(bitPattern: (bias >> 1) &+ 0x0780_0000) + base
        let bits = base.bitPattern
        let expBits = (bits >> 13) & 0x0000_7C00
        let mantissaBits = bits & 0x0000_0FFF
        let nonSign = expBits &+ mantissaBits
        return UInt16(truncatingIfNeeded: (sign >> 16) | (shl1W > 0xFF00_0000 ? 0x7E00 : nonSign))
    }

    /// BF16 bits to Float: BF16 is the upper half of a Float, so this is exact.
    @inline(__always)
    static func float(fromBFloat16Bits b: UInt16) -> Float {
        Float(bitPattern: UInt32(b) << 16)
    }

    /// Float to BF16 bits, rounding to nearest even; NaN stays a quiet NaN (rounding could turn it into infinity).
    @inline(__always)
    static func bfloat16Bits(from f: Float) -> UInt16 {
        let x = f.bitPattern
        if f.isNaN { return UInt16(truncatingIfNeeded: (x >> 16) | 0x0040) }
        let rounded = x &+ 0x7FFF &+ ((x >> 16) & 1)
        return UInt16(truncatingIfNeeded: rounded >> 16)
    }
}
