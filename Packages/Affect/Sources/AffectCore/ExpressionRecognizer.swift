import Tensor

/// The `expression` task: aligned face crops in, a distribution over expression classes out.
///
/// Crops are NCHW float batches of `inputShape` ([C, H, W]); the adapter from a detected and
/// aligned face (FaceAlignCore's normalisation) to such a crop is the caller's job.
public protocol ExpressionRecognizer: AnyObject, Sendable {
    var labels: ExpressionLabelSet { get }
    /// [C, H, W] of one crop.
    var inputShape: [Int] { get }
    /// Class probabilities [N, labels.count] for crops [N, C, H, W]; rows sum to 1.
    func probabilities(_ crops: Tensor) throws -> Tensor
}

/// One crop's recognised expression.
public struct ExpressionPrediction: Hashable, Sendable {
    public var index: Int
    public var name: String
    public var confidence: Float
}

extension ExpressionRecognizer {
    /// The most probable class of each crop.
    public func predict(_ crops: Tensor) throws -> [ExpressionPrediction] {
        let p = try probabilities(crops)
        let c = labels.count
        guard p.rank == 2, p.shape[1] == c else {
            throw AffectError.invalidArgument("expression recognizer returned probabilities of shape \(p.shape) for \(c) classes")
        }
        let s = p.scalars
        return (0..<p.shape[0]).map { i in
            let row = s[(i * c)..<((i + 1) * c)]
            let best = row.indices.max { row[$0] < row[$1] }! - i * c
            return ExpressionPrediction(index: best, name: labels.name(of: best), confidence: row[i * c + best])
        }
    }

    /// Checks crops are [N] + inputShape; models call it before their forward pass.
    public func validateCrops(_ crops: Tensor) throws {
        guard crops.rank == inputShape.count + 1, Array(crops.shape.dropFirst()) == inputShape, crops.shape[0] > 0 else {
            throw AffectError.invalidArgument("expected face crops of shape [N, \(inputShape.map(String.init).joined(separator: ", "))], got \(crops.shape); align and resize the faces first")
        }
    }
}

/// The `action-units` task: per-AU occurrence probabilities for aligned crops.
public protocol ActionUnitDetector: AnyObject, Sendable {
    /// FACS numbers of the detected units, in output order (e.g. [1, 2, 4, 6, 12]).
    var actionUnits: [Int] { get }
    var inputShape: [Int] { get }
    /// Occurrence probabilities [N, actionUnits.count] in [0, 1].
    func occurrenceProbabilities(_ crops: Tensor) throws -> Tensor
}

/// Continuous affect: valence and arousal in [-1, 1] per crop.
public protocol ValenceArousalEstimator: AnyObject, Sendable {
    var inputShape: [Int] { get }
    /// [N, 2]: column 0 valence, column 1 arousal.
    func valenceArousal(_ crops: Tensor) throws -> Tensor
}
