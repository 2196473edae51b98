// Bulk conversions between the raw little-endian elements of a safetensors buffer and Float.
//
// Every loop reads and writes through raw pointers with unaligned loads and stores:
// files written by other tools need not align a tensor to its element size.

#if !_endian(little)
#error("Facet's safetensors I/O copies elements as they lie in memory, which needs a little-endian host")
#endif

enum ScalarConversion {
    /// Converts `out.count` elements of `dtype` from `source` (which holds exactly that many) to Float.
    static func toFloat(_ dtype: SafetensorsDType, from source: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Float>) {
        precondition(source.count == out.count &* dtype.byteSize, "buffer sizes do not match the element count")
        guard let src = source.baseAddress, let dst = out.baseAddress, out.count > 0 else { return }
        let n = out.count
        switch dtype {
        case .float32: dst.withMemoryRebound(to: UInt8.self, capacity: n &* 4) { $0.update(from: src.assumingMemoryBound(to: UInt8.self), count: n &* 4) }
        case .float64: for i in 0..<n { dst[i] = Float(src.loadUnaligned(fromByteOffset: i &* 8, as: Double.self)) }
        case .float16: for i in 0..<n { dst[i] = HalfPrecision.float(fromHalfBits: src.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self)) }
        case .bfloat16: for i in 0..<n { dst[i] = HalfPrecision.float(fromBFloat16Bits: src.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self)) }
        case .bool: for i in 0..<n { dst[i] = src.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0 }
        case .uint8: integersToFloat(src, dst, n) { Float(Int($0 as UInt8)) }
        case .int8: integersToFloat(src, dst, n) { Float(Int($0 as Int8)) }
        case .int16: integersToFloat(src, dst, n) { Float(Int($0 as Int16)) }
        case .uint16: integersToFloat(src, dst, n) { Float(Int($0 as UInt16)) }
        case .int32: integersToFloat(src, dst, n) { Float(Int($0 as Int32)) }
        case .uint32: integersToFloat(src, dst, n) { Float(Int($0 as UInt32)) }
        case .int64: integersToFloat(src, dst, n) { Float(Int($0 as Int64)) }
        case .uint64: integersToFloat(src, dst, n) { Float($0 as UInt64) }
        }
    }

    /// Converts `source` to `dtype` elements in `out` (exactly `source.count * byteSize` bytes).
    ///
    /// Floats round to nearest even (F16, BF16). Integer dtypes take only values they hold
    /// exactly: a fraction, NaN or out-of-range value is a bug upstream (a quantizer that forgot
    /// to round or clamp), so the index of the first such element is returned instead of
    /// storing something else. Returns nil when every element converted.
    static func fromFloat(_ dtype: SafetensorsDType, from source: UnsafeBufferPointer<Float>, into out: UnsafeMutableRawBufferPointer) -> Int? {
        precondition(out.count == source.count &* dtype.byteSize, "buffer sizes do not match the element count")
        guard let src = source.baseAddress, let dst = out.baseAddress, source.count > 0 else { return nil }
        let n = source.count
        switch dtype {
        case .float32: dst.copyMemory(from: src, byteCount: n &* 4); return nil
        case .float64: for i in 0..<n { dst.storeBytes(of: Double(src[i]), toByteOffset: i &* 8, as: Double.self) }; return nil
        case .float16: for i in 0..<n { dst.storeBytes(of: HalfPrecision.halfBits(from: src[i]), toByteOffset: i &* 2, as: UInt16.self) }; return nil
        case .bfloat16: for i in 0..<n { dst.storeBytes(of: HalfPrecision.bfloat16Bits(from: src[i]), toByteOffset: i &* 2, as: UInt16.self) }; return nil
        case .bool:
            for i in 0..<n {
                guard src[i] == 0 || src[i] == 1 else { return i }
                dst.storeBytes(of: src[i] == 1 ? 1 : 0, toByteOffset: i, as: UInt8.self)
            }
            return nil
        case .uint8: return floatToIntegers(src, dst, n, 0, 256) { UInt8($0) }
        case .int8: return floatToIntegers(src, dst, n, -128, 128) { Int8($0) }
        case .int16: return floatToIntegers(src, dst, n, -32768, 32768) { Int16($0) }
        case .uint16: return floatToIntegers(src, dst, n, 0, 65536) { UInt16($0) }
        case .int32: return floatToIntegers(src, dst, n, -0x1p31, 0x1p31) { Int32($0) }
        case .uint32: return floatToIntegers(src, dst, n, 0, 0x1p32) { UInt32($0) }
        case .int64: return floatToIntegers(src, dst, n, -0x1p63, 0x1p63) { Int64($0) }
        case .uint64: return floatToIntegers(src, dst, n, 0, 0x1p64) { UInt64($0) }
        }
    }

    /// Reads integer-dtype elements as Int; nil for float dtypes or a U64 above Int.max.
    static func toInt(_ dtype: SafetensorsDType, from source: UnsafeRawBufferPointer, count n: Int) -> [Int]? {
        guard dtype.isInteger else { return nil }
        precondition(source.count == n &* dtype.byteSize, "buffer sizes do not match the element count")
        guard n > 0, let src = source.baseAddress else { return [] }
        var failed = false
        let out = [Int](unsafeUninitializedCapacity: n) { buffer, initialized in
            let dst = buffer.baseAddress!
            switch dtype {
            case .bool: for i in 0..<n { dst[i] = src.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0 }
            case .uint8: integersToInt(src, dst, n) { Int($0 as UInt8) }
            case .int8: integersToInt(src, dst, n) { Int($0 as Int8) }
            case .int16: integersToInt(src, dst, n) { Int($0 as Int16) }
            case .uint16: integersToInt(src, dst, n) { Int($0 as UInt16) }
            case .int32: integersToInt(src, dst, n) { Int($0 as Int32) }
            case .uint32: integersToInt(src, dst, n) { Int($0 as UInt32) }
            case .int64: integersToInt(src, dst, n) { Int($0 as Int64) }
            case .uint64:
                for i in 0..<n {
                    let v = src.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self)
                    if v > UInt64(Int.max) { failed = true; dst[i] = 0 } else { dst[i] = Int(v) }
                }
            case .float16, .bfloat16, .float32, .float64: break // excluded by the guard above
            }
            initialized = n
        }
        return failed ? nil : out
    }

    // The conversions come in as closures of concrete types: in a generic function
    // `Float(x)` resolves to the generic BinaryInteger initialiser, and that (like
    // `Int8(exactly:)` and `Float(_: Int8)`) runs about 10x slower than `Float(_: Int)`
    // and a range check.

    @inline(__always)
    private static func integersToFloat<T: FixedWidthInteger>(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int,
                                                              _ convert: (T) -> Float) {
        let size = MemoryLayout<T>.size
        for i in 0..<n { dst[i] = convert(src.loadUnaligned(fromByteOffset: i &* size, as: T.self)) }
    }

    @inline(__always)
    private static func integersToInt<T: FixedWidthInteger>(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Int>, _ n: Int,
                                                            _ convert: (T) -> Int) {
        let size = MemoryLayout<T>.size
        for i in 0..<n { dst[i] = convert(src.loadUnaligned(fromByteOffset: i &* size, as: T.self)) }
    }

    /// Stores integral values in `lower..<upper` with `convert`; returns the index of the first other value (NaN included).
    @inline(__always)
    private static func floatToIntegers<T: FixedWidthInteger>(_ src: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ n: Int,
                                                              _ lower: Float, _ upper: Float, _ convert: (Float) -> T) -> Int? {
        let size = MemoryLayout<T>.size
        for i in 0..<n {
            let f = src[i]
            guard f >= lower, f < upper, f.rounded(.towardZero) == f else { return i }
            dst.storeBytes(of: convert(f), toByteOffset: i &* size, as: T.self)
        }
        return nil
    }
}
