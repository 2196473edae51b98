import Forests
import Foundation
import NN
import Registry
import Tensor

/// `facet reproduce forests`: the forest machinery's claims re-measured on the 8x8 digits
/// (70/30 stratified split, seed 0) and a toy gated regression:
/// F1 CART and random-forest accuracy; F2 conditional forests on rotated digits; F3 neural
/// decision forests, soft against greedy routing; F4 the tree-gated mixture against a
/// single expert, uniform averaging and a flat softmax gate.
public enum ForestsReproduction: MethodReproduction {
    public static let methodID = "forests"
    public static let title = "Random, conditional and neural decision forests and tree gates against their baselines"

    public static func run(_ options: ReproductionOptions) throws -> [ReproductionClaim] {
        let digits = try DigitsSplit.load()
        var claims: [ReproductionClaim] = []
        for experiment in [runCART, runConditional, runNeuralForest, runTreeGate] {
            let start = Date()
            let claim = try experiment(digits, options)
            options.log(claim.line + String(format: "  (%.0f s)", Date().timeIntervalSince(start)))
            options.log("")
            claims.append(claim)
        }
        return claims
    }
}

/// The spec's split of the 8x8 digits: stratified 70/30 with seed 0, pixels / 16.
struct DigitsSplit {
    let trainX: Tensor, trainY: [Int], testX: Tensor, testY: [Int]

    static func load() throws -> DigitsSplit {
        let all = try Digits.loadAll(layout: .flat)
        let labels = all.labels!.values
        let parts = try stratifiedSplit(labels: labels, fractions: [0.7, 0.3], seed: 0)
        return DigitsSplit(trainX: try all.inputs.indexSelect(alongAxis: 0, parts[0]), trainY: parts[0].map { labels[$0] },
                           testX: try all.inputs.indexSelect(alongAxis: 0, parts[1]), testY: parts[1].map { labels[$0] })
    }
}

/// Shared arithmetic of the experiments.
enum ReproductionMath {
    static func accuracy(_ predicted: [Int], _ truth: [Int]) -> Double {
        Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(max(truth.count, 1))
    }

    static func accuracy(probabilities p: Tensor, _ truth: [Int]) throws -> Double {
        accuracy(try p.argmax(alongAxis: 1).values, truth)
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(xs.count, 1)) }

    static func std(_ xs: [Double]) -> Double {
        guard xs.count > 1 else { return 0 }
        let m = mean(xs)
        return (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
    }

    /// `0.9712 ± 0.0031` (the spread is the sample standard deviation over seeds).
    static func meanSpread(_ xs: [Double], digits: Int = 4) -> String {
        xs.count > 1 ? String(format: "%.\(digits)f ± %.\(digits)f", mean(xs), std(xs)) : String(format: "%.\(digits)f", mean(xs))
    }

    static func fixed(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
}
