import Foundation
import GazeCore
import NN
import Registry
import Tensor

/// `facet reproduce deesco`: D1 of `deesco.md` at the toolkit's scale. Synthetic eye crops
/// (36x60 gray, subject-disjoint train/test), one trunk, the same budget (epochs, batch,
/// optimiser, data order) for every variant, several seeds:
/// - S: a single predictor (the trunk and one stage-4 head);
/// - HoI / HoSC: a homogeneous ensemble (four stage-4 copies, parameters matched) trained
///   with independent losses / with the SC loss;
/// - HeI / HeJ: the heterogeneous ensemble trained with independent losses / with the plain
///   ensemble loss ℓ(all);
/// - HeSC: DeeSCo (heterogeneous + stochastic combinatory loss).
public enum DeeSCoReproduction: MethodReproduction {
    public static let methodID = "deesco"
    public static let title = "DeeSCo against a single predictor, a homogeneous ensemble and the plain ensemble loss on synthetic eyes"

    struct Variant {
        let id: String, name: String
        let config: DeeSCoConfig
    }

    static func variants() -> [Variant] {
        func with(_ c: DeeSCoConfig, _ loss: DeeSCoConfig.LossKind) -> DeeSCoConfig { var c = c; c.loss = loss; return c }
        let hetero = DeeSCoConfig.heterogeneous, homo = DeeSCoConfig.homogeneous(matching: hetero)
        return [
            Variant(id: "S", name: "single predictor", config: .single(from: hetero)),
            Variant(id: "HoI", name: "homogeneous, independent", config: with(homo, .independent)),
            Variant(id: "HoSC", name: "homogeneous, SC", config: with(homo, .stochastic)),
            Variant(id: "HeI", name: "heterogeneous, independent", config: with(hetero, .independent)),
            Variant(id: "HeJ", name: "heterogeneous, plain loss ℓ(all)", config: with(hetero, .joint)),
            Variant(id: "HeSC", name: "DeeSCo: heterogeneous, SC", config: with(hetero, .stochastic)),
        ]
    }

    /// Data and budget of the full protocol and of `--quick`.
    struct Budget {
        var trainSubjects: Int, trainCount: Int, testSubjects: Int, testCount: Int, epochs: Int
        static let full = Budget(trainSubjects: 40, trainCount: 4_000, testSubjects: 15, testCount: 1_500, epochs: 10)
        static let quick = Budget(trainSubjects: 12, trainCount: 600, testSubjects: 6, testCount: 300, epochs: 4)
    }

    public static func run(_ options: ReproductionOptions) throws -> [ReproductionClaim] {
        let start = Date()
        let claims = try runSyntheticEyes(options)
        for c in claims { options.log(c.line) }
        options.log(String(format: "D1 took %.0f s", Date().timeIntervalSince(start)))
        return claims
    }

    struct Measured {
        var ensemble: [Double] = [], individual: [Double] = [], correlation: [Double] = [], landmarks: [Double] = [], seconds: [Double] = []
        var parameters = 0
    }

