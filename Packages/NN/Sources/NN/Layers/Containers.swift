import Tensor

/// Layers applied in order; children are named by index (`0.weight`, `1.weight`, ...).
///
/// ```swift
/// let mlp = Sequential([Linear(64, 128), ReLU(), Linear(128, 10)])
/// ```
public final class Sequential: Module, Layer {
    public let layers: [Module]

    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        var y = x
        for layer in layers { y = try (layer as! any Layer)(y) }
        return y
    }

    override public func namedChildren() -> [(String, Module)] {
        layers.enumerated().map { ("\($0.offset)", $0.element) }
    }
}

/// y = body(x) + shortcut(x), the shortcut being the identity unless given (e.g. a 1x1 conv
/// when channels or stride change).
public final class Residual: Module, Layer {
    public let body: Module
    public let shortcut: Module?

    public init(_ body: any Layer, shortcut: (any Layer)? = nil) {
        self.body = body
        self.shortcut = shortcut
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        let skip = try shortcut.map { try ($0 as! any Layer)(x) } ?? x
        return try (body as! any Layer)(x) + skip
    }
}
