import CompressCore
import Foundation
import NN
import Registry
import Tensor

extension PowerQuantReproduction {
    /// A small residual CNN with depthwise-separable blocks and batch norm on the 8×8 digits
    /// (the zoo has no batch-norm model yet): conv3×3 1→16, BN, ReLU; block [dw3×3, BN, ReLU,
    /// pw1×1, BN] + identity, ReLU; avg-pool 2; conv3×3 16→32, BN, ReLU; the same block at 32;
    /// global average pool; dense 32→10. Convs carry no bias (BN supplies it).
    static func buildResidualBNCNN(seed: UInt64) throws -> ModelGraph {
        Initializer.seed(seed)
        var b = GraphBuilder(inputShape: [1, 8, 8])
        func convBN(_ x: String, out: Int, kernel: Int, _ name: String, relu: Bool = true) -> String {
            let y = b.batchNorm(b.conv2d(x, out: out, kernel: kernel, padding: kernel / 2, bias: false, name: name), name: "\(name)_bn")
            return relu ? b.relu(y, name: "\(name)_relu") : y
        }
        func block(_ x: String, _ name: String) -> String {
            var y = b.depthwiseConv2d(x, kernel: 3, padding: 1, bias: false, name: "\(name)_dw")
            y = b.relu(b.batchNorm(y, name: "\(name)_dw_bn"), name: "\(name)_dw_relu")
            y = convBN(y, out: b.shape(of: x)[0], kernel: 1, "\(name)_pw", relu: false)
            return b.relu(b.add([x, y], name: "\(name)_add"), name: "\(name)_relu")
        }
        var x = convBN(b.input, out: 16, kernel: 3, "conv1")
        x = block(x, "block1")
        x = b.avgPool(x, kernel: 2, name: "pool")
        x = convBN(x, out: 32, kernel: 3, "conv2")
        x = block(x, "block2")
        x = b.dense(b.flatten(b.globalAvgPool(x, name: "gap"), name: "flat"), out: 10, name: "fc")
        return try b.build(output: x)
    }

    /// Trains the residual BN CNN (Adam 2e-3, weight decay 5e-4, batch 64, seeded order).
    static func trainResidualBNCNN(seed: UInt64, epochs: Int, train: TensorDataset) throws -> ModelGraph {
        try ModelZoo.fit(try buildResidualBNCNN(seed: seed), on: train, epochs: epochs, learningRate: 2e-3,
                         weightDecay: 5e-4, seed: seed, label: "residual BN CNN", progress: false)
    }

    /// Q1b: weights and activations on models with batch norm, data-free ranges from batch
    /// norm: the zoo's residual-mnist (MNIST 5,000 subset) and the residual BN CNN on digits.
    static func runQ1b(seeds: [UInt64], _ options: ReproductionOptions) throws -> ReproductionClaim {
        var failures: [String] = [], gains: [String] = []
        // The zoo's residual depthwise CNN on MNIST-5000 (the spec's model); one seed in --quick, it is the slow one.
        let mnistSeeds = Array(seeds.prefix(options.quick ? 1 : seeds.count))
        let mnistEpochs = options.quick ? 3 : MNISTZoo.Architecture.residualMNIST.recipe.epochs
        var start = Date()
        let mnist = try mnistSeeds.map { try MNISTZoo.train(.residualMNIST, seed: $0, epochs: mnistEpochs) }
        let mnistTest = try MNISTSubset.load(layout: .image).test
        options.log(String(format: "Q1b - residual-mnist (zoo, MNIST 5,000: 4,000 train / 1,000 test; %d epochs, %d seeds, trained in %.0f s)",
                           mnistEpochs, mnistSeeds.count, Date().timeIntervalSince(start)))
        try compareWithActivations(mnist.map(\.graph), test: mnistTest, label: "residual-mnist", options, failures: &failures, gains: &gains)

        let epochs = options.quick ? 8 : 30
        let (train, test) = try ModelZoo.digits(for: .cnnDigits)
        start = Date()
        let digits = try seeds.map { try trainResidualBNCNN(seed: $0, epochs: epochs, train: train) }
        options.log(String(format: "Q1b - residual BN CNN on digits (built here; %d epochs, %d seeds, trained in %.0f s)",
                           epochs, seeds.count, Date().timeIntervalSince(start)))
        try compareWithActivations(digits, test: test, label: "digits BN CNN", options, failures: &failures, gains: &gains)

        let summary = "PowerQuant - uniform (points): " + gains.joined(separator: ", ")
            + (failures.isEmpty ? "; data-free, never below uniform by more than one test image" : "; failed: " + failures.joined(separator: "; "))
        return ReproductionClaim(experiment: "Q1b", holds: failures.isEmpty, summary: summary)
    }

    /// Uniform vs PowerQuant at W8/A8, W4, W4/A8, W4/A4 and W3 (A32 = float activations), per-channel weights,
    /// activation ranges from the batch-norm prior (k = 6), the network input left float.
    static func compareWithActivations(_ models: [ModelGraph], test: TensorDataset, label: String, _ options: ReproductionOptions,
                                       failures: inout [String], gains: inout [String]) throws {
        let floatAccuracy = try models.map { try ModelZoo.accuracy($0, on: test) }
        let image = 1 / Double(test.count)
        var table = ResultTable(header: ["setting", "quantizer", "mean (min)", "per seed", "E(a)/E(1)", "activation a"])
        table.append(["float", "-", ReproStats.meanMin(floatAccuracy), ReproStats.percents(floatAccuracy), "-", "-"])
        for (weightBits, activationBits) in [(8, 8), (4, nil), (4, 8), (4, 4), (3, nil)] as [(Int, Int?)] {
            let setting = "W\(weightBits)/" + (activationBits.map { "A\($0)" } ?? "A32")
            var means: [Double] = []
            for power in [false, true] {
                var accs: [Double] = [], ratios: [Double] = [], activationExponents: [Double] = []
                for model in models {
                    let target = QuantizationTarget(weightBits: weightBits, activationBits: activationBits, granularity: .perChannel)
                    let result = power ? try PowerQuantQuantizer().quantize(model, target: target, data: nil)
                                       : try UniformQuantizer().quantize(model, target: target, data: nil)
                    if result.report.dataAccess != .none { failures.append("\(label) \(setting) read data") }
                    accs.append(try ModelZoo.accuracy(result.model, on: test))
                    ratios.append(ReproStats.totalError(result.report) / ReproStats.totalError(result.report, key: "error-uniform"))
                    activationExponents.append(Double(result.report.hyperparameters["activation-exponent"] ?? "1") ?? 1)
                }
                means.append(ReproStats.mean(accs))
                table.append([setting, power ? "PowerQuant" : "uniform", ReproStats.meanMin(accs), ReproStats.percents(accs),
                              power ? String(format: "%.3f", ReproStats.mean(ratios)) : "1",
                              activationBits == nil ? "-" : String(format: "%.2f", ReproStats.mean(activationExponents))])
            }
            let gain = means[1] - means[0]
            gains.append(String(format: "%@ %@ %+.1f", label, setting, 100 * gain))
            // One test image: PowerQuant may not fall below uniform by more.
            if gain < -image - 1e-9 { failures.append(String(format: "%@ %@: PowerQuant %.1f points below uniform", label, setting, -100 * gain)) }
        }
        options.log(table.render())
        options.log("per-channel weights; activation a: the one global exponent of the activation fake-quant (1 for uniform); "
                    + "ranges m = max_c(beta_c + 6|gamma_c|) of the batch norm before each layer input; network input float.")
    }
}
