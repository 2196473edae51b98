import Foundation
import Tensor

/// Breiman's random forest for classification (and Extra-Trees with
/// `tree.thresholdMode = .random(perFeature:)`): bootstrap samples, CART trees with
/// `maxFeatures` candidates per node, class probabilities averaged over trees (soft voting,
/// as scikit-learn does).
///
/// ```swift
/// let forest = RandomForestClassifier(config: ForestConfig(treeCount: 100, seed: 1, oobScore: true))
/// try forest.fit(DenseFeatures(train.inputs), labels: train.labels!.values)
/// let p = try forest.predictProba(test.inputs)     // [N, classes]
/// print(forest.oobScore!, forest.featureImportances)
/// ```
///
/// Fitting replaces the fitted state; do not fit while another thread predicts.
public final class RandomForestClassifier: TreeEnsemble, @unchecked Sendable {
    public let config: ForestConfig
    public let classWeight: ClassWeight?
    var fitted: FittedForest?
    /// Out-of-bag accuracy, when `config.oobScore` (samples in every bag are left out).
    public internal(set) var oobScore: Double?
    /// Column names of the table the forest learned from; saved with the model.
    public var columns: ForestColumns?

    public init(config: ForestConfig = ForestConfig(), classWeight: ClassWeight? = nil) {
        self.config = config
        self.classWeight = classWeight
    }

    init(config: ForestConfig, classWeight: ClassWeight?, fitted: FittedForest, oobScore: Double?) {
        self.config = config
        self.classWeight = classWeight
        self.fitted = fitted
        self.oobScore = oobScore
    }

    /// Labels are class indices in `0..<classCount` (default: the largest label + 1).
    public func fit<S: FeatureSource>(_ source: S, labels: [Int], classCount: Int? = nil, sampleWeights: [Float]? = nil) throws {
        let targets = try TreeTargets.classes(labels, classCount: classCount, sampleCount: source.sampleCount)
        let classWeights = try resolveClassWeights(classWeight, labels: targets.labels, classCount: targets.outputCount)
        let weights = try combinedWeights(sampleCount: source.sampleCount, indices: nil, sampleWeights: sampleWeights,
                                          classWeights: classWeights, labels: targets.labels)
        let forest = try FittedForest.train(source: source, targets: targets, weights: weights, config: config, label: "random forest")
        fitted = forest
        oobScore = nil
        if config.oobScore {
            var right = 0, scored = 0
            for (i, p) in forest.outOfBag(source: source, config: config).enumerated() {
                guard let p else { continue }
                scored += 1
                if argmax(p) == labels[i] { right += 1 }
            }
            oobScore = scored > 0 ? Double(right) / Double(scored) : nil
        }
    }

    /// Fits on the rows of a [samples, features] tensor.
    public func fit(_ x: Tensor, labels: [Int], classCount: Int? = nil, sampleWeights: [Float]? = nil) throws {
        try fit(DenseFeatures(x), labels: labels, classCount: classCount, sampleWeights: sampleWeights)
    }

    func model() throws -> FittedForest {
        guard let fitted else { throw ForestError.notFitted("RandomForestClassifier") }
        return fitted
    }

    /// Mean class probabilities over the trees, [N, classCount].
    public func predictProba(_ x: Tensor) throws -> Tensor { try model().predict(x, threads: config.threads) }
    public func predictProba<S: FeatureSource>(_ source: S) throws -> Tensor { try model().predict(source: source, threads: config.threads) }

    /// The most probable class of each row (the lowest index among ties).
    public func predict(_ x: Tensor) throws -> [Int] { rowArgmax(try predictProba(x)) }
    public func predict<S: FeatureSource>(_ source: S) throws -> [Int] { rowArgmax(try predictProba(source)) }

    public var classCount: Int { fitted?.outputCount ?? 0 }
    public var featureCount: Int { fitted?.featureCount ?? 0 }
    /// Mean decrease of impurity per feature, normalised to sum to 1.
    public var featureImportances: [Float] { fitted?.importances ?? [] }
    /// The fitted trees (leaf values are class probabilities).
    public var trees: [TreeNodes] { fitted?.trees ?? [] }

    // TreeEnsemble (conditional forests draw single trees).
    public var treeCount: Int { fitted?.trees.count ?? 0 }
    public var outputCount: Int { classCount }
    public func accumulate(tree: Int, sample: UnsafePointer<Float>, into: UnsafeMutablePointer<Float>) {
        fitted!.accumulate(tree: tree, sample: sample, into: into)
    }
}

func argmax(_ p: [Float]) -> Int {
    var best = 0
    for i in 1..<p.count where p[i] > p[best] { best = i }
    return best
}

func rowArgmax(_ t: Tensor) -> [Int] {
    let rows = t.shape[0], k = t.shape[1]
    let s = t.scalars
    return (0..<rows).map { r in
        var best = 0
        for j in 1..<k where s[r * k + j] > s[r * k + best] { best = j }
        return best
    }
}
