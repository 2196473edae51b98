import Foundation
import Tensor

/// Swift scalar types stored as they lie in memory, one per safetensors dtype.
public protocol SafetensorsScalar: Sendable {
    static var safetensorsDType: SafetensorsDType { get }
}

extension UInt8: SafetensorsScalar { public static var safetensorsDType: SafetensorsDType { .uint8 } }
extension Int8: SafetensorsScalar { public static var safetensorsDType: SafetensorsDType { .int8 } }
extension Int16: SafetensorsScalar { public static var safetensorsDType: SafetensorsDType { .int16 } }
extension UInt16: SafetensorsScalar { public static var safetensorsDType: SafetensorsDType { .uint16 } }
extension Int32: SafetensorsScalar { public static var safetensorsDType: SafetensorsDType { .int32 } }
extension UInt32: SafetensorsScalar { public static var safetensorsDType: SafetensorsDType { .uint32 } }
extension Float: SafetensorsScalar { public static var safetensorsDType: SafetensorsDType { .float32 } }
extension Double: SafetensorsScalar { public static var safetensorsDType: SafetensorsDType { .float64 } }
extension Int64: SafetensorsScalar { public static var safetensorsDType: SafetensorsDType { .int64 } }
extension UInt64: SafetensorsScalar { public static var safetensorsDType: SafetensorsDType { .uint64 } }

/// One tensor of a safetensors file as stored: dtype, shape and raw little-endian bytes.
///
/// Facet computes in Float32, but a file also carries what Float32 cannot say exactly:
/// int8 or packed int4 weights of a quantized model, int64 indices, half-precision
/// weights. An entry keeps those bytes untouched; `tensor()` converts to Float32 when
/// asked, `values(as:)` and `integers()` read them exactly.
///
/// ```swift
/// let w = SafetensorsEntry(weights)                                   // F32, shares storage
/// let q = try SafetensorsEntry(shape: [64, 32], values: int8Weights)  // I8
/// let h = try SafetensorsEntry(weights, dtype: .float16)              // rounded to nearest even
/// ```
public struct SafetensorsEntry: Sendable, Equatable, CustomStringConvertible {
    public let dtype: SafetensorsDType
    public let shape: [Int]
    /// Number of elements: the product of `shape` (1 for a scalar).
    public let elementCount: Int
    private let storage: Storage

    /// F32 entries made from a tensor keep the tensor (copy-on-write shares it), so saving
    /// a model copies each weight once, into the file buffer. Entries read from a file
    /// keep a slice of the file's bytes for the same reason.
    private enum Storage: Sendable {
        case bytes(Data)
        case float32(Tensor)
    }

    /// Bytes in the file: `elementCount * dtype.byteSize`.
    public var byteCount: Int { elementCount &* dtype.byteSize }

    /// An F32 entry of the tensor's values; no copy is made.
    public init(_ tensor: Tensor) {
        dtype = .float32
        shape = tensor.shape
        elementCount = tensor.count
        storage = .float32(tensor)
    }

    /// The tensor's values converted to `dtype`.
    ///
    /// F16 and BF16 round to nearest even (overflow gives infinity). Integer dtypes and
    /// BOOL take only values they hold exactly: quantizers must round and clamp first, so
    /// a forgotten step shows here instead of as silently different weights.
    public init(_ tensor: Tensor, dtype: SafetensorsDType) throws {
        if dtype == .float32 { self.init(tensor); return }
        var data = Data(count: tensor.count &* dtype.byteSize)
        let failed = tensor.withUnsafeBufferPointer { src in
            data.withUnsafeMutableBytes { ScalarConversion.fromFloat(dtype, from: src, into: $0) }
        }
        if let i = failed {
            let value = tensor.withUnsafeBufferPointer { $0[i] }
            throw SafetensorsError(.unrepresentableValue, file: "",
                                   "element \(i) (value \(value)) cannot be stored as \(dtype): \(dtype) holds only integers in its range; round and clamp the values first, or store them as F32 or F16")
        }
        self.init(dtype: dtype, shape: tensor.shape, elementCount: tensor.count, validatedBytes: data)
    }

    /// Elements given as typed values, e.g. the int8 weights of a quantized layer.
    public init<T: SafetensorsScalar>(shape: [Int], values: [T]) throws {
        let count = try Self.checkedElementCount(shape)
        guard count == values.count else {
            throw SafetensorsError(.invalidArgument, file: "", "shape \(shape) holds \(count) elements but \(values.count) values were given; pass as many values as the shape holds")
        }
        let data = values.withUnsafeBytes { Data($0) }
        self.init(dtype: T.safetensorsDType, shape: shape, elementCount: count, validatedBytes: data)
    }

