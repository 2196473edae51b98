import Foundation
import Tensor

/// One CART tree (classification with Gini / entropy, or multi-output MSE regression).
///
/// ```swift
/// let tree = DecisionTree(config: TreeConfig(maxDepth: 3))
/// var rng = RandomGenerator(seed: 0)
/// try tree.fit(DenseFeatures(x), labels: y, rng: &rng)
/// let p = try tree.predictProba(x)    // [N, classes]
/// ```
public final class DecisionTree: @unchecked Sendable {
    public let config: TreeConfig
    /// The fitted tree; nil before `fit`.
    public private(set) var nodes: TreeNodes?
    /// Impurity decrease per feature, normalised to sum to 1.
    public private(set) var featureImportances: [Float] = []
    public private(set) var featureCount = 0

    public init(config: TreeConfig = TreeConfig()) { self.config = config }

    /// Classification. `sampleIndices` (repeats allowed, e.g. a bootstrap) and `weights`
    /// (one per source sample) multiply into per-sample weights.
    public func fit<S: FeatureSource>(_ source: S, labels: [Int], classCount: Int? = nil, sampleIndices: [Int]? = nil,
                                      weights: [Float]? = nil, rng: inout RandomGenerator) throws {
        guard config.criterion.isClassification else {
            throw ForestError.invalidArgument("DecisionTree.fit(labels:): criterion .mse is for regression; use .gini or .entropy, or fit(targets:)")
        }
        let t = try TreeTargets.classes(labels, classCount: classCount, sampleCount: source.sampleCount)
        try grow(source, t, try combinedWeights(sampleCount: source.sampleCount, indices: sampleIndices, sampleWeights: weights,
                                                classWeights: nil, labels: t.labels), &rng)
    }

    /// Regression on [N] or [N, K] targets.
    public func fit<S: FeatureSource>(_ source: S, targets: Tensor, sampleIndices: [Int]? = nil,
                                      weights: [Float]? = nil, rng: inout RandomGenerator) throws {
        guard config.criterion == .mse else {
            throw ForestError.invalidArgument("DecisionTree.fit(targets:): criterion \(config.criterion) is for classification; use .mse")
        }
        let t = try TreeTargets.regression(targets, sampleCount: source.sampleCount)
        try grow(source, t, try combinedWeights(sampleCount: source.sampleCount, indices: sampleIndices, sampleWeights: weights,
                                                classWeights: nil, labels: []), &rng)
    }

    private func grow<S: FeatureSource>(_ source: S, _ targets: TreeTargets, _ weights: [Double], _ rng: inout RandomGenerator) throws {
        try config.validate()
        let grown = CARTBuilder(config: config, targets: targets, featureCount: source.featureCount)
            .grow(source: source, weights: weights, rng: &rng)
        let sum = grown.importances.reduce(0, +)
        nodes = grown.nodes
        featureCount = source.featureCount
        featureImportances = grown.importances.map { Float(sum > 0 ? $0 / sum : 0) }
    }

    private func forest() throws -> FittedForest {
        guard let nodes else { throw ForestError.notFitted("DecisionTree") }
        return FittedForest(trees: [nodes], featureCount: featureCount, outputCount: nodes.outputCount, importances: featureImportances)
    }

    /// Leaf class probabilities (classification) or mean targets (regression), [N, outputs].
    public func predictValues(_ x: Tensor) throws -> Tensor { try forest().predict(x, threads: 1) }
    public func predictProba(_ x: Tensor) throws -> Tensor { try predictValues(x) }
    /// Most probable class per row.
    public func predict(_ x: Tensor) throws -> [Int] { rowArgmax(try predictValues(x)) }
}
