import AffectCore
import Foundation
import NN
import Registry
import Tensor

/// One experiment of `facet reproduce thin` (T1, T2 or T3): THIN against its baselines and
/// ablations on one task, same data, optimiser, epochs and seeds for all.
///
/// Protocol per seed: build the task, train E on the nuisance, freeze it; on seed 0 only,
/// choose β (TH1, over `betaGrid`) and then λ_dis (TH2 at that β, over `dispelGrid`) by
/// validation accuracy; then train every variant with the chosen values and score it on test.
/// The chosen β goes to every tree gate (B3, TH1, TH2, TH3), so the ablations stay fair.
struct ReproductionExperiment {
    let id: String
    let description: String
    let seeds: Int
    let epochs: Int
    let exogenousEpochs: Int
    let batchSize: Int
    let variantIDs: [String]
    let betaGrid: [Float]
    let dispelGrid: [Float]
    let labels: ExpressionLabelSet
    let inputShape: [Int]
    let flattensInput: Bool
    let makeTask: (UInt64) throws -> NuisanceTask
    let makeExogenous: () throws -> ExogenousNetwork
    /// F and its output size; `wide` is B1's larger network.
    let makeEndogenous: (_ wide: Bool) throws -> (layer: any Layer, size: Int)
    /// A figure of E's quality on test: what it is and its value.
    let exogenousQuality: (ExogenousNetwork, NuisanceTask) throws -> (name: String, value: Double)
    let claim: (ExperimentResults) -> ReproductionClaim

    /// β and λ_dis chosen on validation.
    struct Tuned: Equatable { var beta: Float = 1, dispel: Float = 1 }

    struct Variant {
        let id: String
        let name: String
        var wide = false
        var auxiliary = false
        let configure: (inout THINConfig) -> Void
    }

    static func variants(_ t: Tuned) -> [Variant] {
        let b = String(format: "%g", t.beta), l = String(format: "%g", t.dispel)
        return [
            Variant(id: "B0", name: "plain: F + one head") { $0.gateKind = .uniform; $0.gateDepth = 0; $0.dispelWeight = 0 },
            Variant(id: "B1", name: "plain, wider F", wide: true) { $0.gateKind = .uniform; $0.gateDepth = 0; $0.dispelWeight = 0 },
            Variant(id: "B2", name: "uniform ensemble of 8 heads (no gate)") { $0.gateKind = .uniform; $0.dispelWeight = 0 },
            Variant(id: "B3", name: "MoE: tree gate on z_n, β = \(b)") { $0.gateInput = .endogenous; $0.beta = t.beta; $0.dispelWeight = 0 },
            Variant(id: "B4", name: "auxiliary nuisance regression head on z_n", auxiliary: true) { _ in },
            Variant(id: "B5", name: "flat softmax gate on z_x") { $0.gateKind = .softmax; $0.dispelWeight = 0 },
            Variant(id: "TH1", name: "THIN without dispelling, β = \(b)") { $0.beta = t.beta; $0.dispelWeight = 0 },
            Variant(id: "TH2", name: "THIN, β = \(b), λ_dis = \(l)") { $0.beta = t.beta; $0.dispelWeight = t.dispel },
            Variant(id: "TH3", name: "oracle: tree gate on the true nuisance, β = \(b)") { $0.gateInput = .external; $0.beta = t.beta; $0.dispelWeight = 0 },
            Variant(id: "TH2°", name: "THIN at the spec's defaults β = 1, λ_dis = 1") { $0.beta = 1; $0.dispelWeight = 1 },
        ]
    }

    func run(_ options: ReproductionOptions) throws -> ReproductionClaim {
        let start = Date()
        options.log("\(id): \(description), \(epochs) epochs, batch \(batchSize), \(seeds) seed(s)")
        var results = ExperimentResults()
        for seed in 0..<seeds {
            let t0 = Date()
            let task = try makeTask(UInt64(seed))
            Initializer.seed(UInt64(100 + seed))
            let e = try makeExogenous()
            if let classes = task.train.nuisanceClasses {
                try THINTrainer.fitExogenous(e, inputs: task.train.x, classes: classes, epochs: exogenousEpochs, seed: UInt64(seed))
            } else {
                try THINTrainer.fitExogenous(e, inputs: task.train.x, targets: task.train.nuisance, epochs: exogenousEpochs, seed: UInt64(seed))
            }
            let quality = try exogenousQuality(e, task)
            results.exogenousName = quality.name
            results.exogenous.append(quality.value)
            options.log(String(format: "seed %d: %d train / %d validation / %d test rows, %@ %.3f (%.0f s)", seed, task.train.count,
                               task.validation.count, task.test.count, quality.name, quality.value, Date().timeIntervalSince(t0)))
            var cache = ModelCache()
            if seed == 0 { results.tuned = try tune(task, e, &cache, options) }
            for v in Self.variants(results.tuned) where variantIDs.contains(v.id) {
                if v.id == "TH2°" && results.tuned == Tuned() { continue }   // identical to TH2
                let t1 = Date()
                let row = v.auxiliary ? try auxiliary(task, seed: seed) : try score(v, task, e, seed: seed, &cache)
                results.add(v.id, row)
                options.log(String(format: "  %@ seed %d: test accuracy %.4f (%.0f s)", v.id, seed, row.accuracy, Date().timeIntervalSince(t1)))
            }
        }
        results.names = Dictionary(uniqueKeysWithValues: Self.variants(results.tuned).map { ($0.id, $0.name) })
        options.log(results.table(order: Self.variants(results.tuned).map(\.id)).render())
        options.log("\(results.exogenousName): " + ExperimentResults.meanSpread(results.exogenous, digits: 3))
        let claim = claim(results)
        options.log(claim.line + String(format: "  (%.0f s)", Date().timeIntervalSince(start)))
        return claim
    }

