import Tensor

public final class MaxPool2d: Module, Layer {
    public let pool: Pool2DParameters
    public init(kernel: Int, stride: Int? = nil, padding: Int = 0) {
        pool = Pool2DParameters(kernel: kernel, stride: stride, padding: padding)
    }
    public func callAsFunction(_ x: Variable) throws -> Variable { try x.maxPool2d(pool) }
}

public final class AvgPool2d: Module, Layer {
    public let pool: Pool2DParameters
    public init(kernel: Int, stride: Int? = nil, padding: Int = 0, countIncludesPadding: Bool = false) {
        pool = Pool2DParameters(kernel: kernel, stride: stride, padding: padding, countIncludesPadding: countIncludesPadding)
    }
    public func callAsFunction(_ x: Variable) throws -> Variable { try x.avgPool2d(pool) }
}

/// [N, C, H, W] -> [N, C].
public final class GlobalAvgPool2d: Module, Layer {
    public override init() {}
    public func callAsFunction(_ x: Variable) throws -> Variable { try x.globalAveragePool() }
}

/// Resampling by a scale factor (nearest or bilinear), e.g. in decoders.
public final class Upsample: Module, Layer {
    public let scale: Int
    public let mode: ResizeMode
    public init(scale: Int, mode: ResizeMode = .bilinear) {
        self.scale = scale
        self.mode = mode
    }
    public func callAsFunction(_ x: Variable) throws -> Variable {
        guard x.shape.count == 4 else {
            throw TensorError.shapeMismatch(op: "Upsample", shapes: [x.shape], expected: "an NCHW input")
        }
        return try x.resized(height: x.shape[2] * scale, width: x.shape[3] * scale, mode: mode)
    }
}
