import AffectCore
import NN
import Registry
import Tensor

/// The `thin` method (task `expression`). No pretrained weights ship yet, so the factory's
/// product is a `THINRecipe`: the configuration plus builders of the model, which is an
/// `ExpressionRecognizer` once trained with `THINTrainer`.
///
/// ```swift
/// let recipe = try registry.make("thin", as: THINRecipe.self) { try $0.apply(overrides: ["dispel-weight=10"]) }
/// let model = try recipe.makeMLP(inputSize: 256, classCount: 10, exogenousTargetSize: 2)
/// ```
public enum THINPlugin: MethodPlugin {
    public static let descriptor = MethodDescriptor(
        id: "thin", title: "THIN: THrowable Information Networks", version: try! SemanticVersion("1.0.0"),
        task: .expression, package: "Affect",
        citation: Citation(authors: ["E. Arnaud", "A. Dapogny", "K. Bailly"],
                           title: "THIN: THrowable Information Networks and Application for Facial Expression Recognition In The Wild",
                           venue: "IEEE Transactions on Affective Computing", year: 2022, arxiv: "2010.07614"),
        summary: "A tree-gated ensemble of weak predictors on an endogenous representation, gated by an exogenous (nuisance) representation such as identity or rotation, with a loss that dispels the nuisance from the endogenous representation.",
        hyperparameters: [
            .int("gate-depth", default: 3, range: 0...8, doc: "Depth D of the tree gate: 2^D weak predictors."),
            .float("beta", default: 1, range: 1e-3...1e3, doc: "Inverse temperature of the gate's soft splits."),
            .choice("gate-input", default: "exogenous", choices: THINConfig.GateInput.allCases.map(\.rawValue),
                    doc: "exogenous: THIN; endogenous: a standard mixture of experts (ablation); external: the caller's nuisance values (oracle)."),
            .choice("gate", default: "tree", choices: THINConfig.GateKind.allCases.map(\.rawValue),
                    doc: "tree: THIN's gate; softmax: flat gate; uniform: plain averaging (ablations)."),
            .choice("objective", default: "cooperative", choices: THINConfig.Objective.allCases.map(\.rawValue),
                    doc: "cooperative: NLL of the mixture; competitive: gate-weighted NLL of each predictor."),
            .float("dispel-weight", default: 1, range: 0...1_000, doc: "λ_dis of the exogenous dispelling loss; 0 turns it off."),
            .float("dispel-ramp", default: 0.2, range: 0...1, doc: "Fraction of training over which λ_dis ramps up from 0."),
            .float("balance-weight", default: 0.01, range: 0...100, doc: "λ_bal of the gate load-balancing term."),
            .float("learning-rate", default: 1e-3, range: 1e-6...1, doc: "Adam learning rate."),
            .float("weight-decay", default: 1e-4, range: 0...1, doc: "Adam (L2) weight decay."),
            .int("epochs", default: 40, range: 1...10_000, doc: "Training epochs of F, gate and heads."),
            .int("batch-size", default: 128, range: 2...65_536, doc: "Minibatch size; ≥ 64 keeps the dispelling loss's batch correlation meaningful."),
            .int("seed", default: 0, range: 0...Int(Int32.max), doc: "Seed of initialisation and shuffling."),
        ])

    public static func make(_ configuration: MethodConfiguration) throws -> THINRecipe {
        var c = THINConfig()
        c.gateDepth = try configuration.int("gate-depth")
        c.beta = Float(try configuration.float("beta"))
        // The registry validated the choices, so these initialisers cannot fail.
        c.gateInput = THINConfig.GateInput(rawValue: try configuration.string("gate-input"))!
        c.gateKind = THINConfig.GateKind(rawValue: try configuration.string("gate"))!
        c.objective = THINConfig.Objective(rawValue: try configuration.string("objective"))!
        c.dispelWeight = Float(try configuration.float("dispel-weight"))
        c.dispelRampFraction = Float(try configuration.float("dispel-ramp"))
        c.balanceWeight = Float(try configuration.float("balance-weight"))
        c.learningRate = Float(try configuration.float("learning-rate"))
        c.weightDecay = Float(try configuration.float("weight-decay"))
        c.epochs = try configuration.int("epochs")
        c.batchSize = try configuration.int("batch-size")
        c.seed = UInt64(try configuration.int("seed"))
        do { try c.validate() } catch { throw RegistryError.malformedConfiguration("\(error)") }
        return THINRecipe(config: c)
    }
}

/// What `THINPlugin` builds: a validated configuration and the model builders.
public struct THINRecipe: Sendable, Equatable {
    public var config: THINConfig

    public init(config: THINConfig) { self.config = config }

    /// The spec's MLP model for flat inputs: E = input → 128 → 64 (z_x) → target, F = input →
    /// 256 → `endogenousSize` (z_n), linear heads. Seeds the initialisation with `config.seed`.
    public func makeMLP(inputSize: Int, classCount: Int, exogenousTargetSize: Int, endogenousHidden: Int = 256,
                        endogenousSize: Int = 128, labels: ExpressionLabelSet? = nil, inputShape: [Int]? = nil,
                        externalGatingSize: Int = 0, gateSample: Tensor? = nil) throws -> THINModel {
        NN.Initializer.seed(config.seed)
        let e = try ExogenousNetwork.mlp(sizes: [inputSize, 128, 64], targetSize: exogenousTargetSize)
        let f = MLP.reluStack([inputSize, endogenousHidden, endogenousSize])
        return try THINModel(exogenous: e, endogenous: f, endogenousSize: endogenousSize, classCount: classCount, config: config,
                             externalGatingSize: externalGatingSize, gateSample: gateSample, labels: labels,
                             inputShape: inputShape ?? [inputSize])
    }
}

/// Every plugin of the Affect package, for the app's registry.
public enum AffectPlugins {
    public static let all: [any MethodPlugin.Type] = [THINPlugin.self]
}