    /// Trained models by configuration, so the sweep's winners are not trained twice on seed 0.
    struct ModelCache { var models: [String: THINModel] = [:] }

    func train(_ config: THINConfig, wide: Bool, _ task: NuisanceTask, _ e: ExogenousNetwork, seed: Int,
               _ cache: inout ModelCache) throws -> THINModel {
        let key = "\(wide) \(config)"
        if let model = cache.models[key] { return model }
        Initializer.seed(UInt64(1_000 * seed + 7))
        let (f, size) = try makeEndogenous(wide)
        let model = try THINModel(exogenous: e, endogenous: f, endogenousSize: size, classCount: labels.count, config: config,
                                  externalGatingSize: task.train.nuisance.shape[1], labels: labels, inputShape: inputShape,
                                  flattensInput: flattensInput)
        let external = config.gateInput == .external
        try THINTrainer.fit(model, inputs: task.train.x, labels: task.train.y, gatingInputs: external ? task.train.nuisance : nil)
        cache.models[key] = model
        return model
    }

    func baseConfig(seed: Int) -> THINConfig {
        var c = THINConfig()
        c.epochs = epochs
        c.batchSize = batchSize
        c.seed = UInt64(seed)
        return c
    }

    func accuracy(_ model: THINModel, on split: NuisanceSplit) throws -> Double {
        let external = model.config.gateInput == .external
        let p = try model.predictProbabilities(split.x, gatingInput: external ? split.nuisance : nil)
        return try ClassificationMetrics.accuracy(predicted: p.argmax(alongAxis: 1).values, truth: split.y)
    }

    /// β for TH1 over `betaGrid`, then λ_dis for TH2 at that β over `dispelGrid`, by validation accuracy.
    func tune(_ task: NuisanceTask, _ e: ExogenousNetwork, _ cache: inout ModelCache, _ options: ReproductionOptions) throws -> Tuned {
        var tuned = Tuned()
        var best = -1.0
        var lines: [String] = []
        for beta in betaGrid {
            var c = baseConfig(seed: 0)
            c.beta = beta
            c.dispelWeight = 0
            let a = try accuracy(train(c, wide: false, task, e, seed: 0, &cache), on: task.validation)
            lines.append(String(format: "TH1 β = %g: %.4f", beta, a))
            if a > best { best = a; tuned.beta = beta }
        }
        best = -1
        for dispel in dispelGrid {
            var c = baseConfig(seed: 0)
            c.beta = tuned.beta
            c.dispelWeight = dispel
            let a = try accuracy(train(c, wide: false, task, e, seed: 0, &cache), on: task.validation)
            lines.append(String(format: "TH2 β = %g, λ_dis = %g: %.4f", tuned.beta, dispel, a))
            if a > best { best = a; tuned.dispel = dispel }
        }
        options.log("  validation accuracy (seed 0): " + lines.joined(separator: "; "))
        options.log(String(format: "  chosen on validation: β = %g, λ_dis = %g", tuned.beta, tuned.dispel))
        return tuned
    }

