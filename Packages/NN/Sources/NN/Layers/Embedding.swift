import Tensor

/// A table of learned vectors looked up by index: [count, dim].
public final class Embedding: Module {
    public let weight: Variable

    public init(count: Int, dim: Int) {
        weight = Variable(Initializer.normal([count, dim], std: 1), requiresGrad: true)
    }

    /// Rows for `indices` (any shape), giving indices.shape + [dim].
    public func callAsFunction(_ indices: IndexTensor) throws -> Variable {
        let dim = weight.shape[1]
        return try weight.indexSelect(alongAxis: 0, indices.values).reshaped(indices.shape + [dim])
    }
}

/// Learned tokens prepended to a sequence (class tokens, task tokens): [count, dim].
public final class LearnedTokens: Module {
    public let tokens: Variable

    public init(count: Int, dim: Int, std: Float = 0.02) {
        tokens = Variable(Initializer.normal([count, dim], std: std), requiresGrad: true)
    }

    /// The tokens repeated over a batch: [batch, count, dim].
    public func expanded(batch: Int) throws -> Variable {
        let (count, dim) = (tokens.shape[0], tokens.shape[1])
        return try tokens.reshaped([1, count, dim]) + Variable(Tensor(zeros: [batch, count, dim]))
    }

    /// [B, T, D] -> [B, count + T, D].
    public func prepended(to x: Variable) throws -> Variable {
        try Variable.concatenate([expanded(batch: x.shape[0]), x], alongAxis: 1)
    }
}
