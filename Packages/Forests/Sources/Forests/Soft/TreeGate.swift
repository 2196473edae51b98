import NN
import Tensor

/// A soft tree of depth D on the gating input whose leaf-reaching probabilities are the
/// weights of E = 2^D experts: w_ℓ(g) = μ_ℓ(g), so Σ_ℓ w_ℓ = 1 by construction
/// (hierarchical gating of the tree-gated mixtures of Arnaud et al.).
///
/// Balanced initialisation: split weights N(0, 0.01²) and, given a sample of g, biases
/// b_n = −w_n·median(g), so every initial hyperplane passes near the data median and no
/// expert starts starved (gate collapse). Without a sample the biases are 0.
/// Such small weights start every split near d = 0.5; since d = σ(β(w·g + b)), β scales
/// how fast an optimizer with a fixed step (Adam) can sharpen them — β ≈ 10 trained the
/// F4 toy's quadrant gate in 30 epochs where β = 1 did not.
///
/// ```swift
/// let gate = try TreeGate(depth: 2, gatingSize: 2, sample: trainG)   // 4 experts
/// let w = try gate.weights(g)                                         // [B, 4]
/// ```
public final class TreeGate: Module, Gate, @unchecked Sendable {
    public let router: SoftRouter
    public var expertCount: Int { router.leafCount }
    public var depth: Int { router.depth }
    /// Inverse temperature of the gate's nodes.
    public var beta: Float {
        get { router.beta }
        set { router.beta = newValue }
    }

    public init(depth: Int, gatingSize: Int, sample: Tensor? = nil, beta: Float = 1, weightStd: Float = 0.01) throws {
        router = try SoftRouter(depth: depth, inputSize: gatingSize, beta: beta, weightStd: weightStd)
        if let sample { try router.centreBiases(onSample: sample) }
    }

    public func weights(_ g: Variable) throws -> Variable { try router.routing(g) }

    /// The expert each row reaches by greedy routing.
    public func greedyExperts(_ g: Tensor) throws -> [Int] { try router.greedyLeaves(g) }
}
