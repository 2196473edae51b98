import Foundation
import Tensor

/// Weight quantization through the power map, on groups sharing one scale (a row of axis 0,
/// or the whole tensor): with m = max|w| of the group and n = 2^(bits−1) − 1,
///
///     q = round(n · sign(w) · (|w| / m)^a),   ŵ = sign(q) · m · (|q| / n)^(1/a).
///
/// a = 1 is symmetric round-to-nearest uniform quantization; a < 1 puts more levels near
/// zero. `0^a` is 0 and `pow` only ever sees magnitudes. The error and the codes use the
/// same single-precision arithmetic as `QuantizedTensor.dequantized()`, so the error the
/// search minimises is the error of the stored model.
///
/// ```swift
/// let codec = PowerMapCodec(bits: 4, exponent: 0.7, perChannel: true)
/// let e = codec.squaredError(weight)            // ‖W − Ŵ‖²_F
/// let stored = try codec.encode(weight)         // packed 4-bit codes + scales
/// ```
public struct PowerMapCodec: Sendable, Equatable {
    public var bits: Int
    public var exponent: Float
    /// One scale per index of axis 0 (output channel) rather than one per tensor.
    public var perChannel: Bool

    public init(bits: Int, exponent: Double, perChannel: Bool) {
        precondition((2...8).contains(bits), "power-map codes take 2...8 bits")
        precondition(exponent > 0, "the power-map exponent must be positive")
        self.bits = bits
        self.exponent = Float(exponent)
        self.perChannel = perChannel
    }

    /// n: the largest code magnitude.
    public var levels: Int { (1 << (bits - 1)) - 1 }

    /// The scale of each group: max|w| over the group.
    public func scales(_ weight: Tensor) -> [Float] {
        let groups = perChannel ? max(weight.shape.first ?? 1, 1) : 1
        let size = weight.count / groups
        return weight.withUnsafeBufferPointer { w in
            (0..<groups).map { g in
                var m: Float = 0
                for i in g * size..<(g + 1) * size { m = max(m, abs(w[i])) }
                return m
            }
        }
    }

    /// (k / n)^(1/a) for k = 0...n: the decoded magnitudes before scaling.
    func decodeTable() -> [Float] {
        let n = Float(levels)
        return (0...levels).map { powf(Float($0) / n, 1 / exponent) }
    }

    /// ‖W − Ŵ‖²_F, without materialising codes.
    public func squaredError(_ weight: Tensor) -> Double {
        let scales = scales(weight)
        let table = decodeTable()
        let n = Float(levels), a = exponent
        let groupSize = weight.count / scales.count
        return weight.withUnsafeBufferPointer { w in
            table.withUnsafeBufferPointer { t in
                var total = 0.0
                for g in 0..<scales.count {
                    let m = scales[g]
                    let base = g * groupSize
                    guard m > 0 else { continue }          // an all-zero group is exact
                    let inverse = 1 / m
                    for i in base..<base + groupSize {
                        let magnitude = abs(w[i])
                        let q = min(Int((n * powf(magnitude * inverse, a)).rounded()), levels)
                        let d = Double(magnitude - m * t[q])
                        total += d * d
                    }
                }
                return total
            }
        }
    }

    /// The signed integer codes in −n...n, one per weight.
    public func codes(_ weight: Tensor, scales: [Float]) -> [Int] {
        let n = Float(levels), a = exponent
        let groupSize = weight.count / scales.count
        var out = [Int](repeating: 0, count: weight.count)
        weight.withUnsafeBufferPointer { w in
            out.withUnsafeMutableBufferPointer { q in
                for g in 0..<scales.count where scales[g] > 0 {
                    let inverse = 1 / scales[g]
                    for i in g * groupSize..<(g + 1) * groupSize {
                        let k = min(Int((n * powf(abs(w[i]) * inverse, a)).rounded()), levels)
                        q[i] = w[i] < 0 ? -k : k
                    }
                }
            }
        }
        return out
    }

    /// The compact form: packed codes, the scales and the exponent.
    public func encode(_ weight: Tensor) throws -> QuantizedTensor {
        let s = scales(weight)
        return try QuantizedTensor(shape: weight.shape, bits: bits, codes: codes(weight, scales: s), scales: s,
                                   decoding: .power(exponent: exponent))
    }
}
