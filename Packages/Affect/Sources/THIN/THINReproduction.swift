import AffectCore
import Forests
import Foundation
import NN
import Registry
import Tensor

/// `facet reproduce thin`: T1 of `thin.md`, rotated 16x16 digits with the rotation angle as
/// the exogenous variable: THIN against a plain network (B0), a wider one (B1), a uniform
/// ensemble (B2), a standard mixture gated on z_n (B3), angle regression as an auxiliary task
/// (B4), a flat gate (B5), THIN without dispelling (TH1), full THIN (TH2) and an oracle gate
/// on the true angle (TH3). Same data, optimiser, epochs and seeds for all.
public enum THINReproduction: MethodReproduction {
    public static let methodID = "thin"
    public static let title = "THIN against plain, wider, ensembled, MoE and auxiliary-task baselines on rotated digits"

    public static func run(_ options: ReproductionOptions) throws -> [ReproductionClaim] {
        let start = Date()
        let claim = try runRotatedDigits(options)
        options.log(claim.line + String(format: "  (%.0f s)", Date().timeIntervalSince(start)))
        return [claim]
    }

    struct Variant: Sendable {
        let id: String, name: String
        let config: @Sendable (inout THINConfig) -> Void
        var hidden = 256
    }

    static let variants: [Variant] = [
        Variant(id: "B0", name: "plain: F + one head") { $0.gateKind = .uniform; $0.gateDepth = 0; $0.dispelWeight = 0 },
        Variant(id: "B1", name: "plain, wider F (256-384-128)", config: { $0.gateKind = .uniform; $0.gateDepth = 0; $0.dispelWeight = 0 }, hidden: 384),
        Variant(id: "B2", name: "uniform ensemble of 8 heads") { $0.gateKind = .uniform; $0.dispelWeight = 0 },
        Variant(id: "B3", name: "MoE: tree gate on z_n") { $0.gateInput = .endogenous; $0.dispelWeight = 0 },
        Variant(id: "B5", name: "flat softmax gate on z_x") { $0.gateKind = .softmax; $0.dispelWeight = 0 },
        Variant(id: "TH1", name: "THIN without dispelling") { $0.dispelWeight = 0 },
        Variant(id: "TH2", name: "THIN (λ_dis = 1)") { $0.dispelWeight = 1 },
        Variant(id: "TH3", name: "oracle: tree gate on true (cos θ, sin θ)") { $0.gateInput = .external; $0.dispelWeight = 0 },
        // Diagnostics outside the claim: a sharper gate (β = 10, which the Forests F4 toy needed)
        // and a stronger dispelling weight (the spec's sweep value 10).
        Variant(id: "TH1β", name: "diagnostic: TH1 with β = 10") { $0.dispelWeight = 0; $0.beta = 10 },
        Variant(id: "TH2β", name: "diagnostic: TH2 with β = 10") { $0.beta = 10 },
        Variant(id: "TH2λ", name: "diagnostic: TH2 with β = 10, λ_dis = 10") { $0.beta = 10; $0.dispelWeight = 10 },
        Variant(id: "TH3β", name: "diagnostic: TH3 with β = 10") { $0.gateInput = .external; $0.dispelWeight = 0; $0.beta = 10 },
    ]

