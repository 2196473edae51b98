import Tensor

/// Scores of a forest on labelled rows, printable as `name: value` lines.
public struct ForestEvaluation: Sendable {
    /// Metric names and values, in print order.
    public var metrics: [(name: String, value: Double)]
    /// Per-class F1 (classification only), by class name.
    public var perClassF1: [(name: String, value: Double)]

    public func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }

    static func classification(truth: [Int], predicted: [Int], classNames: [String]) -> ForestEvaluation {
        let k = classNames.count
        var tp = [Int](repeating: 0, count: k), fp = tp, fn = tp
        var right = 0
        for (t, p) in zip(truth, predicted) {
            if t == p { right += 1; tp[t] += 1 } else { fp[p] += 1; fn[t] += 1 }
        }
        var f1 = [(name: String, value: Double)]()
        var present = 0, sum = 0.0
        for c in 0..<k where tp[c] + fn[c] > 0 {   // classes absent from the truth have no recall
            let denominator = 2 * tp[c] + fp[c] + fn[c]
            let score = denominator > 0 ? Double(2 * tp[c]) / Double(denominator) : 0
            f1.append((classNames[c], score))
            present += 1
            sum += score
        }
        return ForestEvaluation(metrics: [("rows", Double(truth.count)),
                                          ("accuracy", truth.isEmpty ? 0 : Double(right) / Double(truth.count)),
                                          ("macro_f1", present > 0 ? sum / Double(present) : 0)],
                                perClassF1: f1)
    }

    static func regression(truth: Tensor, predicted: Tensor) -> ForestEvaluation {
        let t = truth.scalars, p = predicted.scalars
        var absolute = 0.0, squared = 0.0
        for (a, b) in zip(t, p) { let d = Double(a - b); absolute += abs(d); squared += d * d }
        let n = Double(max(t.count, 1))
        return ForestEvaluation(metrics: [("rows", Double(truth.shape[0])), ("r2", r2Score(truth: truth, prediction: predicted)),
                                          ("mae", absolute / n), ("rmse", (squared / n).squareRoot())],
                                perClassF1: [])
    }
}