    /// An I64 entry of indices (class labels, token ids).
    public init(_ indices: IndexTensor) {
        let data = indices.values.map { Int64($0) }.withUnsafeBytes { Data($0) }
        self.init(dtype: .int64, shape: indices.shape, elementCount: indices.count, validatedBytes: data)
    }

    /// Raw little-endian bytes of `dtype` elements, e.g. int4 pairs packed into U8.
    public init(dtype: SafetensorsDType, shape: [Int], bytes: Data) throws {
        let count = try Self.checkedElementCount(shape)
        let (expected, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow, expected == bytes.count else {
            throw SafetensorsError(.invalidArgument, file: "", "\(dtype) shape \(shape) needs \(count) x \(dtype.byteSize) bytes but \(bytes.count) were given; check the shape and the dtype")
        }
        self.init(dtype: dtype, shape: shape, elementCount: count, validatedBytes: bytes)
    }

    /// For the reader and initialisers above, which checked that the bytes fit the shape.
    init(dtype: SafetensorsDType, shape: [Int], elementCount: Int, validatedBytes: Data) {
        self.dtype = dtype
        self.shape = shape
        self.elementCount = elementCount
        storage = .bytes(validatedBytes)
    }

    /// The elements as a Float32 tensor: exact for F32, F16, BF16, BOOL and integers up to
    /// 2^24 in magnitude; F64 and larger integers round to the nearest Float.
    public func tensor() -> Tensor {
        if case .float32(let t) = storage { return t }
        var out = Tensor(uninitializedShape: shape)
        withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer { ScalarConversion.toFloat(dtype, from: raw, into: $0) }
        }
        return out
    }

    /// The elements exactly as stored; `T` must match `dtype` (`Int8` for I8, `Float` for F32, ...).
    public func values<T: SafetensorsScalar>(as type: T.Type) throws -> [T] {
        guard T.safetensorsDType == dtype else {
            throw SafetensorsError(.dtypeMismatch, file: "", "the entry holds \(dtype) elements, not \(T.safetensorsDType) (\(T.self)); read it with the matching Swift type, or use tensor() to convert to Float")
        }
        return withUnsafeBytes { raw in
            [T](unsafeUninitializedCapacity: elementCount) { buffer, initialized in
                if elementCount > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: raw.baseAddress!, byteCount: raw.count) }
                initialized = elementCount
            }
        }
    }

    /// Elements of an integer (or BOOL) dtype as Int, exactly.
    public func integers() throws -> [Int] {
        guard let ints = withUnsafeBytes({ ScalarConversion.toInt(dtype, from: $0, count: elementCount) }) else {
            if dtype.isInteger {
                throw SafetensorsError(.unrepresentableValue, file: "", "a U64 element exceeds Int.max; read it with values(as: UInt64.self)")
            }
            throw SafetensorsError(.dtypeMismatch, file: "", "the entry holds \(dtype) elements, which are not integers; use tensor() to read them as Float")
        }
        return ints
    }

    /// Elements of an integer dtype as an index tensor.
    public func indexTensor() throws -> IndexTensor {
        try IndexTensor(shape: shape, values: integers())
    }

    /// The stored little-endian bytes, without copying.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch storage {
        case .bytes(let data): return try data.withUnsafeBytes(body)
        case .float32(let t): return try t.withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) }
        }
    }

    /// A copy of the stored bytes, indexed from 0.
    public var bytes: Data { withUnsafeBytes { Data($0) } }

    public static func == (a: SafetensorsEntry, b: SafetensorsEntry) -> Bool {
        guard a.dtype == b.dtype, a.shape == b.shape else { return false }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) }
        }
    }

    public var description: String { "SafetensorsEntry(\(dtype), shape \(shape), \(byteCount) bytes)" }

    /// The product of `shape`, or nil when a dimension is negative or the product overflows Int.
    static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { return nil }
            count = p
        }
        return count
    }

    private static func checkedElementCount(_ shape: [Int]) throws -> Int {
        guard let count = elementCount(of: shape) else {
            throw SafetensorsError(.invalidShape, file: "", "shape \(shape) has a negative dimension or more elements than Int can count; pass non-negative dimensions")
        }
        return count
    }
}
