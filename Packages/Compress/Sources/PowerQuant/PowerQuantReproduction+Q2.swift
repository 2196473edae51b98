import CompressCore
import Foundation
import NN
import Registry
import Tensor

extension PowerQuantReproduction {
    /// Q2: is the weight reconstruction error a usable stand-in for accuracy? W3 per-tensor,
    /// one exponent for every layer, on the search grid: Spearman(−E(a), accuracy(a)).
    static func runQ2(_ models: [ModelZoo.TrainedModel], test: TensorDataset, _ options: ReproductionOptions) throws -> ReproductionClaim {
        let engine = try PowerMapQuantization(bits: 3, granularity: .perTensor)
        let grid = GridThenGolden(range: 0.1...1.5, gridPoints: 141, required: [1]).grid
        var errors = [[Double]](repeating: [], count: models.count), accuracies = errors
        var correlations: [Double] = []
        for (s, model) in models.enumerated() {
            let (folded, layers) = try PowerMapQuantization.prepare(model.graph)
            for a in grid {
                let exponents = Dictionary(uniqueKeysWithValues: layers.map { ($0.name, a) })
                let outcome = try engine.apply(original: model.graph, folded: folded, layers: layers, exponents: exponents)
                errors[s].append(outcome.perLayer.reduce(0) { $0 + $1.details["error"]! })
                accuracies[s].append(try ModelZoo.accuracy(outcome.model, on: test))
            }
            correlations.append(ReproStats.spearman(errors[s].map { -$0 }, accuracies[s]))
        }
        options.log("Q2 - mlp-digits W3 per-tensor, one exponent a for all layers: E(a) and test accuracy on the grid (mean over seeds; every 10th point)")
        var table = ResultTable(header: ["a", "E(a)", "accuracy %"])
        for (i, a) in grid.enumerated() where i % 10 == 0 || a == 1 {
            let e = ReproStats.mean(errors.map { $0[i] }), acc = ReproStats.mean(accuracies.map { $0[i] })
            table.append([String(format: "%.2f", a), String(format: "%.4f", e), ReproStats.percent(acc)])
        }
        options.log(table.render())
        let bestByError = (0..<models.count).map { s in grid[errors[s].indices.min { errors[s][$0] < errors[s][$1] }!] }
        let bestByAccuracy = (0..<models.count).map { s in grid[accuracies[s].indices.max { accuracies[s][$0] < accuracies[s][$1] }!] }
        options.log("Spearman(-E, accuracy) per seed: " + correlations.map { String(format: "%.2f", $0) }.joined(separator: "/")
                    + "; argmin E: " + bestByError.map { String(format: "%.2f", $0) }.joined(separator: "/")
                    + "; argmax accuracy: " + bestByAccuracy.map { String(format: "%.2f", $0) }.joined(separator: "/"))
        let rho = ReproStats.mean(correlations)
        return ReproductionClaim(experiment: "Q2", holds: rho >= 0.6,
                                 summary: String(format: "Spearman(-E, accuracy) over %d grid points %.2f (mean of %d seeds; expected >= 0.6)",
                                                 grid.count, rho, models.count))
    }

    /// Q3 (report only): the decoded PowerQuant model runs the same ops as the uniform one,
    /// so inference time should match; measured on the test set, interleaved runs.
    static func runQ3(_ model: ModelGraph, test: TensorDataset, _ options: ReproductionOptions) throws {
        let target = QuantizationTarget(weightBits: 4, granularity: .perChannel)
        let uniform = try UniformQuantizer().quantize(model, target: target, data: nil).model
        let power = try PowerQuantQuantizer().quantize(model, target: target, data: nil).model
        var times: [[Double]] = [[], []]
        let runs = options.quick ? 10 : 30
        for _ in 0..<3 { _ = try uniform.predict(test.inputs); _ = try power.predict(test.inputs) }
        for _ in 0..<runs {
            for (i, m) in [uniform, power].enumerated() {
                let t = Date()
                _ = try m.predict(test.inputs)
                times[i].append(Date().timeIntervalSince(t) * 1000)
            }
        }
        let medians = times.map { $0.sorted()[$0.count / 2] }
        var table = ResultTable(header: ["model (W4 per-channel, mlp-digits)", "median ms / 360 images", "ratio"])
        table.append(["uniform, decoded", String(format: "%.3f", medians[0]), "1.00"])
        table.append(["PowerQuant, decoded", String(format: "%.3f", medians[1]), String(format: "%.2f", medians[1] / medians[0])])
        options.log("Q3 - inference time (report; decoding happens once at load, \(runs) interleaved runs, release build)")
        options.log(table.render())
    }
}
