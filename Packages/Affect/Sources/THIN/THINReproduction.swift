import AffectCore
import Foundation
import NN
import Registry
import Tensor

/// `facet reproduce thin`: THIN against its baselines and ablations (`thin.md`) on
/// T1, rotated 16x16 digits (nuisance: rotation), T2, shapes at several scales (nuisance:
/// scale) and T3, expressions of synthetic people (nuisance: identity, test people unseen).
/// β and λ_dis are chosen on each task's validation split (`ReproductionExperiment`).
public enum THINReproduction: MethodReproduction {
    public static let methodID = "thin"
    public static let title = "THIN against plain, ensembled, MoE and auxiliary-task baselines on rotated digits, scaled shapes and synthetic faces"

    public static func run(_ options: ReproductionOptions) throws -> [ReproductionClaim] {
        try [rotatedDigits(options), scaledShapes(options), syntheticFaces(options)].map { try $0.run(options) }
    }

    static func grids(_ options: ReproductionOptions) -> (beta: [Float], dispel: [Float]) {
        options.quick ? ([1, 10], [1]) : ([1, 10], [0.1, 1, 10])
    }

    static let flatVariants = ["B0", "B1", "B2", "B3", "B4", "B5", "TH1", "TH2", "TH3", "TH2°"]

    static func rotatedDigits(_ options: ReproductionOptions) -> ReproductionExperiment {
        let q = options.quick
        let trainRotations = q ? 2 : 8, testRotations = q ? 2 : 4
        return ReproductionExperiment(
            id: "T1", description: "rotated 16x16 digits, \(trainRotations) train / \(testRotations) test rotations per image, MLPs",
            seeds: options.seedCount(full: 3, quick: 1), epochs: q ? 8 : 40, exogenousEpochs: q ? 10 : 30, batchSize: 128,
            variantIDs: flatVariants, betaGrid: grids(options).beta, dispelGrid: grids(options).dispel,
            labels: .digits, inputShape: [256], flattensInput: true,
            makeTask: { try RotatedDigitsData.task(seed: $0, trainRotations: trainRotations, testRotations: testRotations) },
            makeExogenous: { try ExogenousNetwork.mlp(sizes: [256, 128, 64], targetSize: 2) },
            makeEndogenous: { wide in (MLP.reluStack([256, wide ? 384 : 256, 128]), 128) },
            exogenousQuality: { e, task in ("E's mean absolute angle error (degrees)", try angleError(e, task.test)) },
            claim: { r in
                let m = r.mean
                let leakGap = r.meanLeakage("TH1") - r.meanLeakage("TH2")
                let checks: [(Bool, String)] = [
                    (m("TH2") >= max(m("B0"), m("B1")) + 0.03, "TH2−max(B0,B1) \(pts(m("TH2") - max(m("B0"), m("B1")))) (bar +3)"),
                    (m("TH1") >= m("B2") + 0.015, "TH1−B2 \(pts(m("TH1") - m("B2"))) (bar +1.5)"),
                    (m("TH1") >= m("B3") + 0.01, "TH1−B3 \(pts(m("TH1") - m("B3"))) (bar +1)"),
                    (m("TH2") >= m("B4") + 0.02, "TH2−B4 \(pts(m("TH2") - m("B4"))) (bar +2)"),
                    (leakGap >= 0.1, String(format: "leakage R² TH1−TH2 %.3f (bar 0.1)", leakGap)),
                    (m("TH2") >= m("TH1") - 0.005, "TH2−TH1 \(pts(m("TH2") - m("TH1"))) (bar −0.5)"),
                    (m("TH3") >= m("TH1"), "TH3−TH1 \(pts(m("TH3") - m("TH1"))) (bar 0)"),
                ]
                return ReproductionClaim(experiment: "T1", holds: checks.allSatisfy(\.0), summary: checks.map(\.1).joined(separator: ", "))
            })
    }