    func score(_ v: Variant, _ task: NuisanceTask, _ e: ExogenousNetwork, seed: Int, _ cache: inout ModelCache) throws -> ExperimentResults.Row {
        var c = baseConfig(seed: seed)
        v.configure(&c)
        let model = try train(c, wide: v.wide, task, e, seed: seed, &cache)
        let external = c.gateInput == .external
        let trainZ = try model.evaluateInBatches(task.train.x, gatingInput: external ? task.train.nuisance : nil) { $0.endogenous.value }
        let testZ = try model.evaluateInBatches(task.test.x, gatingInput: external ? task.test.nuisance : nil) { $0.endogenous.value }
        let gates = try model.evaluateInBatches(task.test.x, gatingInput: external ? task.test.nuisance : nil) { $0.gate.value }
        let usage = try gates.mean(alongAxes: [0]).scalars
        return ExperimentResults.Row(
            accuracy: try accuracy(model, on: task.test),
            leakage: try Leakage.ridgeR2(trainZ: trainZ, trainY: task.train.nuisance, testZ: testZ, testY: task.test.nuisance),
            entropy: max(0, Double(-usage.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) })),
            parameters: model.trainableParameters.reduce(0) { $0 + $1.value.count })
    }

    /// B4: F + class head + a regression head of the nuisance on z_n (MSE weight 1): the same
    /// nuisance supervision as a multi-task signal instead of a gate.
    func auxiliary(_ task: NuisanceTask, seed: Int) throws -> ExperimentResults.Row {
        Initializer.seed(UInt64(1_000 * seed + 7))
        let (f, size) = try makeEndogenous(false)
        let classHead = Linear(size, labels.count), nuisanceHead = Linear(size, task.train.nuisance.shape[1])
        let fModule = f as! Module
        let parameters = fModule.parameters() + classHead.parameters() + nuisanceHead.parameters()
        let c = baseConfig(seed: seed)
        _ = try THINTrainer.loop(parameters, module: fModule, count: task.train.count, epochs: c.epochs, batchSize: c.batchSize,
                             learningRate: c.learningRate, weightDecay: c.weightDecay, seed: c.seed) { rows, _ in
            let z = try f(Variable(task.train.x.indexSelect(alongAxis: 0, rows)))
            let ce = try Loss.crossEntropy(logits: classHead(z), labels: IndexTensor(rows.map { task.train.y[$0] }))
            return try ce + Loss.mse(nuisanceHead(z), Variable(task.train.nuisance.indexSelect(alongAxis: 0, rows)))
        }
        func z(_ x: Tensor) throws -> Tensor {
            try Autograd.noGrad {
                try Tensor.concatenate(stride(from: 0, to: x.shape[0], by: 512).map { s in
                    try f(Variable(x.indexSelect(alongAxis: 0, Array(s..<min(s + 512, x.shape[0]))))).value
                }, alongAxis: 0)
            }
        }
        let trainZ = try z(task.train.x), testZ = try z(task.test.x)
        let predicted = try Autograd.noGrad { try classHead(Variable(testZ)).value.argmax(alongAxis: 1).values }
        return ExperimentResults.Row(
            accuracy: try ClassificationMetrics.accuracy(predicted: predicted, truth: task.test.y),
            leakage: try Leakage.ridgeR2(trainZ: trainZ, trainY: task.train.nuisance, testZ: testZ, testY: task.test.nuisance),
            entropy: nil, parameters: parameters.reduce(0) { $0 + $1.value.count })
    }
}

/// What an experiment measured, per variant and seed.
struct ExperimentResults {
    struct Row { var accuracy: Double, leakage: Double, entropy: Double?, parameters: Int }

    var accuracy: [String: [Double]] = [:], leakage: [String: [Double]] = [:], entropy: [String: [Double]] = [:]
    var parameters: [String: Int] = [:]
    var names: [String: String] = [:]
    var exogenous: [Double] = []
    var exogenousName = ""
    var tuned = ReproductionExperiment.Tuned()

    mutating func add(_ id: String, _ row: Row) {
        accuracy[id, default: []].append(row.accuracy)
        leakage[id, default: []].append(row.leakage)
        if let e = row.entropy { entropy[id, default: []].append(e) }
        parameters[id] = row.parameters
    }

    func mean(_ id: String) -> Double { Self.mean(accuracy[id] ?? []) }
    func meanLeakage(_ id: String) -> Double { Self.mean(leakage[id] ?? []) }
    func has(_ id: String) -> Bool { accuracy[id] != nil }

    func table(order: [String]) -> ResultTable {
        var table = ResultTable(header: ["id", "model", "trainable parameters", "test accuracy", "leakage R²", "gate entropy (nats)"])
        for id in order where has(id) {
            table.append([id, names[id] ?? id, "\(parameters[id] ?? 0)", Self.meanSpread(accuracy[id]!),
                          Self.meanSpread(leakage[id]!, digits: 3), entropy[id].map { Self.meanSpread($0, digits: 2) } ?? "-"])
        }
        return table
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(xs.count, 1)) }

    /// `mean ± sample std` over seeds.
    static func meanSpread(_ xs: [Double], digits: Int = 4) -> String {
        guard xs.count > 1 else { return xs.isEmpty ? "-" : String(format: "%.\(digits)f", xs[0]) }
        let m = mean(xs), s = (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
        return String(format: "%.\(digits)f ± %.\(digits)f", m, s)
    }

    /// Accuracy difference in points, signed.
    static func points(_ x: Double) -> String { String(format: "%+.1f", 100 * x) }
}
