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

/// Group normalisation over [N, C, ...] input: the channels split into `groups` groups and each
/// sample's group is normalised over its channels and positions, then scaled per channel.
/// Unlike batch norm it does not depend on the batch, so training and inference agree and a
/// batch of one works; `groups = 1` is layer norm over (C, H, W), `groups = C` instance norm.
public final class GroupNorm: Module, Layer {
    public let weight: Variable
    public let bias: Variable
    public let epsilon: Float
    public let groups: Int
    let channels: Int

    public init(groups: Int, channels: Int, epsilon: Float = 1e-5) {
        precondition(groups >= 1 && channels % groups == 0, "GroupNorm: channels (\(channels)) must divide into groups (\(groups))")
        self.groups = groups
        self.channels = channels
        self.epsilon = epsilon
        weight = Variable(Tensor(ones: [channels]), requiresGrad: true)
        bias = Variable(Tensor(zeros: [channels]), requiresGrad: true)
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        guard x.shape.count >= 2, x.shape[1] == channels else {
            throw TensorError.shapeMismatch(op: "GroupNorm", shapes: [x.shape], expected: "[N, \(channels), ...]")
        }
        let n = x.shape[0]
        let grouped = try x.reshaped([n, groups, x.value.count / max(1, n * groups)])
        let mean = try grouped.mean(alongAxes: [2], keepingDimensions: true)
        let centered = try grouped - mean
        let variance = try centered.squared().mean(alongAxes: [2], keepingDimensions: true)
        let normalized = try (centered / (variance + epsilon).sqrt()).reshaped(x.shape)
        var statShape = [Int](repeating: 1, count: x.shape.count)
        statShape[1] = channels
        return try normalized * weight.reshaped(statShape) + bias.reshaped(statShape)
    }
}
