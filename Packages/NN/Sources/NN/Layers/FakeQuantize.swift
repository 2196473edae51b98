import Tensor

/// Simulated uniform quantization with a straight-through estimator.
///
/// Forward: q = clamp(round(x / s), qmin, qmax) · s (symmetric, qmax = 2^(bits-1) - 1,
/// qmin = -qmax). Backward: the gradient passes unchanged where x lies inside
/// [qmin·s, qmax·s] and is zero outside (clipped values do not learn).
/// Scales come from the max-abs of the tensor (per tensor, or per slice along `channelAxis`):
/// for weights at every call; for activations (`observer: true`) from a running max-abs
/// updated in training (momentum 0.9) and frozen in evaluation.
public final class FakeQuantize: Module, Layer {
    public let bits: Int
    public let channelAxis: Int?
    public let observer: Bool
    /// Running max-abs per channel (or one value) for activation observers.
    public let runningMaxAbs: Buffer

    public init(bits: Int, channelAxis: Int? = nil, channels: Int = 1, observer: Bool = false) {
        precondition((2...16).contains(bits), "FakeQuantize: bits must be in 2...16")
        self.bits = bits
        self.channelAxis = channelAxis
        self.observer = observer
        runningMaxAbs = Buffer(Tensor(zeros: [channelAxis == nil ? 1 : channels]))
    }

    public var levels: Float { Float((1 << (bits - 1)) - 1) }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        let maxAbs = try currentMaxAbs(x.value)
        let scale = maxAbs.map { Swift.max($0, 1e-8) / levels }
        let shaped = try scale.reshaped(scaleShape(for: x.shape))
        let qmax = levels
        let ratio = try x.value / shaped
        let q = try ratio.map { Swift.min(qmax, Swift.max(-qmax, $0.rounded(.toNearestOrEven))) } * shaped
        let inside = ratio.map { $0 >= -qmax - 0.5 && $0 <= qmax + 0.5 ? 1 : 0 }
        return Variable(q, parents: [x]) { g in [try g * inside] }
    }

    private func scaleShape(for shape: [Int]) -> [Int] {
        guard let axis = channelAxis else { return [] }
        var s = [Int](repeating: 1, count: shape.count)
        s[axis] = shape[axis]
        return s
    }

    private func currentMaxAbs(_ x: Tensor) throws -> Tensor {
        let reduce: Tensor
        if let axis = channelAxis {
            let others = (0..<x.rank).filter { $0 != axis }
            reduce = try x.abs().reshaped(x.shape).permuted([axis] + others).reshaped([x.shape[axis], -1]).max(alongAxis: 1)
        } else {
            reduce = Tensor([x.abs().max()])
        }
        guard observer else { return reduce }
        if isTraining {
            let seeded = runningMaxAbs.value.max() == 0
            runningMaxAbs.value = seeded ? reduce : try runningMaxAbs.value * 0.9 + reduce * 0.1
        }
        return runningMaxAbs.value
    }
}
