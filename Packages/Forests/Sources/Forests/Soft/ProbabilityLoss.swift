import NN
import Tensor

/// Losses on probabilities (tree and forest outputs, probability-mixing gates), where
/// `Loss.crossEntropy` would expect logits.
public enum ProbabilityLoss {
    /// Smallest probability the log sees: −log(1e-12) ≈ 27.6 bounds the loss of a sure mistake.
    public static let floor: Float = 1e-12

    /// −log P[i, y_i] per row ([N]) or averaged (`.mean`) / summed (`.sum`).
    public static func negativeLogLikelihood(probabilities p: Variable, labels: IndexTensor,
                                             reduction: LossReduction = .mean) throws -> Variable {
        guard p.shape.count == 2, labels.count == p.shape[0] else {
            throw NNError.invalidArgument("negativeLogLikelihood: expected probabilities [N, C] and N labels, got \(p.shape) and \(labels.count) labels")
        }
        let oneHot = try oneHotMatrix(labels.values, classes: p.shape[1])
        let perSample = -(try (p.clamped(floor, 1).log() * Variable(oneHot)).sum(alongAxes: [1]))
        switch reduction {
        case .none: return perSample
        case .sum: return perSample.sum()
        case .mean: return perSample.mean()
        }
    }

    /// [N, C] with a 1 at (i, labels[i]).
    static func oneHotMatrix(_ labels: [Int], classes: Int) throws -> Tensor {
        var t = Tensor(zeros: [labels.count, classes])
        try t.withUnsafeMutableBufferPointer { b in
            for (i, y) in labels.enumerated() {
                guard (0..<classes).contains(y) else {
                    throw NNError.invalidArgument("label \(y) at row \(i) is outside 0..<\(classes); labels must be class indices")
                }
                b[i * classes + y] = 1
            }
        }
        return t
    }
}
