import Tensor

/// y = x·Wᵀ + b over the last axis; any leading axes are batch axes.
///
/// `weight` is [out, in] (PyTorch layout, so weights convert one to one).
/// ```swift
/// let fc = Linear(64, 10)
/// let logits = try fc(x)     // x [N, 64] -> [N, 10]
/// ```
public final class Linear: Module, Layer {
    public let weight: Variable
    public let bias: Variable?
    public let inputSize: Int, outputSize: Int

    public init(_ inputSize: Int, _ outputSize: Int, bias: Bool = true) {
        precondition(inputSize > 0 && outputSize > 0, "Linear sizes must be positive")
        self.inputSize = inputSize
        self.outputSize = outputSize
        let bound = Initializer.defaultBound(fanIn: inputSize)
        weight = Variable(Initializer.uniform([outputSize, inputSize], bound: bound), requiresGrad: true)
        self.bias = bias ? Variable(Initializer.uniform([outputSize], bound: bound), requiresGrad: true) : nil
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        guard x.shape.last == inputSize else {
            throw TensorError.shapeMismatch(op: "Linear", shapes: [x.shape, weight.shape], expected: "input whose last axis is \(inputSize)")
        }
        let lead = Array(x.shape.dropLast())
        let flat = x.shape.count == 2 ? x : try x.reshaped([-1, inputSize])
        var y = try flat.matmul(weight, transposeOther: true)
        if let bias { y = try y + bias }
        return x.shape.count == 2 ? y : try y.reshaped(lead + [outputSize])
    }
}
