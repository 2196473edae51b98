import Foundation
import NN
import Tensor

/// A mixture of experts under a gate: y(x, g) = Σ_e w_e(g) · E_e(x).
///
/// Experts are any layers with identical output shapes. With `mixing: .probabilities`
/// (classification; experts output logits) the mixture is Σ_e w_e softmax(E_e(x)), a
/// probability vector (train with `ProbabilityLoss.negativeLogLikelihood`); `.outputs`
/// mixes raw outputs (regression, or logit mixing — results differ, say which you used).
///
/// Losses (`loss(_:gatingInput:perSampleLoss:)`): `.cooperative` is the task loss of the
/// mixture; `.competitive` is Σ_e w_e · loss(E_e(x), y), which pushes experts to
/// specialise. Both add the load-balancing term λ · KL(mean_batch w ‖ uniform) against
/// gate collapse. `.greedy` routing evaluates only each row's top-1 expert (weight 1);
/// for a `TreeGate` the top-1 is the leaf reached by greedy routing.
///
/// ```swift
/// let gate = try TreeGate(depth: 2, gatingSize: 2, sample: g)
/// let moe = try TreeGatedMixture(gate: gate, experts: (0..<4).map { _ in Linear(4, 1) })
/// let loss = try moe.loss(x, gatingInput: g) { try ($0 - y).squared().sum(alongAxes: [1]) }
/// ```
public final class TreeGatedMixture: Module, @unchecked Sendable {
    public enum Mixing: Sendable { case outputs, probabilities }
    public enum Objective: Sendable { case cooperative, competitive }
    public enum Routing: Sendable { case soft, greedy }

    public let gate: any Gate
    public let experts: [any Layer]
    public let mixing: Mixing
    public var objective: Objective
    public var routing: Routing
    /// λ of the load-balancing regulariser (0 turns it off).
    public var balanceWeight: Float

    public init(gate: any Gate, experts: [any Layer], mixing: Mixing = .outputs, objective: Objective = .cooperative,
                routing: Routing = .soft, balanceWeight: Float = 0.01) throws {
        guard experts.count == gate.expertCount else {
            throw NNError.invalidArgument("TreeGatedMixture: the gate weighs \(gate.expertCount) experts but \(experts.count) were given; a depth-D tree gate needs 2^D experts")
        }
        guard balanceWeight >= 0 else { throw NNError.invalidArgument("TreeGatedMixture: balanceWeight must be ≥ 0, got \(balanceWeight)") }
        self.gate = gate
        self.experts = experts
        self.mixing = mixing
        self.objective = objective
        self.routing = routing
        self.balanceWeight = balanceWeight
    }

    /// Expert e's output in the space that gets mixed (probabilities or raw outputs).
    public func expertOutput(_ e: Int, _ x: Variable) throws -> Variable {
        let out = try experts[e](x)
        return mixing == .probabilities ? try out.softmax(alongAxis: -1) : out
    }

    /// Σ_e w_e ⊙ outputs_e, with w [B, E] and each output [B, ...].
    static func mix(weights w: Variable, outputs: [Variable]) throws -> Variable {
        let shape = outputs[0].shape, batch = shape[0]
        let flat = try outputs.map { try $0.reshaped([batch, -1]) }
        let stacked = try Variable.stack(flat, alongAxis: 1)                       // [B, E, K]
        let mixed = try (stacked * w.reshaped([batch, outputs.count, 1])).sum(alongAxes: [1])
        return try mixed.reshaped(shape)
    }

    /// The mixture's output under the current `routing`.
    public func callAsFunction(_ x: Variable, gatingInput g: Variable) throws -> Variable {
        try checkBatch(x, g)
        switch routing {
        case .soft:
            let w = try gate.weights(g)
            return try Self.mix(weights: w, outputs: experts.indices.map { try expertOutput($0, x) })
        case .greedy:
            return try greedyForward(x, g)
        }
    }

    /// Each row's top-1 expert.
    public func topExperts(_ g: Tensor) throws -> [Int] {
        if let tree = gate as? TreeGate { return try tree.greedyExperts(g) }
        return try Autograd.noGrad { try gate.weights(Variable(g)).value.argmax(alongAxis: 1).values }
    }

    private func greedyForward(_ x: Variable, _ g: Variable) throws -> Variable {
        let chosen = try topExperts(g.value)
        var order: [Int] = [], parts: [Variable] = []
        for e in experts.indices {
            let rows = chosen.indices.filter { chosen[$0] == e }
            guard !rows.isEmpty else { continue }
            parts.append(try expertOutput(e, x.indexSelect(alongAxis: 0, rows)))
            order += rows
        }
        var inverse = [Int](repeating: 0, count: order.count)
        for (position, row) in order.enumerated() { inverse[row] = position }
        return try Variable.concatenate(parts, alongAxis: 0).indexSelect(alongAxis: 0, inverse)
    }

    /// Training loss: the `objective` on `perSampleLoss` (which maps an output [B, ...] in the
    /// mixed space to per-row losses [B]), averaged over rows, plus λ·KL(mean w ‖ uniform).
    public func loss(_ x: Variable, gatingInput g: Variable, perSampleLoss: (Variable) throws -> Variable) throws -> Variable {
        try checkBatch(x, g)
        let w = try gate.weights(g)
        let outputs = try experts.indices.map { try expertOutput($0, x) }
        var task: Variable
        switch objective {
        case .cooperative:
            task = try perSampleLoss(Self.mix(weights: w, outputs: outputs)).mean()
        case .competitive:
            let losses = try Variable.stack(outputs.map { try perSampleLoss($0).reshaped([-1]) }, alongAxis: 1)   // [B, E]
            task = try (losses * w).sum(alongAxes: [1]).mean()
        }
        if balanceWeight > 0 { task = try task + Self.balanceLoss(weights: w) * balanceWeight }
        return task
    }

    /// KL(m ‖ uniform) = Σ_e m_e log m_e + log E with m = mean_batch w: 0 when experts are used evenly.
    public static func balanceLoss(weights w: Variable) throws -> Variable {
        let m = try w.mean(alongAxes: [0])
        let e = Float(w.shape[1])
        return (try m * m.clamped(1e-12, 1).log()).sum() + Foundation.log(e)
    }

    /// Gate statistics on a set of gating inputs (see `GateStatistics`).
    public func gateStatistics(gates: Tensor, labels: [String: [Float]] = [:]) throws -> GateStatistics {
        try gate.statistics(gatingInputs: gates, labels: labels)
    }

    private func checkBatch(_ x: Variable, _ g: Variable) throws {
        guard g.shape.count == 2, x.shape.first == g.shape[0] else {
            throw NNError.invalidArgument("TreeGatedMixture: gating input must be [B, G] with the B rows of x, got x \(x.shape) and g \(g.shape)")
        }
    }
}
