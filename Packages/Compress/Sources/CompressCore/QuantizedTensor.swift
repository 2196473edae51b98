import Foundation
import Tensor

/// One weight tensor stored compactly: `bits`-bit signed integer codes packed into bytes,
/// one scale per output channel (or one for the tensor), and how codes decode.
///
/// Decoding (`dequantized()`):
/// - `.power(exponent)`: ŵ = sign(q) · scale_c · (|q| / n)^(1/exponent), n = 2^(bits−1) − 1
///   (exponent 1 is symmetric uniform quantization; PowerQuant picks another exponent);
/// - `.codebook(levels)`: ŵ = levels[q + 2^(bits−1)] (q read as an index), the `ValueMap`
///   form of methods that map each weight to one of few values (scales unused).
public struct QuantizedTensor: Sendable, Equatable {
    public enum Decoding: Sendable, Equatable {
        case power(exponent: Float)
        case codebook(levels: [Float])
    }

    public var shape: [Int]
    public var bits: Int
    /// Codes packed `bits` per code, little-endian within each byte, as `code + 2^(bits−1)`.
    public var packedCodes: [UInt8]
    /// One scale per index of axis 0 (per channel) or a single one (per tensor).
    public var scales: [Float]
    public var decoding: Decoding

    public var count: Int { shape.reduce(1, *) }

    /// Packs integer codes in `−2^(bits−1) ..< 2^(bits−1)`.
    public init(shape: [Int], bits: Int, codes: [Int], scales: [Float], decoding: Decoding) throws {
        guard (2...8).contains(bits) else {
            throw TensorError.invalidArgument(op: "QuantizedTensor", message: "bits must be in 2...8, got \(bits)")
        }
        guard codes.count == shape.reduce(1, *) else {
            throw TensorError.invalidArgument(op: "QuantizedTensor", message: "\(codes.count) codes for shape \(shape)")
        }
        guard scales.count == 1 || scales.count == shape[0] else {
            throw TensorError.invalidArgument(op: "QuantizedTensor", message: "\(scales.count) scales: give one, or one per index of axis 0 (\(shape[0]))")
        }
        let offset = 1 << (bits - 1)
        if let bad = codes.first(where: { $0 < -offset || $0 >= offset }) {
            throw TensorError.invalidArgument(op: "QuantizedTensor", message: "code \(bad) does not fit \(bits) signed bits")
        }
        self.shape = shape
        self.bits = bits
        self.scales = scales
        self.decoding = decoding
        packedCodes = Self.pack(codes.map { UInt8($0 + offset) }, bits: bits)
    }

    init(shape: [Int], bits: Int, packedCodes: [UInt8], scales: [Float], decoding: Decoding) {
        self.shape = shape
        self.bits = bits
        self.packedCodes = packedCodes
        self.scales = scales
        self.decoding = decoding
    }

    /// The signed integer codes, unpacked.
    public var codes: [Int] {
        let offset = 1 << (bits - 1)
        return Self.unpack(packedCodes, bits: bits, count: count).map { Int($0) - offset }
    }

    /// Stored size: packed codes, scales and codebook levels.
    public var byteCount: Int {
        var levels = 0
        if case .codebook(let l) = decoding { levels = l.count }
        return packedCodes.count + 4 * (scales.count + levels)
    }

    /// The float weights the codes stand for.
    public func dequantized() throws -> Tensor {
        let q = codes
        var out = [Float](repeating: 0, count: count)
        let perChannel = scales.count == 1 ? count : count / shape[0]
        switch decoding {
        case .power(let exponent):
            let n = Float((1 << (bits - 1)) - 1)
            // A table per distinct |q|: decoding happens once, at load time.
            let table = (0...Int(n) + 1).map { powf(Float($0) / n, 1 / exponent) }
            for i in 0..<count {
                let scale = scales[scales.count == 1 ? 0 : i / perChannel]
                let v = scale * table[min(abs(q[i]), Int(n) + 1)]
                out[i] = q[i] < 0 ? -v : v
            }
        case .codebook(let levels):
            let offset = 1 << (bits - 1)
            for i in 0..<count {
                let k = q[i] + offset
                guard k < levels.count else {
                    throw TensorError.invalidArgument(op: "QuantizedTensor", message: "code \(k) has no codebook level (\(levels.count) levels)")
                }
                out[i] = levels[k]
            }
        }
        return try Tensor(shape: shape, scalars: out)
    }

    static func pack(_ values: [UInt8], bits: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: (values.count * bits + 7) / 8)
        var bit = 0
        for v in values {
            for b in 0..<bits where v & (1 << b) != 0 { out[(bit + b) >> 3] |= 1 << ((bit + b) & 7) }
            bit += bits
        }
        return out
    }

    static func unpack(_ bytes: [UInt8], bits: Int, count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var bit = 0
        for i in 0..<count {
            var v: UInt8 = 0
            for b in 0..<bits where bytes[(bit + b) >> 3] & (1 << ((bit + b) & 7)) != 0 { v |= 1 << b }
            out[i] = v
            bit += bits
        }
        return out
    }
}
