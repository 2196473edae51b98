import AffectCore
import NN
import Tensor

/// THIN as the `expression` task's recognizer: aligned crops [N] + `inputShape` in, class
/// probabilities out. The exogenous-gated models need no extra input at inference; an
/// oracle-gated (external) model cannot serve here.
extension THINModel: ExpressionRecognizer {
    public func probabilities(_ crops: Tensor) throws -> Tensor {
        try validateCrops(crops)
        guard config.gateInput != .external else {
            throw THINError.invalidInput("this model gates on an external input; it cannot recognise crops alone, use forward(_:gatingInput:)")
        }
        return try predictProbabilities(flattensInput ? crops.reshaped([crops.shape[0], -1]) : crops)
    }

    /// Mixture probabilities in evaluation mode, without gradients, `batchSize` rows at a time.
    public func predictProbabilities(_ x: Tensor, gatingInput: Tensor? = nil, batchSize: Int = 512) throws -> Tensor {
        try evaluateInBatches(x, gatingInput: gatingInput, batchSize: batchSize) { $0.probabilities.value }
    }

    /// Any per-row quantity of the forward pass (gate weights, z_n, ...) over a whole set.
    public func evaluateInBatches(_ x: Tensor, gatingInput: Tensor? = nil, batchSize: Int = 512,
                                  _ pick: (THINOutput) throws -> Tensor) throws -> Tensor {
        let wasTraining = isTraining
        eval()
        defer { train(wasTraining) }
        let n = x.shape[0]
        var parts: [Tensor] = []
        for start in stride(from: 0, to: n, by: max(1, batchSize)) {
            let rows = Array(start..<min(start + batchSize, n))
            let g = try gatingInput.map { try $0.indexSelect(alongAxis: 0, rows) }
            parts.append(try Autograd.noGrad { try pick(forward(x.indexSelect(alongAxis: 0, rows), gatingInput: g)) })
        }
        return try Tensor.concatenate(parts, alongAxis: 0)
    }
}
