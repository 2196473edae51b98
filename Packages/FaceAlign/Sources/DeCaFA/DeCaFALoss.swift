import NN
import Tensor

/// Per-task landmark targets of a batch: `[N, ΣK_m, 3]` rows of (x, y, present) in crop
/// pixels, tasks one after the other in the config's order (what `DeCaFADataset` emits).
///
/// `present` is the annotation flag `a_{m,l}`: a sample annotated only with 5 points has
/// present = 0 on every 68-point row, and those terms drop out of the loss.
public struct DeCaFATargets {
    /// `[N, K_m, 2]` per task.
    public var points: [Tensor]
    /// `[N, K_m, 1]` per task: `a_{m,l} / (S · Σ_l a_{m,l})` (0 where a task is absent).
    public var weights: [Tensor]

    public init(batch targets: Tensor, counts: [Int], inputSize: Int) throws {
        let total = counts.reduce(0, +)
        guard targets.rank == 3, targets.shape[1] == total, targets.shape[2] == 3 else {
            throw NNError.invalidArgument("DeCaFA targets must be [N, \(total), 3] (x, y, present), got \(targets.shape)")
        }
        let n = targets.shape[0]
        var points: [Tensor] = [], weights: [Tensor] = []
        targets.withUnsafeBufferPointer { t in
            var offset = 0
            for k in counts {
                var p = Tensor(zeros: [n, k, 2]), w = Tensor(zeros: [n, k, 1])
                p.withUnsafeMutableBufferPointer { pb in
                    w.withUnsafeMutableBufferPointer { wb in
                        for i in 0..<n {
                            var present: Float = 0
                            for l in 0..<k { present += t[(i &* total &+ offset &+ l) &* 3 &+ 2] }
                            let norm = present > 0 ? 1 / (Float(inputSize) * present) : 0
                            for l in 0..<k {
                                let src = (i &* total &+ offset &+ l) &* 3
                                pb[(i &* k &+ l) &* 2] = t[src]
                                pb[(i &* k &+ l) &* 2 &+ 1] = t[src &+ 1]
                                wb[i &* k &+ l] = t[src &+ 2] * norm
                            }
                        }
                    }
                }
                points.append(p)
                weights.append(w)
                offset += k
            }
        }
        self.points = points
        self.weights = weights
    }
}

/// Weighted intermediate supervision (spec §3.7):
/// `L = Σ_k λ_k Σ_m ω_m · mean_n [ Σ_l a_{m,l} (|x̂ − x| + |ŷ − y|) / (S · Σ_l a_{m,l}) ]`.
public enum DeCaFALoss {
    public static func loss(_ output: DeCaFAOutput, targets: DeCaFATargets, stageWeights: [Float],
                            taskWeights: [Float]) throws -> Variable {
        var total: Variable?
        let n = Float(max(1, targets.points.first?.shape[0] ?? 1))
        for (k, stage) in output.points.enumerated() where stageWeights[k] > 0 {
            for (m, predicted) in stage.enumerated() where taskWeights[m] > 0 {
                let diff = try (predicted - Variable(targets.points[m])).abs()
                let term = try (diff * Variable(targets.weights[m])).sum() * (stageWeights[k] * taskWeights[m] / n)
                total = try total.map { try $0 + term } ?? term
            }
        }
        guard let total else { throw NNError.invalidArgument("DeCaFA loss: every stage or task weight is zero") }
        return total
    }
}
