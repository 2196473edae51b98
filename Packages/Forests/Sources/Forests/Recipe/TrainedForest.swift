import Foundation
import NN
import Tensor

/// A fitted classifier or regressor with the column names of its training table: what
/// `facet forest` saves, evaluates and predicts with.
public enum TrainedForest {
    case classifier(RandomForestClassifier)
    case regressor(RandomForestRegressor)

    public var columns: ForestColumns? {
        switch self {
        case .classifier(let f): return f.columns
        case .regressor(let f): return f.columns
        }
    }

    public var isClassifier: Bool { if case .classifier = self { return true } else { return false } }

    public var oobScore: Double? {
        switch self {
        case .classifier(let f): return f.oobScore
        case .regressor(let f): return f.oobScore
        }
    }

    public var treeCount: Int {
        switch self {
        case .classifier(let f): return f.config.treeCount
        case .regressor(let f): return f.config.treeCount
        }
    }

    public func save(to url: URL) throws {
        switch self {
        case .classifier(let f): try f.save(to: url)
        case .regressor(let f): try f.save(to: url)
        }
    }

    /// Loads either kind, telling them apart by the file's header.
    public static func load(from url: URL) throws -> TrainedForest {
        switch try ForestFile.kind(of: url) {
        case "RandomForestClassifier": return .classifier(try RandomForestClassifier.load(from: url))
        case "RandomForestRegressor": return .regressor(try RandomForestRegressor.load(from: url))
        case let other: throw ForestError.corruptFile(file: url.path, message: "it holds a \(other), which facet forest does not read")
        }
    }

    /// The model's columns, or an error saying the model cannot read tables by name.
    func requireColumns() throws -> ForestColumns {
        guard let columns else {
            throw ForestError.invalidArgument("this forest was saved without column names; fit it with ForestRecipe.fit(table) or `facet forest train` to use it on CSV files")
        }
        return columns
    }

    /// Predictions for the rows of a CSV file, read by the model's feature column names.
    public func predict(csv url: URL) throws -> ForestPredictions {
        let columns = try requireColumns()
        let x = try CSVTable.readColumns(url, columns: columns.features)
        return try predict(x)
    }

    /// Predictions for the rows of a [samples, features] tensor.
    public func predict(_ x: Tensor) throws -> ForestPredictions {
        switch self {
        case .classifier(let f):
            let p = try f.predictProba(x)
            let k = p.shape[1]
            let scalars = p.scalars
            var labels = [Int](), confidence = [Float]()
            for r in 0..<p.shape[0] {
                let row = scalars[(r * k)..<((r + 1) * k)]
                let best = row.indices.max { row[$0] < row[$1] }! - r * k
                labels.append(best)
                confidence.append(row[r * k + best])
            }
            return .classes(labels: labels, names: f.columns?.classes ?? [], confidence: confidence)
        case .regressor(let f):
            return .values(try f.predict(x))
        }
    }

    /// Scores the forest on a labelled CSV file: accuracy and macro F1 for a classifier
    /// (labels matched by class name), R², MAE and RMSE for a regressor.
    public func evaluate(csv url: URL) throws -> ForestEvaluation {
        let columns = try requireColumns()
        let x = try CSVTable.readColumns(url, columns: columns.features)
        switch self {
        case .classifier:
            let table = try CSVTable.read(url, target: columns.target, asClasses: true)
            let index = Dictionary(uniqueKeysWithValues: columns.classes.enumerated().map { ($0.element, $0.offset) })
            var truth = [Int]()
            for (row, label) in table.labels!.values.enumerated() {
                let name = table.classNames[label]
                guard let k = index[name] else {
                    throw ForestError.invalidArgument("\(url.path): row \(row + 2) has class '\(name)', which the model never saw (it knows \(columns.classes.joined(separator: ", ")))")
                }
                truth.append(k)
            }
            guard case .classes(let predicted, _, _) = try predict(x) else { unreachable() }
            return ForestEvaluation.classification(truth: truth, predicted: predicted, classNames: columns.classes)
        case .regressor:
            let table = try CSVTable.read(url, target: columns.target, asClasses: false)
            guard let targets = table.targets else {
                throw ForestError.invalidArgument("\(url.path): the target '\(columns.target)' holds text; the model is a regressor")
            }
            guard case .values(let predicted) = try predict(x) else { unreachable() }
            return ForestEvaluation.regression(truth: targets, predicted: predicted)
        }
    }

    private func unreachable() -> Never { preconditionFailure("prediction kind does not match the model kind") }
}

/// What a forest predicts for a batch of rows.
public enum ForestPredictions {
    /// Class index per row, the class names by index (empty if unknown), and the winning
    /// class's averaged probability.
    case classes(labels: [Int], names: [String], confidence: [Float])
    /// [rows, outputs] regression values.
    case values(Tensor)
}