    static func scaledShapes(_ options: ReproductionOptions) -> ReproductionExperiment {
        let q = options.quick
        let (train, validation, test) = q ? (1_000, 500, 500) : (4_000, 1_000, 2_000)
        return ReproductionExperiment(
            id: "T2", description: "32x32 shapes at scales 0.25–1 (4 classes), \(train) train / \(validation) validation / \(test) test, MLPs",
            seeds: options.seedCount(full: 3, quick: 1), epochs: q ? 8 : 40, exogenousEpochs: q ? 10 : 30, batchSize: 128,
            variantIDs: flatVariants, betaGrid: grids(options).beta, dispelGrid: grids(options).dispel,
            labels: try! ExpressionLabelSet(names: ScaledShapesData.classNames), inputShape: [1_024], flattensInput: true,
            makeTask: { try ScaledShapesData.task(seed: $0, train: train, validation: validation, test: test) },
            makeExogenous: { try ExogenousNetwork.mlp(sizes: [1_024, 128, 64], targetSize: 1) },
            makeEndogenous: { wide in (MLP.reluStack([1_024, wide ? 384 : 256, 128]), 128) },
            exogenousQuality: { e, task in
                let p = try Autograd.noGrad { try e(Variable(task.test.x)).value }.scalars
                let error = zip(p, task.test.nuisance.scalars).map { Double(abs($0 - $1)) }.reduce(0, +) / Double(p.count)
                return ("E's mean absolute log-scale error", error)
            },
            claim: { r in
                let m = r.mean
                let holds = m("TH2") >= m("B1") + 0.02
                let info = "; TH2−B0 \(pts(m("TH2") - m("B0"))), TH1−B2 \(pts(m("TH1") - m("B2"))), TH2−TH1 \(pts(m("TH2") - m("TH1"))), TH3−TH1 \(pts(m("TH3") - m("TH1")))"
                return ReproductionClaim(experiment: "T2", holds: holds, summary: "TH2−B1 \(pts(m("TH2") - m("B1"))) (bar +2)" + info)
            })
    }

    static func syntheticFaces(_ options: ReproductionOptions) -> ReproductionExperiment {
        let q = options.quick
        let (train, validation, test, per) = q ? (15, 5, 8, 21) : (60, 10, 20, 70)
        return ReproductionExperiment(
            id: "T3", description: "expressions of synthetic people (7 classes, 48x48 gray crops), identity as the nuisance: \(train) train / \(validation) validation / \(test) test people × \(per) images, CNNs",
            seeds: options.seedCount(full: 3, quick: 1), epochs: q ? 4 : 20, exogenousEpochs: q ? 4 : 15, batchSize: 64,
            variantIDs: ["B0", "B2", "TH1", "TH2", "TH3", "TH2°"], betaGrid: grids(options).beta, dispelGrid: grids(options).dispel,
            labels: .basic, inputShape: [1, 48, 48], flattensInput: false,
            makeTask: { seed in
                var data = SyntheticExpressionData(worldSeed: 100 + seed)
                data.perIdentity = per
                return NuisanceTask(train: try data.split(identities: 0..<train),
                                    validation: try data.split(identities: train..<(train + validation)),
                                    test: try data.split(identities: (train + validation)..<(train + validation + test)))
            },
            makeExogenous: {
                let trunk = ConvTrunk()
                return ExogenousNetwork(trunk: try trunk.make(), head: Linear(trunk.representationSize, train))
            },
            makeEndogenous: { _ in (try ConvTrunk().make(), ConvTrunk().representationSize) },
            exogenousQuality: { e, task in
                // E never saw the test people: does z_x still describe their face shape?
                func z(_ x: Tensor) throws -> Tensor {
                    try Autograd.noGrad {
                        try Tensor.concatenate(stride(from: 0, to: x.shape[0], by: 256).map { s in
                            try e.representation(Variable(x.indexSelect(alongAxis: 0, Array(s..<min(s + 256, x.shape[0]))))).value
                        }, alongAxis: 0)
                    }
                }
                let r2 = try Leakage.ridgeR2(trainZ: z(task.train.x), trainY: task.train.nuisance, testZ: z(task.test.x), testY: task.test.nuisance)
                return ("R² of unseen people's shape parameters from z_x", r2)
            },
            claim: { r in
                let m = r.mean
                let holds = m("TH2") >= m("B0") + 0.02
                let info = "; TH1−B2 \(pts(m("TH1") - m("B2"))), TH2−TH1 \(pts(m("TH2") - m("TH1"))), TH3−TH1 \(pts(m("TH3") - m("TH1")))"
                return ReproductionClaim(experiment: "T3", holds: holds, summary: "TH2−B0 \(pts(m("TH2") - m("B0"))) (bar +2)" + info)
            })
    }

    static func pts(_ x: Double) -> String { ExperimentResults.points(x) }

    /// Mean absolute error of E's angle, in degrees.
    static func angleError(_ e: ExogenousNetwork, _ split: NuisanceSplit) throws -> Double {
        let predicted = try Autograd.noGrad { try e(Variable(split.x)).value }.scalars, truth = split.nuisance.scalars
        let errors = (0..<split.count).map { i -> Double in
            let d = atan2(Double(predicted[2 * i + 1]), Double(predicted[2 * i])) - atan2(Double(truth[2 * i + 1]), Double(truth[2 * i]))
            return abs(atan2(sin(d), cos(d))) * 180 / .pi
        }
        return errors.reduce(0, +) / Double(errors.count)
    }
}

/// Every reproduction of the Affect package, for the app.
public enum AffectReproductions {
    public static let all: [any MethodReproduction.Type] = [THINReproduction.self]
}
