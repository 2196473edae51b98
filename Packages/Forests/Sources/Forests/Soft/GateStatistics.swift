import Foundation
import NN
import Tensor

/// What a gate does with a set of gating inputs: how evenly it uses its experts and what
/// each expert specialises in.
public struct GateStatistics: Sendable, Equatable {
    /// Mean weight of each expert over the set, m_e = mean_i w_ie.
    public let usage: [Float]
    /// H(m) = −Σ_e m_e log m_e in nats; log E when usage is even, 0 when one expert takes all.
    public let usageEntropy: Float
    /// Fraction of rows whose largest weight is expert e's.
    public let topOneShare: [Float]
    /// Per label name, per expert: the weighted mean Σ_i w_ie·label_i / Σ_i w_ie (e.g. the
    /// mean yaw each expert sees, which shows what the gate partitions).
    public let labelMeans: [String: [Float]]
}

extension Gate {
    /// Statistics of this gate on `gatingInputs` [N, G]; each label array holds N values.
    public func statistics(gatingInputs: Tensor, labels: [String: [Float]] = [:]) throws -> GateStatistics {
        let n = gatingInputs.shape.first ?? 0
        guard gatingInputs.rank == 2, n > 0 else {
            throw NNError.invalidArgument("gate statistics: gating inputs must be [N, G] with N > 0, got \(gatingInputs.shape)")
        }
        for (name, values) in labels where values.count != n {
            throw NNError.invalidArgument("gate statistics: label '\(name)' has \(values.count) values for \(n) rows; pass one per row")
        }
        let w = try Autograd.noGrad { try weights(Variable(gatingInputs)).value }
        let e = expertCount
        let usage = try w.mean(alongAxes: [0]).scalars
        let entropy = -usage.reduce(0) { $0 + ($1 > 0 ? $1 * Foundation.log($1) : 0) }
        var top = [Float](repeating: 0, count: e)
        for i in try w.argmax(alongAxis: 1).values { top[i] += 1 / Float(n) }
        var means: [String: [Float]] = [:]
        let rows = w.scalars
        for (name, values) in labels {
            var num = [Float](repeating: 0, count: e), den = [Float](repeating: 0, count: e)
            for i in 0..<n {
                for j in 0..<e {
                    num[j] += rows[i * e + j] * values[i]
                    den[j] += rows[i * e + j]
                }
            }
            means[name] = zip(num, den).map { $1 > 0 ? $0 / $1 : .nan }
        }
        return GateStatistics(usage: usage, usageEntropy: entropy, topOneShare: top, labelMeans: means)
    }
}
