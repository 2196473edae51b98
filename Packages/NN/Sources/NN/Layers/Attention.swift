import Tensor

/// Multi-head scaled dot-product attention over [B, T, D] sequences.
///
/// softmax(Q·Kᵀ / sqrt(D/heads)) · V per head, heads concatenated and projected.
public final class MultiHeadAttention: Module {
    public let query: Linear, key: Linear, value: Linear, output: Linear
    public let heads: Int
    let dim: Int

    public init(dim: Int, heads: Int) {
        precondition(dim % heads == 0, "MultiHeadAttention: dim \(dim) must be divisible by heads \(heads)")
        self.dim = dim
        self.heads = heads
        query = Linear(dim, dim)
        key = Linear(dim, dim)
        value = Linear(dim, dim)
        output = Linear(dim, dim)
    }

    /// Self-attention when `context` is nil; otherwise queries from `x`, keys and values from `context`.
    /// Returns the output [B, T, D] and the attention weights [B, heads, T, S].
    public func callAsFunction(_ x: Variable, context: Variable? = nil) throws -> (output: Variable, weights: Variable) {
        let ctx = context ?? x
        guard x.shape.count == 3, x.shape[2] == dim, ctx.shape.count == 3, ctx.shape[2] == dim, ctx.shape[0] == x.shape[0] else {
            throw TensorError.shapeMismatch(op: "MultiHeadAttention", shapes: [x.shape, ctx.shape], expected: "[B, T, \(dim)] sequences with equal B")
        }
        let (b, t, s) = (x.shape[0], x.shape[1], ctx.shape[1])
        let dh = dim / heads
        func split(_ v: Variable, _ len: Int) throws -> Variable {
            try v.reshaped([b, len, heads, dh]).permuted([0, 2, 1, 3]).reshaped([b * heads, len, dh])
        }
        let q = try split(query(x), t), k = try split(key(ctx), s), v = try split(value(ctx), s)
        let scores = try q.matmul(k, transposeOther: true) * (1 / Float(dh).squareRoot())
        let weights = try scores.softmax(alongAxis: -1)
        let mixed = try weights.matmul(v).reshaped([b, heads, t, dh]).permuted([0, 2, 1, 3]).reshaped([b, t, dim])
        return (try output(mixed), try weights.reshaped([b, heads, t, s]))
    }
}

/// A transformer encoder layer: attention and an MLP, each with a residual connection and
/// layer norm (pre-norm by default, which trains stably without warm-up tricks).
public final class TransformerEncoderLayer: Module, Layer {
    public let attention: MultiHeadAttention
    public let norm1: LayerNorm, norm2: LayerNorm
    public let fc1: Linear, fc2: Linear
    public let dropout: Dropout
    public let normFirst: Bool

    public init(dim: Int, heads: Int, hidden: Int, dropout: Float = 0, normFirst: Bool = true) {
        attention = MultiHeadAttention(dim: dim, heads: heads)
        norm1 = LayerNorm(dim)
        norm2 = LayerNorm(dim)
        fc1 = Linear(dim, hidden)
        fc2 = Linear(hidden, dim)
        self.dropout = Dropout(dropout)
        self.normFirst = normFirst
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        if normFirst {
            let a = try x + dropout(attention(norm1(x)).output)
            return try a + dropout(fc2(fc1(norm2(a)).gelu()))
        }
        let a = try norm1(x + dropout(attention(x).output))
        return try norm2(a + dropout(fc2(fc1(a).gelu())))
    }
}
