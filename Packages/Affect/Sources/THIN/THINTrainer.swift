import Forests
import Foundation
import NN
import Tensor

/// THIN's training recipe (`thin.md`, Training):
/// 1. train E on the nuisance task (`fitExogenous`), then freeze it;
/// 2. train F, the gate and the heads jointly (`fit`) with Adam, λ_dis ramped from 0 to its
///    value over the first `dispelRampFraction` of the steps.
/// Shuffling is seeded per epoch, so a seed gives the same model on the same machine.
public enum THINTrainer {
    /// Mean loss of each epoch.
    public typealias History = [Float]

    /// E by MSE regression on continuous nuisance targets [N, T] (rotation (cos θ, sin θ), log scale).
    @discardableResult
    public static func fitExogenous(_ e: ExogenousNetwork, inputs: Tensor, targets: Tensor, epochs: Int = 30,
                                    batchSize: Int = 128, learningRate: Float = 1e-3, weightDecay: Float = 1e-4,
                                    seed: UInt64 = 0) throws -> History {
        guard targets.rank == 2, targets.shape[0] == inputs.shape.first, targets.shape[1] == e.head.outputSize else {
            throw THINError.invalidInput("exogenous targets must be [N, \(e.head.outputSize)] for \(inputs.shape.first ?? 0) inputs, got \(targets.shape)")
        }
        return try loop(e.parameters(), module: e, count: inputs.shape[0], epochs: epochs, batchSize: batchSize,
                        learningRate: learningRate, weightDecay: weightDecay, seed: seed) { rows, _ in
            try Loss.mse(e(Variable(inputs.indexSelect(alongAxis: 0, rows))), Variable(targets.indexSelect(alongAxis: 0, rows)))
        }
    }

    /// E by cross-entropy on nuisance classes (identities for FER).
    @discardableResult
    public static func fitExogenous(_ e: ExogenousNetwork, inputs: Tensor, classes: [Int], epochs: Int = 30,
                                    batchSize: Int = 128, learningRate: Float = 1e-3, weightDecay: Float = 1e-4,
                                    seed: UInt64 = 0, log: ((Int, Float) -> Void)? = nil) throws -> History {
        guard classes.count == inputs.shape.first else {
            throw THINError.invalidInput("\(classes.count) nuisance classes for \(inputs.shape.first ?? 0) inputs; pass one per row")
        }
        return try loop(e.parameters(), module: e, count: inputs.shape[0], epochs: epochs, batchSize: batchSize,
                        learningRate: learningRate, weightDecay: weightDecay, seed: seed, log: log) { rows, _ in
            try Loss.crossEntropy(logits: e(Variable(inputs.indexSelect(alongAxis: 0, rows))), labels: IndexTensor(rows.map { classes[$0] }))
        }
    }

    /// F, gate and heads with THIN's loss, under `model.config` (epochs, batch, Adam, λ's).
    @discardableResult
    public static func fit(_ model: THINModel, inputs: Tensor, labels: [Int], gatingInputs: Tensor? = nil,
                           log: ((Int, Float) -> Void)? = nil) throws -> History {
        let c = model.config
        guard labels.count == inputs.shape.first, labels.allSatisfy({ (0..<model.classCount).contains($0) }) else {
            throw THINError.invalidInput("need one label in 0..<\(model.classCount) per input row, got \(labels.count) labels for \(inputs.shape.first ?? 0) rows")
        }
        if model.config.gateInput == .external && gatingInputs == nil {
            throw THINError.invalidInput("this model gates on an external input; pass gatingInputs for the training rows")
        }
        let n = inputs.shape[0]
        try centreTreeGate(model, inputs: inputs, gatingInputs: gatingInputs)
        let stepsPerEpoch = (n + c.batchSize - 1) / c.batchSize
        let rampSteps = Float(c.epochs * stepsPerEpoch) * c.dispelRampFraction
        var step = 0
        return try loop(model.trainableParameters, module: model, count: n, epochs: c.epochs, batchSize: c.batchSize,
                        learningRate: c.learningRate, weightDecay: c.weightDecay, seed: c.seed, log: log) { rows, _ in
            let ramp = rampSteps > 0 ? min(1, Float(step) / rampSteps) : 1
            step += 1
            return try model.loss(inputs.indexSelect(alongAxis: 0, rows), labels: rows.map { labels[$0] },
                                  gatingInput: gatingInputs.map { try $0.indexSelect(alongAxis: 0, rows) },
                                  dispelWeight: c.dispelWeight * ramp).total
        }
    }

    /// Passes every initial split of a tree gate near the median of the gating inputs of (up to
    /// 1024 of) the training rows, so no predictor starts starved. Done here rather than at
    /// construction because z_x only means something once E is trained.
    static func centreTreeGate(_ model: THINModel, inputs: Tensor, gatingInputs: Tensor?) throws {
        guard let tree = model.mixture.gate as? TreeGate else { return }
        var rng = RandomGenerator(seed: model.config.seed &+ 17)
        let rows = Array(rng.permutation(inputs.shape[0]).prefix(1024))
        let x = try inputs.indexSelect(alongAxis: 0, rows)
        let sample: Tensor
        switch model.config.gateInput {
        case .external: sample = try gatingInputs!.indexSelect(alongAxis: 0, rows)
        case .exogenous: sample = try model.evaluateInBatches(x) { $0.exogenous.value }
        case .endogenous: sample = try model.evaluateInBatches(x) { $0.endogenous.value }
        }
        try tree.router.centreBiases(onSample: sample)
    }

    /// The shared minibatch loop: seeded shuffle per epoch, last batch kept when it has ≥ 2
    /// rows (batch statistics of one row are meaningless).
    static func loop(_ parameters: [Variable], module: Module, count n: Int, epochs: Int, batchSize: Int,
                     learningRate: Float, weightDecay: Float, seed: UInt64, log: ((Int, Float) -> Void)? = nil,
                     lossOf: ([Int], Int) throws -> Variable) throws -> History {
        guard n >= 2, epochs > 0, batchSize >= 2 else {
            throw THINError.invalidInput("training needs ≥ 2 rows, epochs > 0 and batch size ≥ 2, got \(n), \(epochs), \(batchSize)")
        }
        let optimizer = try Adam(parameters, learningRate: learningRate, weightDecay: weightDecay)
        module.train()
        var history: History = []
        for epoch in 0..<epochs {
            var order = Array(0..<n)
            var shuffler = RandomGenerator(seed: seed &* 7_919 &+ UInt64(epoch))
            shuffler.shuffle(&order)
            var total: Float = 0, batches = 0
            for start in stride(from: 0, to: n, by: batchSize) where min(start + batchSize, n) - start >= 2 {
                let rows = Array(order[start..<min(start + batchSize, n)])
                optimizer.zeroGrad()
                let loss = try lossOf(rows, epoch)
                try loss.backward()
                try optimizer.step()
                total += loss.value.scalars[0]
                batches += 1
            }
            history.append(total / Float(max(batches, 1)))
            log?(epoch, history.last!)
        }
        module.eval()
        return history
    }
}
