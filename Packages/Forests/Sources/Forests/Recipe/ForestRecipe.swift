import Foundation
import NN
import Tensor

/// Everything needed to fit a forest on a table: the estimator kind and its settings.
/// `facet forest train` builds one from the `forests` plugin's hyperparameters; code can
/// build one directly.
///
/// ```swift
/// let table = try CSVTable.read(URL(fileURLWithPath: "train.csv"), target: "species")
/// let forest = try ForestRecipe(config: ForestConfig(treeCount: 200, oobScore: true)).fit(table)
/// try forest.save(to: URL(fileURLWithPath: "species.forest"))
/// ```
public struct ForestRecipe: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Classification when the target column holds text, regression when it is numeric.
        case auto
        case classification
        case regression
    }

    public var kind: Kind
    /// Settings shared by both kinds; a regression fit replaces a classification criterion
    /// by `.mse`.
    public var config: ForestConfig
    public var classWeight: ClassWeight?
    /// Split candidates per node when the fit is a regression (scikit-learn's default: all).
    public var regressionMaxFeatures: MaxFeatures

    public init(kind: Kind = .auto, config: ForestConfig = ForestConfig(), classWeight: ClassWeight? = nil,
                regressionMaxFeatures: MaxFeatures = .all) {
        self.kind = kind
        self.config = config
        self.classWeight = classWeight
        self.regressionMaxFeatures = regressionMaxFeatures
    }

    /// Fits on every row of `table` and remembers its column names.
    public func fit(_ table: CSVTable) throws -> TrainedForest {
        let classification: Bool
        switch kind {
        case .auto: classification = table.labels != nil
        case .classification:
            guard table.labels != nil else {
                throw ForestError.invalidArgument("the target '\(table.targetName)' was read as numbers; read the table with asClasses: true to classify it")
            }
            classification = true
        case .regression:
            guard table.targets != nil else {
                throw ForestError.invalidArgument("the target '\(table.targetName)' holds text; regression needs a numeric target column")
            }
            classification = false
        }
        if classification {
            let forest = RandomForestClassifier(config: config, classWeight: classWeight)
            try forest.fit(table.features, labels: table.labels!.values, classCount: table.classNames.count)
            forest.columns = ForestColumns(features: table.featureNames, target: table.targetName, classes: table.classNames)
            return .classifier(forest)
        }
        var regression = config
        regression.tree.criterion = .mse
        regression.tree.maxFeatures = regressionMaxFeatures
        let forest = RandomForestRegressor(config: regression)
        try forest.fit(table.features, targets: table.targets!)
        forest.columns = ForestColumns(features: table.featureNames, target: table.targetName)
        return .regressor(forest)
    }
}
