import Tensor

/// Batch normalisation over the channel axis (axis 1) of [N, C] or [N, C, H, W] input.
///
/// Training mode normalises with the batch's statistics and updates running estimates
/// (momentum 0.1, unbiased variance, as PyTorch); evaluation mode uses the running ones.
public final class BatchNorm: Module, Layer {
    public let weight: Variable
    public let bias: Variable
    public let runningMean: Buffer
    public let runningVar: Buffer
    public let epsilon: Float
    public let momentum: Float
    let channels: Int

    public init(_ channels: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        self.channels = channels
        self.epsilon = epsilon
        self.momentum = momentum
        weight = Variable(Tensor(ones: [channels]), requiresGrad: true)
        bias = Variable(Tensor(zeros: [channels]), requiresGrad: true)
        runningMean = Buffer(Tensor(zeros: [channels]))
        runningVar = Buffer(Tensor(ones: [channels]))
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        guard x.shape.count >= 2, x.shape[1] == channels else {
            throw TensorError.shapeMismatch(op: "BatchNorm", shapes: [x.shape], expected: "[N, \(channels), ...]")
        }
        let axes = [0] + Array(2..<x.shape.count)
        var statShape = [Int](repeating: 1, count: x.shape.count)
        statShape[1] = channels
        let gamma = try weight.reshaped(statShape), beta = try bias.reshaped(statShape)
        if isTraining {
            let n = x.value.count / channels
            guard n > 1 else {
                throw TensorError.invalidArgument(op: "BatchNorm", message: "training needs more than one value per channel; use eval mode or a larger batch")
            }
            let mean = try x.mean(alongAxes: axes, keepingDimensions: true)
            let centered = try x - mean
            let variance = try centered.squared().mean(alongAxes: axes, keepingDimensions: true)
            try Autograd.noGrad {
                let m = try mean.value.reshaped([channels]), v = try variance.value.reshaped([channels])
                runningMean.value = try runningMean.value * (1 - momentum) + m * momentum
                runningVar.value = try runningVar.value * (1 - momentum) + v * (momentum * Float(n) / Float(n - 1))
            }
            return try centered / (variance + epsilon).sqrt() * gamma + beta
        }
        let mean = try runningMean.value.reshaped(statShape), v = try runningVar.value.reshaped(statShape)
        let scale = Variable(try (v + epsilon).sqrt().map { 1 / $0 })
        return try (x - Variable(mean)) * scale * gamma + beta
    }
}

/// Layer normalisation over the last axis (or the last `normalizedShape.count` axes).
public final class LayerNorm: Module, Layer {
    public let weight: Variable
    public let bias: Variable
    public let epsilon: Float
    let normalizedShape: [Int]

    public init(_ normalizedShape: [Int], epsilon: Float = 1e-5) {
        self.normalizedShape = normalizedShape
        self.epsilon = epsilon
        weight = Variable(Tensor(ones: normalizedShape), requiresGrad: true)
        bias = Variable(Tensor(zeros: normalizedShape), requiresGrad: true)
    }

    public convenience init(_ size: Int, epsilon: Float = 1e-5) { self.init([size], epsilon: epsilon) }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        guard x.shape.count >= normalizedShape.count, Array(x.shape.suffix(normalizedShape.count)) == normalizedShape else {
            throw TensorError.shapeMismatch(op: "LayerNorm", shapes: [x.shape, normalizedShape], expected: "input ending in the normalised shape")
        }
        let axes = Array((x.shape.count - normalizedShape.count)..<x.shape.count)
        let mean = try x.mean(alongAxes: axes, keepingDimensions: true)
        let centered = try x - mean
        let variance = try centered.squared().mean(alongAxes: axes, keepingDimensions: true)
        return try centered / (variance + epsilon).sqrt() * weight + bias
    }
}
