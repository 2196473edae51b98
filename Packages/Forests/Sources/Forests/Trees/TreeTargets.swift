import Tensor

/// What a tree learns: class labels, or target vectors (multi-output regression).
struct TreeTargets: Sendable {
    /// Class of each sample (classification), else empty.
    let labels: [Int32]
    /// Row-major [samples, outputCount] (regression), else empty.
    let values: [Float]
    /// Classes (classification) or outputs (regression).
    let outputCount: Int
    let isClassification: Bool
    var sampleCount: Int { isClassification ? labels.count : values.count / max(outputCount, 1) }

    static func classes(_ labels: [Int], classCount: Int?, sampleCount: Int) throws -> TreeTargets {
        guard labels.count == sampleCount else {
            throw ForestError.invalidArgument("fit: \(labels.count) labels for \(sampleCount) samples; give one label per sample")
        }
        guard let lowest = labels.min(), let highest = labels.max() else {
            throw ForestError.invalidArgument("fit: no training samples; give at least one")
        }
        guard lowest >= 0 else { throw ForestError.invalidArgument("fit: label \(lowest) is negative; labels must be class indices 0..<classCount") }
        let c = classCount ?? highest + 1
        guard highest < c else {
            throw ForestError.invalidArgument("fit: label \(highest) is not below classCount \(c); pass a larger classCount or fix the labels")
        }
        return TreeTargets(labels: labels.map { Int32($0) }, values: [], outputCount: c, isClassification: true)
    }

    /// From a [samples] or [samples, outputs] tensor.
    static func regression(_ targets: Tensor, sampleCount: Int) throws -> TreeTargets {
        guard (targets.rank == 1 || targets.rank == 2), targets.shape[0] == sampleCount, sampleCount > 0 else {
            throw ForestError.invalidArgument("fit: targets of shape \(targets.shape) do not fit \(sampleCount) samples; give [\(sampleCount)] or [\(sampleCount), outputs]")
        }
        guard !targets.hasNonFinite else { throw ForestError.invalidArgument("fit: targets hold NaN or infinite values; drop or impute them") }
        let k = targets.rank == 2 ? targets.shape[1] : 1
        guard k >= 1 else { throw ForestError.invalidArgument("fit: targets have no outputs") }
        return TreeTargets(labels: [], values: targets.scalars, outputCount: k, isClassification: false)
    }
}

/// Turns per-sample weights, a subset (with repeats) and class weights into one weight per
/// sample; repeats add up, so a bootstrap sample is just integer weights.
func combinedWeights(sampleCount n: Int, indices: [Int]?, sampleWeights: [Float]?, classWeights: [Double]?, labels: [Int32]) throws -> [Double] {
    var w = [Double](repeating: indices == nil ? 1 : 0, count: n)
    if let indices {
        for i in indices {
            guard i >= 0 && i < n else { throw ForestError.invalidArgument("fit: sample index \(i) is outside 0..<\(n)") }
            w[i] += 1
        }
    }
    if let sampleWeights {
        guard sampleWeights.count == n else {
            throw ForestError.invalidArgument("fit: \(sampleWeights.count) sample weights for \(n) samples; give one weight per sample")
        }
        for i in 0..<n {
            let s = sampleWeights[i]
            guard s >= 0, s.isFinite else { throw ForestError.invalidArgument("fit: sample weight \(s) at \(i) must be finite and ≥ 0") }
            w[i] *= Double(s)
        }
    }
    if let classWeights {
        for i in 0..<n { w[i] *= classWeights[Int(labels[i])] }
    }
    return w
}

/// Per-class weights for `labels` (`.balanced`: n / (C · n_c)).
func resolveClassWeights(_ cw: ClassWeight?, labels: [Int32], classCount: Int) throws -> [Double]? {
    switch cw {
    case nil: return nil
    case .custom(let w):
        guard w.count == classCount, w.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw ForestError.invalidArgument("classWeight: need \(classCount) finite weights ≥ 0, got \(w.count)")
        }
        return w.map(Double.init)
    case .balanced:
        var counts = [Double](repeating: 0, count: classCount)
        for l in labels { counts[Int(l)] += 1 }
        let n = Double(labels.count)
        return counts.map { $0 > 0 ? n / (Double(classCount) * $0) : 0 }
    }
}
