import Foundation
import Tensor

/// Simulated activation quantization through a power map (see `GraphOp.quantizeActivation`).
/// Exponent 1 is the uniform quantizer; the gradient is straight-through inside the range.
public struct ActivationQuantizer: Sendable, Equatable {
    public var bits: Int
    public var maxValue: Float
    public var exponent: Float
    public var signed: Bool

    public init(bits: Int, maxValue: Float, exponent: Float = 1, signed: Bool = false) {
        self.bits = bits
        self.maxValue = maxValue
        self.exponent = exponent
        self.signed = signed
    }

    /// Number of non-zero levels on one side: 2^bits − 1 unsigned, 2^(bits−1) − 1 signed.
    public var levels: Float { Float(signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1) }

    /// The quantized value of one scalar.
    @inlinable
    public func quantize(_ x: Float) -> Float {
        let magnitude = signed ? Swift.min(abs(x), maxValue) : Swift.min(Swift.max(x, 0), maxValue)
        let code = (levels * powf(magnitude / maxValue, exponent)).rounded(.toNearestOrEven)
        let value = maxValue * powf(code / levels, 1 / exponent)
        return signed && x < 0 ? -value : value
    }

    public func apply(_ x: Tensor) -> Tensor { x.map(quantize) }

    public func apply(_ x: Variable) -> Variable {
        let (low, high) = (signed ? -maxValue : 0, maxValue)
        let inside = x.value.map { $0 >= low && $0 <= high ? 1 : 0 }
        return Variable(apply(x.value), parents: [x]) { g in [try g * inside] }
    }
}
