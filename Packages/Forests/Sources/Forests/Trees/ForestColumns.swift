/// The names behind a forest's numbers, kept with the model so that predictions on a new
/// table use the same columns in the same order and speak in class names, not indices.
public struct ForestColumns: Sendable, Equatable, Codable {
    /// Feature columns, in the order of the model's features.
    public var features: [String]
    /// The target column the forest learned.
    public var target: String
    /// Class names by index (classification); empty for regression.
    public var classes: [String]

    public init(features: [String], target: String, classes: [String] = []) {
        self.features = features
        self.target = target
        self.classes = classes
    }

    func validated(featureCount: Int, classCount: Int?, file: String) throws -> ForestColumns {
        guard features.count == featureCount else {
            throw ForestError.corruptFile(file: file, message: "it names \(features.count) feature columns for \(featureCount) features")
        }
        if let classCount, !classes.isEmpty, classes.count != classCount {
            throw ForestError.corruptFile(file: file, message: "it names \(classes.count) classes for \(classCount) outputs")
        }
        return self
    }
}
