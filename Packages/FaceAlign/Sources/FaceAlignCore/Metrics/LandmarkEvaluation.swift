/// One evaluation table row: the data-set NME (all points and visible points), AUC@α and FR@α,
/// with the normaliser and threshold it was computed with, so every table can state them.
public struct LandmarkEvaluation: Sendable, Equatable, CustomStringConvertible {
    public var normalizer: NMENormalizer
    public var alpha: Float
    /// Per-image NMEs over all points.
    public var perImage: [Float]
    /// Mean NME over all points (a fraction).
    public var nme: Float
    /// Mean over images of the visible-point NME; nil when no image carries visibility.
    public var nmeVisible: Float?
    public var auc: Float
    public var failureRate: Float

    /// Evaluates paired predictions and ground truths (README-facealign §5).
    public init(predictions: [Shape], groundTruths: [Shape], normalizer: NMENormalizer = .interOcular,
                alpha: Float = 0.08) throws {
        let results = try NME.evaluate(predictions, against: groundTruths, normalizer: normalizer)
        guard !results.isEmpty else {
            throw FaceAlignError.invalidArgument(op: "LandmarkEvaluation", message: "no image to evaluate; pass at least one shape")
        }
        let ced = try CumulativeErrorDistribution(errors: results.map(\.all))
        self.normalizer = normalizer
        self.alpha = alpha
        perImage = results.map(\.all)
        nme = NME.mean(perImage)
        let visible = results.compactMap(\.visible)
        nmeVisible = visible.isEmpty ? nil : NME.mean(visible)
        auc = try ced.areaUnderCurve(alpha: alpha)
        failureRate = try ced.failureRate(alpha: alpha)
    }

    public var description: String {
        func pct(_ v: Float) -> String { String(Float(Int((v * 10000).rounded())) / 100) + "%" }
        let vis = nmeVisible.map { ", visible \(pct($0))" } ?? ""
        return "NME (\(normalizer)) \(pct(nme))\(vis), AUC@\(alpha) \(String(Float(Int((auc * 10000).rounded())) / 10000)), "
            + "FR@\(alpha) \(pct(failureRate)) over \(perImage.count) images"
    }
}
