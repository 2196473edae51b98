import Forests
import Foundation
import NN
import Registry
import Tensor

extension ForestsReproduction {
    /// F3: standardised pixels → Linear 64→64 → neural decision forest (10 trees, depth 5,
    /// half the features per tree), Adam 1e-2 on the linear layer and the split nodes, batch
    /// 64, the fixed-point leaf update before every epoch (alternating training), β annealed
    /// over the second half; then soft routing against greedy routing after a hard leaf refit.
    static func runNeuralForest(_ digits: DigitsSplit, _ options: ReproductionOptions) throws -> ReproductionClaim {
        let seeds = options.seedCount(full: 3, quick: 1)
        let epochs = options.quick ? 15 : 60
        options.log("F3: neural decision forest on the 8x8 digits, \(epochs) epochs, \(seeds) seed(s)")
        let (trainX, testX) = try standardise(digits.trainX, digits.testX)
        var soft: [Double] = [], greedyRaw: [Double] = [], greedyRefit: [Double] = [], worstLeafStep: Float = -.infinity
        for seed in 0..<seeds {
            Initializer.seed(UInt64(seed))
            let linear = Linear(64, 64)
            let forest = try NeuralDecisionForest(trees: 10, depth: 5, inputSize: 64, leaves: .classDistribution(10),
                                                  featureFraction: 0.5, seed: UInt64(seed))
            let optimizer = try Adam(linear.parameters() + forest.decisionParameters(), learningRate: 1e-2)
            let loader = try DataLoader(try TensorDataset(inputs: trainX, labels: IndexTensor(digits.trainY)), batchSize: 64, seed: UInt64(seed))
            let features = { (x: Tensor) throws -> Tensor in try Autograd.noGrad { try linear(Variable(x)).value } }
            for epoch in 0..<epochs {
                forest.beta = NeuralDecisionForest.annealedBeta(progress: Double(epoch) / Double(max(epochs - 1, 1)))
                let z = try features(trainX)
                let before = try forest.trees.map { try $0.logLoss(inputs: z, labels: digits.trainY) }
                try forest.updateLeavesFixedPoint(inputs: z, labels: digits.trainY)
                let after = try forest.trees.map { try $0.logLoss(inputs: z, labels: digits.trainY) }
                for (b, a) in zip(before, after) { worstLeafStep = max(worstLeafStep, a - b) }
                let batches = try loader.batches(epoch: epoch)
                while let batch = try batches.next() {
                    optimizer.zeroGrad()
                    try forest.treeAveragedLogLoss(linear(Variable(batch.inputs)), labels: batch.labels!).backward()
                    try optimizer.step()
                }
            }
            let zTrain = try features(trainX), zTest = try features(testX)
            try forest.updateLeavesFixedPoint(inputs: zTrain, labels: digits.trainY)
            soft.append(try ReproductionMath.accuracy(probabilities: forest.predict(zTest, routing: .soft), digits.testY))
            greedyRaw.append(try ReproductionMath.accuracy(probabilities: forest.predict(zTest, routing: .greedy), digits.testY))
            try forest.refitLeavesGreedy(inputs: zTrain, labels: digits.trainY)
            greedyRefit.append(try ReproductionMath.accuracy(probabilities: forest.predict(zTest, routing: .greedy), digits.testY))
        }
        let gradientError = try decisionGradientError()
        var table = ResultTable(header: ["routing", "test accuracy"])
        table.append(["soft (β = 8 at the end)", ReproductionMath.meanSpread(soft)])
        table.append(["greedy, soft-trained leaves", ReproductionMath.meanSpread(greedyRaw)])
        table.append(["greedy, after hard leaf refit", ReproductionMath.meanSpread(greedyRefit)])
        options.log(table.render())
        options.log("decision-node gradient vs central differences (Float32): max relative error \(String(format: "%.2e", gradientError))")
        options.log("largest change of a tree's training log-loss in one fixed-point leaf update: \(String(format: "%+.2e", worstLeafStep)) (must be ≤ 0)")
        let s = ReproductionMath.mean(soft), g = ReproductionMath.mean(greedyRefit)
        let holds = s >= 0.95 && g >= s - 0.015 && gradientError < 1e-2 && worstLeafStep <= 1e-5
        return ReproductionClaim(experiment: "F3", holds: holds,
                                 summary: "soft \(ReproductionMath.fixed(s)) (bar 0.95), greedy \(ReproductionMath.fixed(g)) (bar soft − 0.015), gradient error \(String(format: "%.1e", gradientError)), leaf update never raised the loss: \(worstLeafStep <= 1e-5)")
    }

    /// Per-column standardisation with the training statistics (constant columns stay 0).
    static func standardise(_ train: Tensor, _ test: Tensor) throws -> (Tensor, Tensor) {
        let mean = try train.mean(alongAxes: [0], keepingDimensions: true)
        let centred = try train - mean
        let std = try centred.squared().mean(alongAxes: [0], keepingDimensions: true).sqrt()
        let safe = std.map { $0 > 1e-6 ? $0 : 1 }
        return (try centred / safe, try (test - mean) / safe)
    }

    /// The largest relative error between back-propagated and finite-difference gradients of
    /// the split nodes of a small forest (3 trees, depth 3) on 4 digits.
    static func decisionGradientError() throws -> Float {
        Initializer.seed(11)
        let digits = try Digits.loadAll(layout: .flat)
        let x = try digits.inputs.indexSelect(alongAxis: 0, Array(0..<4))
        let labels = IndexTensor(Array(digits.labels!.values.prefix(4)))
        let forest = try NeuralDecisionForest(trees: 3, depth: 3, inputSize: 64, leaves: .classDistribution(10), seed: 11)
        // Uniform initial leaves make the loss flat in the split nodes; fit them first.
        try forest.updateLeavesFixedPoint(inputs: x, labels: labels.values)
        return try GradientCheck.maxRelativeError(variables: forest.decisionParameters(), step: 1e-2) {
            try forest.treeAveragedLogLoss(Variable(x), labels: labels)
        }
    }
}
