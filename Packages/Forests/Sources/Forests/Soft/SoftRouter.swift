import NN
import Tensor

/// The decision nodes of one soft tree and the leaf-reaching probabilities they define.
///
/// Depth D gives `2^D − 1` nodes indexed breadth-first (children of n are 2n+1, 2n+2) and
/// `2^D` leaves. Node n sends an input z left with probability
///
///     d_n(z) = σ(β · (w_n·z + b_n))
///
/// computed for all nodes at once by one product [B, F']·[F', 2^D − 1]. The probability
/// of reaching leaf ℓ is the product of the decisions along its path, built level by level:
/// μ⁽⁰⁾ = [1], μ⁽ˡ⁺¹⁾ = interleave(μ⁽ˡ⁾ ⊙ d⁽ˡ⁾, μ⁽ˡ⁾ ⊙ (1 − d⁽ˡ⁾)), so each row sums to 1.
/// Greedy routing goes left iff d_n ≥ 0.5 (that is w_n·z + b_n ≥ 0): D dot products.
///
/// ```swift
/// let router = try SoftRouter(depth: 3, inputSize: 16)
/// let mu = try router.routing(x)     // [B, 8], rows sum to 1
/// ```
public final class SoftRouter: Module, @unchecked Sendable {
    public let depth: Int
    /// Width of the full input the router receives.
    public let inputSize: Int
    /// Input columns the nodes see (a per-tree feature subset); nil = all.
    public let featureIndices: [Int]?
    /// Inverse temperature; raise it (annealing) to make soft routing approach greedy routing.
    public var beta: Float
    /// [F', 2^D − 1]: column n is w_n.
    public let weights: Variable
    /// [2^D − 1].
    public let bias: Variable

    public var nodeCount: Int { (1 << depth) - 1 }
    public var leafCount: Int { 1 << depth }
    /// Number of features the nodes see.
    public var nodeInputSize: Int { featureIndices?.count ?? inputSize }

    /// Weights default to uniform(±1/√F') (PyTorch's Linear default) drawn from `Initializer`;
    /// `weightStd` draws N(0, std²) instead. Biases start at 0.
    public init(depth: Int, inputSize: Int, featureIndices: [Int]? = nil, beta: Float = 1, weightStd: Float? = nil) throws {
        guard (1...12).contains(depth) else {
            throw NNError.invalidArgument("SoftRouter: depth \(depth) is outside 1...12; deeper trees underflow μ in Float32 — use a forest of shallower trees")
        }
        guard inputSize > 0 else { throw NNError.invalidArgument("SoftRouter: inputSize must be positive, got \(inputSize)") }
        if let featureIndices {
            guard !featureIndices.isEmpty, featureIndices.allSatisfy({ (0..<inputSize).contains($0) }) else {
                throw NNError.invalidArgument("SoftRouter: featureIndices must be a non-empty list of columns in 0..<\(inputSize)")
            }
        }
        guard beta > 0, beta.isFinite else { throw NNError.invalidArgument("SoftRouter: beta must be positive and finite, got \(beta)") }
        self.depth = depth
        self.inputSize = inputSize
        self.featureIndices = featureIndices
        self.beta = beta
        let fanIn = featureIndices?.count ?? inputSize, nodes = (1 << depth) - 1
        let w = weightStd.map { Initializer.normal([fanIn, nodes], std: $0) }
            ?? Initializer.uniform([fanIn, nodes], bound: 1 / Float(fanIn).squareRoot())
        weights = Variable(w, requiresGrad: true)
        bias = Variable(Tensor(zeros: [nodes]), requiresGrad: true)
    }

    /// Centres every hyperplane on the sample's per-feature median, b_n = −w_n·median(z), so
    /// the initial routing splits the data near its middle (balanced experts / leaves).
    public func centreBiases(onSample sample: Tensor) throws {
        guard sample.rank == 2, sample.shape[1] == inputSize, sample.shape[0] > 0 else {
            throw NNError.invalidArgument("SoftRouter.centreBiases: sample must be [N, \(inputSize)] with N > 0, got \(sample.shape)")
        }
        let z = try nodeInputs(sample)
        let (n, f) = (z.shape[0], z.shape[1])
        let columns = z.transposed().scalars
        var median = [Float](repeating: 0, count: f)
        for j in 0..<f {
            let sorted = columns[(j * n)..<((j + 1) * n)].sorted()
            median[j] = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
        }
        let m = try Tensor(shape: [1, f], scalars: median)
        bias.value = -(try m.matmul(weights.value).reshaped([nodeCount]))
    }

    /// The columns of x the nodes see: [B, F] -> [B, F'].
    func nodeInputs(_ x: Tensor) throws -> Tensor {
        guard let featureIndices else { return x }
        return try x.indexSelect(alongAxis: 1, featureIndices)
    }

    private func checkInput(_ shape: [Int]) throws {
        guard shape.count == 2, shape[1] == inputSize else {
            throw NNError.invalidArgument("SoftRouter: input must be [B, \(inputSize)], got \(shape); reshape or pick the right feature width")
        }
    }

    /// Decisions d = σ(β(z·W + b)) for every node: [B, F] -> [B, 2^D − 1].
    public func decisions(_ x: Variable) throws -> Variable {
        try checkInput(x.shape)
        let z = try featureIndices.map { try x.indexSelect(alongAxis: 1, $0) } ?? x
        return (try z.matmul(weights) + bias).mul(beta).sigmoid()
    }

    /// Leaf-reaching probabilities μ: [B, F] -> [B, 2^D], rows sum to 1.
    public func routing(_ x: Variable) throws -> Variable {
        let d = try decisions(x)
        let batch = x.shape[0]
        var mu = Variable(Tensor(ones: [batch, 1]))
        for level in 0..<depth {
            let width = 1 << level
            let dl = try d.slice(alongAxis: 1, (width - 1)..<(2 * width - 1))
            let left = try mu * dl, right = try mu - left        // μ(1 − d) = μ − μd
            // Local node j's children are local leaves 2j, 2j+1 of the next level.
            mu = try Variable.stack([left, right], alongAxis: 2).reshaped([batch, 2 * width])
        }
        return mu
    }

    /// The leaf each row reaches by greedy routing (left iff w_n·z + b_n ≥ 0): D dot products per row.
    public func greedyLeaves(_ x: Tensor) throws -> [Int] {
        try checkInput(x.shape)
        let z = try nodeInputs(x)
        let (batch, f) = (z.shape[0], z.shape[1])
        let wT = weights.value.transposed()        // [N, F'], rows contiguous
        let firstLeaf = nodeCount, depth = depth
        var leaves = [Int](repeating: 0, count: batch)
        z.withUnsafeBufferPointer { zp in
            wT.withUnsafeBufferPointer { wp in
                bias.value.withUnsafeBufferPointer { bp in
                    for i in 0..<batch {
                        var node = 0
                        let row = i &* f
                        for _ in 0..<depth {
                            var s = bp[node]
                            let w = node &* f
                            for j in 0..<f { s += wp[w &+ j] * zp[row &+ j] }
                            node = s >= 0 ? 2 &* node &+ 1 : 2 &* node &+ 2
                        }
                        leaves[i] = node - firstLeaf
                    }
                }
            }
        }
        return leaves
    }
}

extension Variable {
    /// Scalar product that skips the graph node when the factor is 1.
    func mul(_ s: Float) -> Variable { s == 1 ? self : self * s }
}
