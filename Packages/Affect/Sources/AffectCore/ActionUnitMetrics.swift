/// Action-unit metrics: each AU is a binary occurrence task, scored on its own, then averaged.
public enum ActionUnitMetrics {
    /// F1 of one binary task = 2·TP / (2·TP + FP + FN); 0 when there is no positive at all
    /// (neither true nor predicted), as scikit-learn's `zero_division=0`.
    public static func f1(predicted: [Bool], truth: [Bool]) throws -> Double {
        try checkPairs(predicted.count, truth.count, "f1")
        var tp = 0, fp = 0, fn = 0
        for (p, t) in zip(predicted, truth) {
            if p && t { tp += 1 } else if p { fp += 1 } else if t { fn += 1 }
        }
        let denominator = 2 * tp + fp + fn
        return denominator == 0 ? 0 : 2 * Double(tp) / Double(denominator)
    }

    /// Area under the ROC curve of scores against occurrences: the probability that a random
    /// positive scores above a random negative, ties counting 1/2 (Mann–Whitney U with
    /// mid-ranks). nil when the truth has only one class, where the AUC is undefined.
    public static func auc(scores: [Float], truth: [Bool]) throws -> Double? {
        try checkPairs(scores.count, truth.count, "auc")
        guard scores.allSatisfy({ $0.isFinite }) else { throw AffectError.invalidArgument("auc: scores must be finite") }
        let positives = truth.filter { $0 }.count, negatives = truth.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumPositives = 0.0, start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let midRank = Double(start + end) / 2 + 1          // ranks are 1-based
            for k in start...end where truth[order[k]] { rankSumPositives += midRank }
            start = end + 1
        }
        let u = rankSumPositives - Double(positives * (positives + 1)) / 2
        return u / Double(positives * negatives)
    }

    /// Per-AU F1 of column-major score lists (`scores[a]` holds AU a's N scores) thresholded at `threshold`.
    public static func perUnitF1(scores: [[Float]], truth: [[Bool]], threshold: Float = 0.5) throws -> [Double] {
        guard scores.count == truth.count else {
            throw AffectError.invalidArgument("perUnitF1: \(scores.count) AUs of scores but \(truth.count) of labels")
        }
        return try zip(scores, truth).map { try f1(predicted: $0.map { $0 >= threshold }, truth: $1) }
    }

    /// Per-AU AUC (nil for an AU whose labels are all equal).
    public static func perUnitAUC(scores: [[Float]], truth: [[Bool]]) throws -> [Double?] {
        guard scores.count == truth.count else {
            throw AffectError.invalidArgument("perUnitAUC: \(scores.count) AUs of scores but \(truth.count) of labels")
        }
        return try zip(scores, truth).map { try auc(scores: $0, truth: $1) }
    }

    /// Mean of the defined values (what papers report as "average AU F1 / AUC").
    public static func mean(_ values: [Double?]) -> Double? {
        let defined = values.compactMap { $0 }
        return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
    }

    static func checkPairs(_ a: Int, _ b: Int, _ name: String) throws {
        guard a == b, a > 0 else {
            throw AffectError.invalidArgument("\(name): need as many scores as labels and at least one, got \(a) and \(b)")
        }
    }
}
