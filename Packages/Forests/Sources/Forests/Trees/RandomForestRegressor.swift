import Foundation
import Tensor

/// A random forest for (multi-output) regression: MSE trees on bootstrap samples, target
/// vectors averaged over trees. Defaults follow scikit-learn's regressor: every feature is
/// a candidate at each node (`ForestConfig.regression()`).
///
/// ```swift
/// let forest = RandomForestRegressor(config: .regression(treeCount: 100, seed: 1))
/// try forest.fit(DenseFeatures(x), targets: y)      // y: [N] or [N, K]
/// let yHat = try forest.predict(xTest)               // [N, K]
/// ```
///
/// Fitting replaces the fitted state; do not fit while another thread predicts.
public final class RandomForestRegressor: TreeEnsemble, @unchecked Sendable {
    public let config: ForestConfig
    var fitted: FittedForest?
    /// Out-of-bag R² (averaged over outputs), when `config.oobScore`.
    public internal(set) var oobScore: Double?
    /// Column names of the table the forest learned from; saved with the model.
    public var columns: ForestColumns?

    /// `config.tree.criterion` must be `.mse`.
    public init(config: ForestConfig = .regression()) {
        self.config = config
    }

    init(config: ForestConfig, fitted: FittedForest, oobScore: Double?) {
        self.config = config
        self.fitted = fitted
        self.oobScore = oobScore
    }

    public func fit<S: FeatureSource>(_ source: S, targets: Tensor, sampleWeights: [Float]? = nil) throws {
        guard config.tree.criterion == .mse else {
            throw ForestError.invalidArgument("RandomForestRegressor: criterion \(config.tree.criterion) is for classification; use .mse")
        }
        let t = try TreeTargets.regression(targets, sampleCount: source.sampleCount)
        let weights = try combinedWeights(sampleCount: source.sampleCount, indices: nil, sampleWeights: sampleWeights,
                                          classWeights: nil, labels: [])
        let forest = try FittedForest.train(source: source, targets: t, weights: weights, config: config, label: "random forest")
        fitted = forest
        oobScore = nil
        if config.oobScore {
            let oob = forest.outOfBag(source: source, config: config)
            let rows = oob.indices.filter { oob[$0] != nil }
            if !rows.isEmpty {
                let k = t.outputCount
                let truth = try Tensor(shape: [rows.count, k], scalars: rows.flatMap { t.values[$0 * k..<($0 + 1) * k] })
                let guess = try Tensor(shape: [rows.count, k], scalars: rows.flatMap { oob[$0]! })
                oobScore = r2Score(truth: truth, prediction: guess)
            }
        }
    }

    public func fit(_ x: Tensor, targets: Tensor, sampleWeights: [Float]? = nil) throws {
        try fit(DenseFeatures(x), targets: targets, sampleWeights: sampleWeights)
    }

    func model() throws -> FittedForest {
        guard let fitted else { throw ForestError.notFitted("RandomForestRegressor") }
        return fitted
    }

    /// Mean target vector over the trees, [N, outputCount].
    public func predict(_ x: Tensor) throws -> Tensor { try model().predict(x, threads: config.threads) }
    public func predict<S: FeatureSource>(_ source: S) throws -> Tensor { try model().predict(source: source, threads: config.threads) }

    public var featureCount: Int { fitted?.featureCount ?? 0 }
    public var featureImportances: [Float] { fitted?.importances ?? [] }
    public var trees: [TreeNodes] { fitted?.trees ?? [] }

    public var treeCount: Int { fitted?.trees.count ?? 0 }
    public var outputCount: Int { fitted?.outputCount ?? 0 }
    public func accumulate(tree: Int, sample: UnsafePointer<Float>, into: UnsafeMutablePointer<Float>) {
        fitted!.accumulate(tree: tree, sample: sample, into: into)
    }
}

/// Coefficient of determination, averaged over output columns (scikit-learn's
/// `r2_score` with `multioutput="uniform_average"`). A [N] truth matches a [N, 1] prediction.
public func r2Score(truth: Tensor, prediction: Tensor) -> Double {
    precondition(truth.count == prediction.count && truth.shape[0] == prediction.shape[0], "r2Score: shapes differ")
    let k = prediction.rank == 2 ? prediction.shape[1] : 1, n = truth.count / k
    let y = truth.scalars, p = prediction.scalars
    var total = 0.0
    for j in 0..<k {
        var mean = 0.0
        for i in 0..<n { mean += Double(y[i * k + j]) }
        mean /= Double(n)
        var ssRes = 0.0, ssTot = 0.0
        for i in 0..<n {
            let d = Double(y[i * k + j]), e = d - Double(p[i * k + j])
            ssRes += e * e
            ssTot += (d - mean) * (d - mean)
        }
        total += ssTot > 0 ? 1 - ssRes / ssTot : (ssRes == 0 ? 1 : 0)
    }
    return total / Double(k)
}
