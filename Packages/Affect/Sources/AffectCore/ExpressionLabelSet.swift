import FaceAlignCore

/// The names of a classifier's expression classes, in output order.
///
/// Datasets order their emotions differently (RAF-DB, AffectNet, FER2013), so a model
/// carries its label set and a prediction is read through it, never by a bare index.
///
/// ```swift
/// let labels = ExpressionLabelSet.basic
/// labels.name(of: 1)            // "happiness"
/// try labels.index(of: "fear")  // 5
/// ```
public struct ExpressionLabelSet: Hashable, Codable, Sendable {
    public let names: [String]

    public init(names: [String]) throws {
        guard !names.isEmpty else { throw AffectError.invalidArgument("ExpressionLabelSet: give at least one class name") }
        guard Set(names).count == names.count else {
            throw AffectError.invalidArgument("ExpressionLabelSet: class names must be distinct, got \(names)")
        }
        self.names = names
    }

    public var count: Int { names.count }

    public func name(of index: Int) -> String { names.indices.contains(index) ? names[index] : "class \(index)" }

    public func index(of name: String) throws -> Int {
        guard let i = names.firstIndex(of: name) else {
            throw AffectError.invalidArgument("expression '\(name)' is not one of \(names.joined(separator: ", "))")
        }
        return i
    }

    /// Neutral plus the six basic emotions, in the order of FaceAlignCore's `BasicEmotion`
    /// (the synthetic face world's labels), so `emotion.index` is the class index.
    public static let basic = try! ExpressionLabelSet(names: BasicEmotion.allCases.map(\.rawValue))

    /// Ten digits: the toy tasks (rotated digits) use the same models and metrics.
    public static let digits = try! ExpressionLabelSet(names: (0..<10).map(String.init))
}
