/// Hyperparameters of THIN (defaults from `thin.md`; all are implementation choices, the
/// paper's values could not be confirmed).
public struct THINConfig: Sendable, Equatable, Codable {
    /// What the gate reads: THIN gates on the exogenous representation; the others are the
    /// spec's ablations (standard MoE on z_n, an oracle nuisance input given by the caller).
    public enum GateInput: String, Sendable, Codable, CaseIterable { case exogenous, endogenous, external }
    /// The gate: the tree gate of THIN, or the flat softmax / uniform ablations.
    public enum GateKind: String, Sendable, Codable, CaseIterable { case tree, softmax, uniform }
    public enum Objective: String, Sendable, Codable, CaseIterable { case cooperative, competitive }

    /// Gate depth D: M = 2^D weak predictors (a tree gate needs it; flat gates use M as well).
    public var gateDepth = 3
    /// β of the tree gate's splits.
    public var beta: Float = 1
    public var gateInput = GateInput.exogenous
    public var gateKind = GateKind.tree
    public var objective = Objective.cooperative
    /// λ_dis of the exogenous dispelling loss (0 turns it off: THIN without dispelling).
    public var dispelWeight: Float = 1
    /// λ_dis ramps from 0 over this fraction of training.
    public var dispelRampFraction: Float = 0.2
    /// λ_bal of the gate's load-balancing regulariser.
    public var balanceWeight: Float = 0.01
    public var learningRate: Float = 1e-3
    public var weightDecay: Float = 1e-4
    public var epochs = 40
    public var batchSize = 128
    public var seed: UInt64 = 0

    public init() {}

    public var expertCount: Int { 1 << gateDepth }

    /// Throws with what to change when a value is out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw THINError.invalidConfiguration(message) } }
        try check((0...8).contains(gateDepth), "gate depth must be in 0...8, got \(gateDepth)")
        try check(beta > 0, "beta must be positive, got \(beta)")
        try check(dispelWeight >= 0 && balanceWeight >= 0, "dispel and balance weights must be ≥ 0")
        try check((0...1).contains(dispelRampFraction), "dispel ramp fraction must be in [0, 1], got \(dispelRampFraction)")
        try check(learningRate > 0 && weightDecay >= 0, "learning rate must be positive and weight decay ≥ 0")
        try check(epochs > 0, "epochs must be positive, got \(epochs)")
        // The dispelling loss is a batch correlation: tiny batches make it noise.
        try check(batchSize >= 2, "batch size must be ≥ 2 (≥ 64 recommended for the dispelling loss), got \(batchSize)")
    }
}

public enum THINError: Error, Equatable, CustomStringConvertible {
    case invalidConfiguration(String)
    case invalidInput(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let m): return "THIN configuration: \(m)"
        case .invalidInput(let m): return "THIN input: \(m)"
        }
    }
}
