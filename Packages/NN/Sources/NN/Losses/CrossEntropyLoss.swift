import Tensor

extension Loss {
    /// Cross-entropy of logits [N, C] against integer labels, with optional label smoothing
    /// and class weights, as PyTorch's `cross_entropy(logits, labels, weight:, label_smoothing:)`.
    ///
    /// With log p = logSoftmax(logits), smoothing ε and class weights w (all 1 by default):
    ///
    ///     loss_i = (1 − ε) · w[y_i] · (−log p[i, y_i])  +  (ε / C) · Σ_c w[c] · (−log p[i, c])
    ///
    /// that is, the cross-entropy against the target distribution (1 − ε)·onehot + ε/C, with each
    /// term weighted by its class. `.mean` divides the sum by Σ_i w[y_i] (by N without weights),
    /// the weighted mean PyTorch uses, so a batch's scale does not depend on its class mix.
    /// `.none` returns the N per-sample losses.
    ///
    /// Computed as −Σ_c T[i, c] · log p[i, c] with a constant T: one log-softmax (stable for any
    /// logits) and one product, so the gradient is softmax·Σ_c T[i, c] − T.
    public static func crossEntropy(logits: Variable, labels: IndexTensor, labelSmoothing: Float = 0,
                                    classWeights: Tensor? = nil, reduction: LossReduction = .mean) throws -> Variable {
        guard logits.shape.count == 2 else {
            throw NNError.invalidArgument("crossEntropy: logits must be [N, C], got shape \(logits.shape); flatten extra axes into N first")
        }
        let (n, classes) = (logits.shape[0], logits.shape[1])
        guard labels.count == n else {
            throw NNError.invalidArgument("crossEntropy: \(labels.count) labels for \(n) rows of logits; pass one label per row")
        }
        guard (0...1).contains(labelSmoothing) else {
            throw NNError.invalidArgument("crossEntropy: labelSmoothing must be in [0, 1], got \(labelSmoothing)")
        }
        var weights = [Float](repeating: 1, count: classes)
        if let classWeights {
            guard classWeights.count == classes, classWeights.rank <= 1 else {
                throw NNError.invalidArgument("crossEntropy: classWeights has shape \(classWeights.shape) but the logits have \(classes) classes; pass one weight per class")
            }
            weights = classWeights.scalars
            guard weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw NNError.invalidArgument("crossEntropy: class weights must be finite and ≥ 0, got \(weights)")
            }
        }
        var target = Tensor(zeros: [n, classes])
        var labelWeightSum: Double = 0
        let smooth = labelSmoothing / Float(classes)
        try target.withUnsafeMutableBufferPointer { t in
            for (i, y) in labels.values.enumerated() {
                guard y >= 0 && y < classes else {
                    throw NNError.invalidArgument("crossEntropy: label \(y) at row \(i) is outside 0..<\(classes); labels must be class indices")
                }
                let row = i * classes
                if smooth > 0 { for c in 0..<classes { t[row + c] = smooth * weights[c] } }
                t[row + y] += (1 - labelSmoothing) * weights[y]
                labelWeightSum += Double(weights[y])
            }
        }
        let logProbabilities = try logits.logSoftmax(alongAxis: 1)
        let perSample = -(try (logProbabilities * Variable(target)).sum(alongAxes: [1]))
        switch reduction {
        case .none: return perSample
        case .sum: return perSample.sum()
        case .mean:
            guard labelWeightSum > 0 else {
                throw NNError.invalidArgument("crossEntropy: every label of this batch has class weight 0, so the weighted mean is undefined; use reduction .sum or give those classes weight")
            }
            return perSample.sum() / Float(labelWeightSum)
        }
    }
}
