/// Counts of (true class, predicted class) pairs, and the metrics read from them.
///
/// Per-class F1 follows scikit-learn's `zero_division=0`: a class with no true and no
/// predicted sample has F1 0; `macroF1` averages over the classes that occur in the truth or
/// the predictions (scikit-learn's default label set), so an absent class does not count.
public struct ConfusionMatrix: Hashable, Sendable {
    public let classCount: Int
    /// counts[t][p]: samples of true class t predicted as p.
    public private(set) var counts: [[Int]]

    public init(predicted: [Int], truth: [Int], classCount: Int) throws {
        guard classCount > 0 else { throw AffectError.invalidArgument("ConfusionMatrix: classCount must be positive, got \(classCount)") }
        guard predicted.count == truth.count, !truth.isEmpty else {
            throw AffectError.invalidArgument("ConfusionMatrix: need as many predictions as labels and at least one, got \(predicted.count) and \(truth.count)")
        }
        counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for (i, (p, t)) in zip(predicted, truth).enumerated() {
            guard (0..<classCount).contains(p), (0..<classCount).contains(t) else {
                throw AffectError.invalidArgument("ConfusionMatrix: row \(i) has prediction \(p) / label \(t) outside 0..<\(classCount)")
            }
            counts[t][p] += 1
        }
        self.classCount = classCount
    }

    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
    public var accuracy: Double { Double((0..<classCount).reduce(0) { $0 + counts[$1][$1] }) / Double(total) }

    private func support(_ c: Int) -> Int { counts[c].reduce(0, +) }
    private func predictedCount(_ c: Int) -> Int { counts.reduce(0) { $0 + $1[c] } }

    /// F1 = 2·TP / (2·TP + FP + FN) of class c (0 when the class never occurs nor is predicted).
    public func f1(ofClass c: Int) -> Double {
        let tp = counts[c][c]
        let denominator = support(c) + predictedCount(c)
        return denominator == 0 ? 0 : 2 * Double(tp) / Double(denominator)
    }

    public var perClassF1: [Double] { (0..<classCount).map(f1(ofClass:)) }

    public var macroF1: Double {
        let present = (0..<classCount).filter { support($0) + predictedCount($0) > 0 }
        return present.reduce(0) { $0 + f1(ofClass: $1) } / Double(present.count)
    }

    /// Mean of per-class recalls over classes present in the truth (the "average accuracy"
    /// RAF-DB papers report next to overall accuracy).
    public var balancedAccuracy: Double {
        let present = (0..<classCount).filter { support($0) > 0 }
        return present.reduce(0) { $0 + Double(counts[$1][$1]) / Double(support($1)) } / Double(present.count)
    }
}

/// Expression-classification metrics on class indices.
public enum ClassificationMetrics {
    public static func accuracy(predicted: [Int], truth: [Int]) throws -> Double {
        guard predicted.count == truth.count, !truth.isEmpty else {
            throw AffectError.invalidArgument("accuracy: need as many predictions as labels and at least one, got \(predicted.count) and \(truth.count)")
        }
        return Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(truth.count)
    }

    public static func perClassF1(predicted: [Int], truth: [Int], classCount: Int) throws -> [Double] {
        try ConfusionMatrix(predicted: predicted, truth: truth, classCount: classCount).perClassF1
    }

    public static func macroF1(predicted: [Int], truth: [Int], classCount: Int) throws -> Double {
        try ConfusionMatrix(predicted: predicted, truth: truth, classCount: classCount).macroF1
    }
}
