import Foundation
import Tensor

/// How a node's impurity is measured.
public enum SplitCriterion: String, Sendable, Codable, CaseIterable {
    /// `1 − Σ p_c²` (classification).
    case gini
    /// `− Σ p_c log p_c` (classification).
    case entropy
    /// Mean squared distance to the mean target vector, summed over outputs (regression).
    case mse

    var isClassification: Bool { self != .mse }
}

/// How many features a node draws as split candidates.
public enum MaxFeatures: Sendable, Equatable, Codable {
    case sqrt
    case log2
    /// A fraction of the features (at least one).
    case fraction(Double)
    case count(Int)
    case all

    /// The number of candidates for `featureCount` features, in 1...featureCount
    /// (rounding as scikit-learn does: truncation, at least 1).
    public func resolve(featureCount: Int) -> Int {
        let n: Int
        switch self {
        case .sqrt: n = Int(Double(featureCount).squareRoot())
        case .log2: n = featureCount > 0 ? Int(Foundation.log2(Double(featureCount))) : 0
        case .fraction(let f): n = Int(f * Double(featureCount))
        case .count(let c): n = c
        case .all: n = featureCount
        }
        return min(max(n, 1), max(featureCount, 1))
    }
}

/// How a candidate feature's thresholds are chosen.
public enum ThresholdMode: Sendable, Equatable, Codable {
    /// Every midpoint between consecutive distinct values (CART, random forests).
    case exhaustive
    /// `perFeature` thresholds drawn uniformly in the node's [min, max) of the feature
    /// (Extra-Trees): no sort, so far cheaper when the feature pool is huge.
    case random(perFeature: Int)
}

/// Hyperparameters of one CART tree (scikit-learn's defaults).
public struct TreeConfig: Sendable, Equatable, Codable {
    public var criterion: SplitCriterion
    /// `nil`: grow until the other rules stop.
    public var maxDepth: Int?
    public var minSamplesSplit: Int
    public var minSamplesLeaf: Int
    public var maxFeatures: MaxFeatures
    public var thresholdMode: ThresholdMode
    /// A split must lower impurity by at least this much (`Δ` of the spec, unweighted by
    /// the node's share of the data).
    public var minImpurityDecrease: Double

    public init(criterion: SplitCriterion = .gini, maxDepth: Int? = nil, minSamplesSplit: Int = 2,
                minSamplesLeaf: Int = 1, maxFeatures: MaxFeatures = .all,
                thresholdMode: ThresholdMode = .exhaustive, minImpurityDecrease: Double = 0) {
        self.criterion = criterion
        self.maxDepth = maxDepth
        self.minSamplesSplit = minSamplesSplit
        self.minSamplesLeaf = minSamplesLeaf
        self.maxFeatures = maxFeatures
        self.thresholdMode = thresholdMode
        self.minImpurityDecrease = minImpurityDecrease
    }

    /// Rejects settings that cannot grow a tree, naming the field to fix.
    func validate() throws {
        func bad(_ message: String) -> ForestError { .invalidArgument("TreeConfig: \(message)") }
        if let d = maxDepth, d < 0 { throw bad("maxDepth must be ≥ 0 or nil, got \(d)") }
        guard minSamplesSplit >= 2 else { throw bad("minSamplesSplit must be ≥ 2, got \(minSamplesSplit)") }
        guard minSamplesLeaf >= 1 else { throw bad("minSamplesLeaf must be ≥ 1, got \(minSamplesLeaf)") }
        switch maxFeatures {
        case .fraction(let f) where !(f > 0 && f <= 1): throw bad("maxFeatures .fraction must be in (0, 1], got \(f)")
        case .count(let c) where c < 1: throw bad("maxFeatures .count must be ≥ 1, got \(c)")
        default: break
        }
        if case .random(let k) = thresholdMode, k < 1 { throw bad("thresholdMode .random(perFeature:) must be ≥ 1, got \(k)") }
        guard minImpurityDecrease >= 0, minImpurityDecrease.isFinite else { throw bad("minImpurityDecrease must be a finite value ≥ 0") }
    }
}

/// Per-class weights that multiply sample weights (class balancing).
public enum ClassWeight: Sendable, Equatable, Codable {
    /// `n / (C · n_c)`, from the whole training set (scikit-learn's "balanced").
    case balanced
    /// One weight per class.
    case custom([Float])
}

/// Hyperparameters of a random forest (or Extra-Trees with `tree.thresholdMode = .random`
/// and `bootstrap = false`).
public struct ForestConfig: Sendable, Equatable, Codable {
    public var treeCount: Int
    public var bootstrap: Bool
    /// Bootstrap sample size as a fraction of the training set.
    public var maxSamplesFraction: Double
    public var tree: TreeConfig
    /// Tree `t` draws from a generator seeded with `(seed, t)`, so the forest does not
    /// depend on `threads`.
    public var seed: UInt64
    /// Workers that grow trees (and predict).
    public var threads: Int
    /// Compute the out-of-bag score after fitting (needs `bootstrap`).
    public var oobScore: Bool
    /// Report progress on standard error (`ProgressReporter`).
    public var showProgress: Bool

    public init(treeCount: Int = 100, bootstrap: Bool = true, maxSamplesFraction: Double = 1,
                tree: TreeConfig = TreeConfig(maxFeatures: .sqrt), seed: UInt64 = 0,
                threads: Int = Parallel.threads, oobScore: Bool = false, showProgress: Bool = false) {
        self.treeCount = treeCount
        self.bootstrap = bootstrap
        self.maxSamplesFraction = maxSamplesFraction
        self.tree = tree
        self.seed = seed
        self.threads = threads
        self.oobScore = oobScore
        self.showProgress = showProgress
    }

    /// scikit-learn's RandomForestRegressor defaults: MSE and every feature per node.
    public static func regression(treeCount: Int = 100, seed: UInt64 = 0) -> ForestConfig {
        ForestConfig(treeCount: treeCount, tree: TreeConfig(criterion: .mse, maxFeatures: .all), seed: seed)
    }

    func validate() throws {
        try tree.validate()
        guard treeCount >= 1 else { throw ForestError.invalidArgument("ForestConfig: treeCount must be ≥ 1, got \(treeCount)") }
        guard threads >= 1 else { throw ForestError.invalidArgument("ForestConfig: threads must be ≥ 1, got \(threads)") }
        guard maxSamplesFraction > 0, maxSamplesFraction <= 1 else {
            throw ForestError.invalidArgument("ForestConfig: maxSamplesFraction must be in (0, 1], got \(maxSamplesFraction)")
        }
        if oobScore && !bootstrap {
            throw ForestError.invalidArgument("ForestConfig: oobScore needs bootstrap = true (without it no sample is out of bag)")
        }
    }
}