    static func runRotatedDigits(_ options: ReproductionOptions) throws -> ReproductionClaim {
        let seeds = options.seedCount(full: 3, quick: 1)
        let epochs = options.quick ? 8 : 40, exoEpochs = options.quick ? 10 : 30
        let trainRotations = options.quick ? 2 : 8, testRotations = options.quick ? 2 : 4
        options.log("T1: rotated 16x16 digits, \(trainRotations) train / \(testRotations) test rotations per image, \(epochs) epochs, \(seeds) seed(s)")
        var accuracy: [String: [Double]] = [:], leakage: [String: [Double]] = [:], entropy: [String: [Double]] = [:]
        var parameters: [String: Int] = [:], angleError: [Double] = []
        for seed in 0..<seeds {
            let data = try RotatedDigitsData(seed: UInt64(seed), trainRotations: trainRotations, testRotations: testRotations)
            Initializer.seed(UInt64(100 + seed))
            let e = try ExogenousNetwork.mlp(sizes: [256, 128, 64], targetSize: 2)
            try THINTrainer.fitExogenous(e, inputs: data.trainX, targets: data.trainAngle, epochs: exoEpochs, seed: UInt64(seed))
            let predicted = try Autograd.noGrad { try e(Variable(data.testX)).value }.scalars, truth = data.testAngle.scalars
            let errors = (0..<data.testY.count).map { i -> Double in
                let d = atan2(Double(predicted[2 * i + 1]), Double(predicted[2 * i])) - atan2(Double(truth[2 * i + 1]), Double(truth[2 * i]))
                return abs(atan2(sin(d), cos(d))) * 180 / .pi
            }
            angleError.append(errors.reduce(0, +) / Double(errors.count))
            options.log(String(format: "seed %d: E's mean absolute angle error %.1f°", seed, angleError.last!))

            for v in variants {
                let t0 = Date()
                var config = THINConfig()
                config.epochs = epochs
                config.seed = UInt64(seed)
                v.config(&config)
                Initializer.seed(UInt64(1_000 * seed + 7))
                let model = try THINModel(exogenous: e, endogenous: MLP.reluStack([256, v.hidden, 128]), endogenousSize: 128,
                                          classCount: 10, config: config, externalGatingSize: 2, labels: .digits, inputShape: [256])
                let external = config.gateInput == .external
                try THINTrainer.fit(model, inputs: data.trainX, labels: data.trainY, gatingInputs: external ? data.trainAngle : nil)
                let p = try model.predictProbabilities(data.testX, gatingInput: external ? data.testAngle : nil)
                accuracy[v.id, default: []].append(try ClassificationMetrics.accuracy(predicted: p.argmax(alongAxis: 1).values, truth: data.testY))
                leakage[v.id, default: []].append(try leak(model, data, external: external))
                let gates = try model.evaluateInBatches(data.testX, gatingInput: external ? data.testAngle : nil) { $0.gate.value }
                let usage = try gates.mean(alongAxes: [0]).scalars
                entropy[v.id, default: []].append(max(0, Double(-usage.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) })))
                parameters[v.id] = model.trainableParameters.reduce(0) { $0 + $1.value.count }
                options.log(String(format: "  %@ seed %d: accuracy %.4f (%.0f s)", v.id, seed, accuracy[v.id]!.last!, Date().timeIntervalSince(t0)))
            }
            let t0 = Date()
            let (b4, b4Leak, b4Parameters) = try auxiliaryBaseline(data, epochs: epochs, seed: UInt64(seed))
            accuracy["B4", default: []].append(b4)
            leakage["B4", default: []].append(b4Leak)
            parameters["B4"] = b4Parameters
            options.log(String(format: "  B4 seed %d: accuracy %.4f (%.0f s)", seed, b4, Date().timeIntervalSince(t0)))
        }
        var table = ResultTable(header: ["id", "model", "trainable parameters", "test accuracy", "leakage R²", "gate entropy (nats)"])
        let names = Dictionary(uniqueKeysWithValues: variants.map { ($0.id, $0.name) })
        for id in ["B0", "B1", "B2", "B3", "B4", "B5", "TH1", "TH2", "TH3", "TH1β", "TH2β", "TH2λ", "TH3β"] {
            table.append([id, names[id] ?? "auxiliary (cos θ, sin θ) head on z_n", "\(parameters[id] ?? 0)",
                          meanSpread(accuracy[id] ?? []), meanSpread(leakage[id] ?? [], digits: 3),
                          entropy[id].map { meanSpread($0, digits: 2) } ?? "-"])
        }
        options.log(table.render())
        options.log("E's mean absolute angle error: " + meanSpread(angleError, digits: 1) + "°")
        func m(_ id: String) -> Double { mean(accuracy[id] ?? []) }
        func points(_ x: Double) -> String { String(format: "%+.1f", 100 * x) }
        let leakGap = mean(leakage["TH1"] ?? []) - mean(leakage["TH2"] ?? [])
        let checks: [(Bool, String)] = [
            (m("TH2") >= m("B0") + 0.03 && m("TH2") >= m("B1") + 0.03, "TH2−max(B0,B1) \(points(m("TH2") - max(m("B0"), m("B1")))) (bar +3)"),
            (m("TH1") >= m("B2") + 0.015, "TH1−B2 \(points(m("TH1") - m("B2"))) (bar +1.5)"),
            (m("TH1") >= m("B3") + 0.01, "TH1−B3 \(points(m("TH1") - m("B3"))) (bar +1)"),
            (m("TH2") >= m("B4") + 0.02, "TH2−B4 \(points(m("TH2") - m("B4"))) (bar +2)"),
            (leakGap >= 0.1, String(format: "leakage R² TH1−TH2 %.3f (bar 0.1)", leakGap)),
            (m("TH2") >= m("TH1") - 0.005, "TH2−TH1 \(points(m("TH2") - m("TH1"))) (bar −0.5)"),
            (m("TH3") >= m("TH1"), "TH3−TH1 \(points(m("TH3") - m("TH1"))) (bar 0)"),
        ]
        return ReproductionClaim(experiment: "T1", holds: checks.allSatisfy(\.0), summary: checks.map(\.1).joined(separator: ", "))
    }

    /// R² of a ridge regression from z_n to (cos θ, sin θ), fitted on train, scored on test.
    static func leak(_ model: THINModel, _ data: RotatedDigitsData, external: Bool) throws -> Double {
        let trainZ = try model.evaluateInBatches(data.trainX, gatingInput: external ? data.trainAngle : nil) { $0.endogenous.value }
        let testZ = try model.evaluateInBatches(data.testX, gatingInput: external ? data.testAngle : nil) { $0.endogenous.value }
        return try Leakage.ridgeR2(trainZ: trainZ, trainY: data.trainAngle, testZ: testZ, testY: data.testAngle)
    }

    /// B4: F + digit head + a (cos θ, sin θ) regression head on z_n (MSE weight 1): the same
    /// exogenous supervision as a multi-task signal instead of a gate.
    static func auxiliaryBaseline(_ data: RotatedDigitsData, epochs: Int, seed: UInt64) throws -> (Double, Double, Int) {
        Initializer.seed(1_000 * seed + 7)
        let f = MLP.reluStack([256, 256, 128]), digitHead = Linear(128, 10), angleHead = Linear(128, 2)
        let parameters = f.parameters() + digitHead.parameters() + angleHead.parameters()
        let c = THINConfig()
        try THINTrainer.loop(parameters, module: f, count: data.trainY.count, epochs: epochs, batchSize: c.batchSize,
                             learningRate: c.learningRate, weightDecay: c.weightDecay, seed: seed) { rows, _ in
            let z = try f(Variable(data.trainX.indexSelect(alongAxis: 0, rows)))
            let ce = try Loss.crossEntropy(logits: digitHead(z), labels: IndexTensor(rows.map { data.trainY[$0] }))
            return try ce + Loss.mse(angleHead(z), Variable(data.trainAngle.indexSelect(alongAxis: 0, rows)))
        }
        let (trainZ, testZ) = try Autograd.noGrad { (try f(Variable(data.trainX)).value, try f(Variable(data.testX)).value) }
        let predicted = try Autograd.noGrad { try digitHead(Variable(testZ)).value.argmax(alongAxis: 1).values }
        let accuracy = try ClassificationMetrics.accuracy(predicted: predicted, truth: data.testY)
        let leak = try Leakage.ridgeR2(trainZ: trainZ, trainY: data.trainAngle, testZ: testZ, testY: data.testAngle)
        return (accuracy, leak, parameters.reduce(0) { $0 + $1.value.count })
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(xs.count, 1)) }

    /// `mean ± sample std` over seeds.
    static func meanSpread(_ xs: [Double], digits: Int = 4) -> String {
        guard xs.count > 1 else { return xs.isEmpty ? "-" : String(format: "%.\(digits)f", xs[0]) }
        let m = mean(xs), s = (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
        return String(format: "%.\(digits)f ± %.\(digits)f", m, s)
    }
}

/// Every reproduction of the Affect package, for the app.
public enum AffectReproductions {
    public static let all: [any MethodReproduction.Type] = [THINReproduction.self]
}
