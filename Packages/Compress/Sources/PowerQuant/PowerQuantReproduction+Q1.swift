import CompressCore
import Foundation
import NN
import Registry
import Tensor

extension PowerQuantReproduction {
    /// The three quantizers compared in Q1.
    enum Variant: String, CaseIterable {
        case uniform = "uniform RTN (a = 1)"
        case perLayer = "PowerQuant per-layer a*"
        case global = "PowerQuant global a*"

        func quantize(_ model: ModelGraph, bits: Int, granularity: Granularity) throws -> CompressionResult {
            let target = QuantizationTarget(weightBits: bits, granularity: granularity)
            switch self {
            case .uniform:
                return try UniformQuantizer().quantize(model, target: target, data: nil)
            case .perLayer, .global:
                var config = PowerQuantConfig()
                config.exponentScope = self == .global ? .global : .perLayer
                return try PowerQuantQuantizer(config).quantize(model, target: target, data: nil)
            }
        }
    }

    /// Q1: uniform vs PowerQuant on mlp-digits, weights only, every bit-width and granularity.
    static func runQ1(_ models: [ModelZoo.TrainedModel], test: TensorDataset, _ options: ReproductionOptions) throws -> ReproductionClaim {
        options.log("Q1 - mlp-digits, weights only (activations float, biases float), \(models.count) seeds: test accuracy %")
        var table = ResultTable(header: ["bits", "granularity", "quantizer", "mean (min)", "per seed", "E(a)/E(1)", "a* (global | per layer)"])
        let floatAccuracy = models.map(\.testAccuracy)
        table.append(["32", "-", "float", ReproStats.meanMin(floatAccuracy), ReproStats.percents(floatAccuracy), "-", "-"])
        var accuracy: [String: [Double]] = [:]
        var failures: [String] = []
        var globalExponents: [String: [Double]] = [:]
        for bits in [2, 3, 4, 8] {
            for granularity in [Granularity.perTensor, .perChannel] {
                for variant in Variant.allCases {
                    var accs: [Double] = [], ratios: [Double] = [], globals: [Double] = [], layerExponents: [[Double]] = []
                    for (s, model) in models.enumerated() {
                        let result = try variant.quantize(model.graph, bits: bits, granularity: granularity)
                        guard result.report.dataAccess == .none else { failures.append("\(variant) read data"); continue }
                        accs.append(try ModelZoo.accuracy(result.model, on: test))
                        let e = ReproStats.totalError(result.report), e1 = ReproStats.totalError(result.report, key: "error-uniform")
                        if variant != .uniform {
                            ratios.append(e / e1)
                            globals.append(Double(result.report.hyperparameters["global-exponent"] ?? "") ?? .nan)
                            layerExponents.append(result.report.perLayer.map { $0.details["layer-exponent"] ?? .nan })
                            if bits >= 3 && !(e < e1) {
                                failures.append(String(format: "W%d %@ %@ seed %d: E(a*) %.4g not below E(1) %.4g", bits,
                                                       granularity.rawValue, variant.rawValue, s, e, e1))
                            }
                        }
                    }
                    accuracy["\(bits)-\(granularity.rawValue)-\(variant)"] = accs
                    if variant == .global { globalExponents["\(bits)-\(granularity.rawValue)"] = globals }
                    let exponentText: String
                    if variant == .uniform {
                        exponentText = "1"
                    } else {
                        let perLayerMeans = (0..<(layerExponents.first?.count ?? 0)).map { l in ReproStats.mean(layerExponents.map { $0[l] }) }
                        exponentText = String(format: "%.2f | ", ReproStats.mean(globals)) + perLayerMeans.map { String(format: "%.2f", $0) }.joined(separator: "/")
                    }
                    table.append(["W\(bits)", granularity.rawValue, variant.rawValue, ReproStats.meanMin(accs), ReproStats.percents(accs),
                                  variant == .uniform ? "1" : String(format: "%.3f", ReproStats.mean(ratios)), exponentText])
                }
            }
        }
        options.log(table.render())
        options.log("E(a)/E(1): summed weight reconstruction error at the exponents used over that of uniform, mean over seeds; "
                    + "a*: global exponent (mean over seeds) | per-layer exponents fc1/fc2/fc3 (mean over seeds).")

        // Acceptance (spec): W3 per-tensor gain, E(a*) < E(1), global a* range, W8 near float.
        let uniform3 = accuracy["3-per-tensor-\(Variant.uniform)"]!, power3 = accuracy["3-per-tensor-\(Variant.perLayer)"]!
        let gain = ReproStats.mean(power3) - ReproStats.mean(uniform3)
        let better = zip(power3, uniform3).filter { $0 > $1 }.count
        let needBetter = Int((0.8 * Double(models.count)).rounded(.up))
        if gain < 0.01 { failures.append(String(format: "W3 per-tensor gain %.1f points < 1.0", 100 * gain)) }
        if better < needBetter { failures.append("W3 per-tensor better on \(better)/\(models.count) seeds < \(needBetter)") }
        for key in ["3-per-tensor", "3-per-channel", "4-per-tensor", "4-per-channel"] {
            let a = ReproStats.mean(globalExponents[key]!)
            if !(a > 0.3 && a < 0.95) { failures.append(String(format: "global a* %.2f at %@ outside (0.3, 0.95)", a, key)) }
        }
        let floatMean = ReproStats.mean(floatAccuracy)
        for granularity in Granularity.allCases {
            for variant in Variant.allCases {
                let drop = floatMean - ReproStats.mean(accuracy["8-\(granularity.rawValue)-\(variant)"]!)
                if abs(drop) > 0.003 { failures.append(String(format: "W8 %@ %@ %.1f points from float", granularity.rawValue, variant.rawValue, 100 * drop)) }
            }
        }
        let summary = String(format: "W3 per-tensor %@ -> %@ %% (+%.1f points, better on %d/%d seeds)",
                             ReproStats.percent(ReproStats.mean(uniform3)), ReproStats.percent(ReproStats.mean(power3)), 100 * gain,
                             better, models.count)
            + String(format: ", global a* %.2f", ReproStats.mean(globalExponents["3-per-tensor"]!))
            + (failures.isEmpty ? ", E(a*) < E(1) everywhere at W>=3, W8 within 0.3 of float" : "; failed: " + failures.joined(separator: "; "))
        return ReproductionClaim(experiment: "Q1", holds: failures.isEmpty, summary: summary)
    }
}
