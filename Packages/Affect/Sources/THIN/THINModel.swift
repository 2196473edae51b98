import AffectCore
import Forests
import NN
import Tensor

/// THIN (Arnaud, Dapogny, Bailly, TAFFC 2022): M = 2^D weak predictors read the endogenous
/// representation z_n = F(x); a differentiable tree gate reading the exogenous
/// representation z_x = E(x) weighs them; the exogenous dispelling loss pushes z_x's
/// information out of z_n. E is frozen by default (trained beforehand on the nuisance task).
///
///     p = Σ_m w_m(z_x) · softmax(H_m(z_n))
///
/// The mixture is Forests' `TreeGatedMixture` in probability space, so its losses (mixture
/// cross-entropy or the competitive variant) and load balancing are the shared ones.
///
/// ```swift
/// let e = try ExogenousNetwork.mlp(sizes: [256, 128, 64], targetSize: 2)
/// let model = try THINModel(exogenous: e, endogenous: MLP.reluStack([256, 256, 128]), endogenousSize: 128,
///                           classCount: 10, config: THINConfig())
/// let out = try model.forward(x)        // out.probabilities [B, 10], out.gate [B, 8]
/// ```
public final class THINModel: Module, @unchecked Sendable {
    public let exogenous: ExogenousNetwork
    public let endogenous: any Layer
    public let mixture: TreeGatedMixture
    public let config: THINConfig
    public let endogenousSize: Int
    /// Fine-tune E with the rest (off by default: the spec's E is frozen).
    public var trainsExogenous = false
    /// Read by the `ExpressionRecognizer` adapter.
    public let labels: ExpressionLabelSet
    public let inputShape: [Int]
    /// Whether crops [N, C, H, W] are flattened to [N, C·H·W] before the networks (MLPs).
    public let flattensInput: Bool

    /// - Parameters:
    ///   - externalGatingSize: width of the caller's gating input when `config.gateInput == .external`.
    ///   - gateSample: gating inputs of some training rows, to centre the tree gate's initial
    ///     splits on the data (balanced start, see `TreeGate`).
    public init(exogenous: ExogenousNetwork, endogenous: any Layer, endogenousSize: Int, classCount: Int,
                config: THINConfig, externalGatingSize: Int = 0, gateSample: Tensor? = nil,
                labels: ExpressionLabelSet? = nil, inputShape: [Int] = [], flattensInput: Bool = true) throws {
        try config.validate()
        guard endogenousSize > 0, classCount > 1 else {
            throw THINError.invalidConfiguration("endogenous size must be positive and there must be ≥ 2 classes, got \(endogenousSize), \(classCount)")
        }
        if let labels, labels.count != classCount {
            throw THINError.invalidConfiguration("label set has \(labels.count) names for \(classCount) classes")
        }
        let gatingSize: Int
        switch config.gateInput {
        case .exogenous: gatingSize = exogenous.representationSize
        case .endogenous: gatingSize = endogenousSize
        case .external:
            guard externalGatingSize > 0 else {
                throw THINError.invalidConfiguration("an external gate input needs externalGatingSize > 0 (e.g. 2 for (cos θ, sin θ))")
            }
            gatingSize = externalGatingSize
        }
        let m = config.expertCount
        let gate: any Gate
        switch config.gateKind {
        case .tree:
            guard config.gateDepth >= 1 else {
                throw THINError.invalidConfiguration("a tree gate needs depth ≥ 1; use gate kind uniform for a single predictor")
            }
            gate = try TreeGate(depth: config.gateDepth, gatingSize: gatingSize, sample: gateSample, beta: config.beta)
        case .softmax: gate = try SoftmaxGate(gatingSize: gatingSize, experts: m)
        case .uniform: gate = try UniformGate(experts: m)
        }
        // The uniform gate has nothing to balance; a 1-expert mixture neither.
        let balance = config.gateKind == .uniform ? 0 : config.balanceWeight
        mixture = try TreeGatedMixture(gate: gate, experts: (0..<m).map { _ in Linear(endogenousSize, classCount) },
                                       mixing: .probabilities,
                                       objective: config.objective == .cooperative ? .cooperative : .competitive,
                                       balanceWeight: balance)
        self.exogenous = exogenous
        self.endogenous = endogenous
        self.config = config
        self.endogenousSize = endogenousSize
        self.labels = try labels ?? ExpressionLabelSet(names: (0..<classCount).map { "class \($0)" })
        self.inputShape = inputShape
        self.flattensInput = flattensInput
    }