    static func runSyntheticEyes(_ options: ReproductionOptions) throws -> [ReproductionClaim] {
        let p = options.quick ? Budget.quick : Budget.full
        let seeds = options.seedCount(full: 3, quick: 1)
        let t0 = Date()
        let (train, test) = try SyntheticEyeDataset.split(trainSubjects: p.trainSubjects, trainCount: p.trainCount,
                                                          testSubjects: p.testSubjects, testCount: p.testCount)
        options.log(String(format: "D1: synthetic eyes 36x60, %d train crops of %d subjects, %d test crops of %d other subjects (rendered in %.0f s); %d epochs, batch 64, Adam 1e-3 cosine; %d seed(s)",
                           train.count, p.trainSubjects, test.count, p.testSubjects, Date().timeIntervalSince(t0), p.epochs, seeds))
        let variants = variants()
        var measured: [String: Measured] = [:]
        for seed in 0..<seeds {
            for v in variants {
                var config = v.config
                config.epochs = p.epochs
                config.seed = UInt64(seed)
                Initializer.seed(UInt64(100 + seed))
                let model = try DeeSCoModel(config: config)
                let t = Date()
                try DeeSCoTrainer.fit(model, data: train)
                let e = try DeeSCoEvaluation(model: model, data: test)
                var m = measured[v.id] ?? Measured()
                m.ensemble.append(e.ensembleError)
                m.individual.append(e.meanPredictorError)
                if let c = e.meanErrorCorrelation { m.correlation.append(c) }
                m.landmarks.append(e.landmarkError)
                m.seconds.append(Date().timeIntervalSince(t))
                m.parameters = model.parameterCount
                measured[v.id] = m
                options.log(String(format: "  %@ seed %d: ensemble %.2f°, heads %@°, correlation %@, landmarks %.2f px (%.0f s)",
                                   v.id, seed, e.ensembleError, e.predictorErrors.map { String(format: "%.2f", $0) }.joined(separator: "/"),
                                   e.meanErrorCorrelation.map { String(format: "%.3f", $0) } ?? "-", e.landmarkError, m.seconds.last!))
            }
        }
        let baseline = try meanPredictionBaseline(train: train, test: test)
        var table = ResultTable(header: ["id", "model", "parameters", "ensemble error (°)", "mean head error (°)",
                                         "head error correlation", "eye landmarks (px)", "train time (s)"])
        for v in variants {
            let m = measured[v.id]!
            table.append([v.id, v.name, "\(m.parameters)", meanSpread(m.ensemble), meanSpread(m.individual),
                          m.correlation.isEmpty ? "-" : meanSpread(m.correlation, digits: 3), meanSpread(m.landmarks),
                          String(format: "%.0f", mean(m.seconds))])
        }
        options.log(table.render())
        options.log(String(format: "Predicting the training mean gaze: %.2f° on the test set.", baseline))

        func e(_ id: String) -> Double { mean(measured[id]!.ensemble) }
        func i(_ id: String) -> Double { mean(measured[id]!.individual) }
        func r(_ id: String) -> Double { mean(measured[id]!.correlation) }
        let f = { (x: Double) in String(format: "%.2f", x) }
        return [
            ReproductionClaim(experiment: "D1-baselines", holds: e("HeSC") <= 0.92 * e("HoI") && e("HeSC") < e("S"),
                              summary: "DeeSCo \(f(e("HeSC")))° vs 0.92 × homogeneous-independent \(f(0.92 * e("HoI")))° and single \(f(e("S")))°"),
            ReproductionClaim(experiment: "D1-loss", holds: e("HeSC") <= e("HeI") && e("HeSC") <= e("HeJ"),
                              summary: "heterogeneous ensemble: SC \(f(e("HeSC")))° vs independent \(f(e("HeI")))° and plain loss \(f(e("HeJ")))°"),
            ReproductionClaim(experiment: "D1-heads", holds: i("HeSC") <= i("HeJ"),
                              summary: "mean head error SC \(f(i("HeSC")))° vs plain loss \(f(i("HeJ")))°"),
            ReproductionClaim(experiment: "D1-decorrelation", holds: r("HeI") <= r("HoI") - 0.02,
                              summary: String(format: "error correlation heterogeneous %.3f vs homogeneous %.3f (independent losses; bar −0.02); SC %.3f, plain %.3f",
                                              r("HeI"), r("HoI"), r("HeSC"), r("HeJ"))),
        ]
    }

    /// Mean angular error of always answering the training set's mean gaze: the floor any
    /// model must beat.
    static func meanPredictionBaseline(train: SyntheticEyeDataset, test: SyntheticEyeDataset) throws -> Double {
        let yaw = train.gaze.map(\.yaw).reduce(0, +) / Float(train.count), pitch = train.gaze.map(\.pitch).reduce(0, +) / Float(train.count)
        return try GazeMetrics.meanAngularError(Array(repeating: GazeAngles(yaw: yaw, pitch: pitch), count: test.count), test.gaze)
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(xs.count, 1)) }

    /// `mean ± sample std` over seeds.
    static func meanSpread(_ xs: [Double], digits: Int = 2) -> String {
        guard xs.count > 1 else { return xs.isEmpty ? "-" : String(format: "%.\(digits)f", xs[0]) }
        let m = mean(xs), s = (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
        return String(format: "%.\(digits)f ± %.\(digits)f", m, s)
    }
}

/// Every reproduction of the Gaze package, for the app.
public enum GazeReproductions {
    public static let all: [any MethodReproduction.Type] = [DeeSCoReproduction.self]
}
