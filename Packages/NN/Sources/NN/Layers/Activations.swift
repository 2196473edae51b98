import Tensor

/// Activation layers, for use inside `Sequential`.
public final class ReLU: Module, Layer {
    public override init() {}
    public func callAsFunction(_ x: Variable) throws -> Variable { x.relu() }
}

public final class LeakyReLU: Module, Layer {
    public let slope: Float
    public init(slope: Float = 0.01) { self.slope = slope }
    public func callAsFunction(_ x: Variable) throws -> Variable { x.leakyRelu(slope: slope) }
}

public final class GELU: Module, Layer {
    public override init() {}
    public func callAsFunction(_ x: Variable) throws -> Variable { x.gelu() }
}

public final class Sigmoid: Module, Layer {
    public override init() {}
    public func callAsFunction(_ x: Variable) throws -> Variable { x.sigmoid() }
}

public final class Tanh: Module, Layer {
    public override init() {}
    public func callAsFunction(_ x: Variable) throws -> Variable { x.tanh() }
}

/// [N, ...] -> [N, rest].
public final class Flatten: Module, Layer {
    public override init() {}
    public func callAsFunction(_ x: Variable) throws -> Variable { try x.flattened() }
}