    public var classCount: Int { labels.count }

    /// What the optimiser updates: F, the gate and the heads (and E when fine-tuned).
    public var trainableParameters: [Variable] {
        (endogenous as! Module).parameters() + mixture.parameters() + (trainsExogenous ? exogenous.parameters() : [])
    }

    /// z_x; without gradient when E is frozen.
    public func exogenousRepresentation(_ x: Variable) throws -> Variable {
        if trainsExogenous { return try exogenous.representation(x) }
        return try Autograd.noGrad { try exogenous.representation(x).detached() }
    }

    /// z_n.
    public func endogenousRepresentation(_ x: Variable) throws -> Variable {
        let z = try endogenous(x)
        guard z.shape.count == 2, z.shape[1] == endogenousSize else {
            throw THINError.invalidInput("the endogenous network returned \(z.shape), expected [B, \(endogenousSize)]; flatten its output")
        }
        return z
    }

    func gatingInput(zX: Variable?, zN: Variable, external: Tensor?) throws -> Variable {
        switch config.gateInput {
        case .exogenous: return zX!
        case .endogenous: return zN
        case .external:
            guard let external else {
                throw THINError.invalidInput("this model gates on an external input (e.g. the true angle); pass gatingInput")
            }
            guard external.rank == 2, external.shape[0] == zN.shape[0] else {
                throw THINError.invalidInput("gatingInput must be [B, G] with the batch's B = \(zN.shape[0]) rows, got \(external.shape)")
            }
            return Variable(external)
        }
    }

    /// The forward pass: mixture probabilities [B, C], gate weights [B, M] and both representations.
    public func forward(_ x: Tensor, gatingInput external: Tensor? = nil) throws -> THINOutput {
        let input = Variable(x)
        let zX = try exogenousRepresentation(input)
        let zN = try endogenousRepresentation(input)
        let g = try gatingInput(zX: zX, zN: zN, external: external)
        return THINOutput(probabilities: try mixture(zN, gatingInput: g), gate: try mixture.gate.weights(g),
                          exogenous: zX, endogenous: zN)
    }

    /// Training loss on a batch: mixture NLL (or the competitive loss) + λ_bal·balance +
    /// `dispelWeight`·L_dis(z_n, z_x). `dispelWeight` is passed in so the recipe can ramp it.
    public func loss(_ x: Tensor, labels: [Int], gatingInput external: Tensor? = nil, dispelWeight: Float) throws -> THINLoss {
        guard labels.count == x.shape.first else {
            throw THINError.invalidInput("\(labels.count) labels for a batch of \(x.shape.first ?? 0) rows")
        }
        let input = Variable(x)
        let zN = try endogenousRepresentation(input)
        let needsExogenous = config.gateInput == .exogenous || dispelWeight > 0
        let zX = needsExogenous ? try exogenousRepresentation(input) : nil
        let g = try gatingInput(zX: zX, zN: zN, external: external)
        let target = IndexTensor(labels)
        let task = try mixture.loss(zN, gatingInput: g) {
            try ProbabilityLoss.negativeLogLikelihood(probabilities: $0, labels: target, reduction: .none)
        }
        guard dispelWeight > 0, let zX else { return THINLoss(total: task, task: task, dispel: nil) }
        let dispel = try DispellingLoss.crossCorrelation(endogenous: zN, exogenous: zX)
        return THINLoss(total: try task + dispel * dispelWeight, task: task, dispel: dispel)
    }
}

/// One forward pass of THIN.
public struct THINOutput {
    public let probabilities: Variable
    public let gate: Variable
    public let exogenous: Variable
    public let endogenous: Variable
}

/// The parts of THIN's loss on a batch.
public struct THINLoss {
    public let total: Variable
    /// Mixture NLL plus the balance term.
    public let task: Variable
    /// L_dis before its weight (nil when off).
    public let dispel: Variable?
}
