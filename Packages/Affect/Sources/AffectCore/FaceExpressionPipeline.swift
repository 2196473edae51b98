import FaceAlignCore
import Imaging
import Tensor

/// One face's recognised expression, in image pixels.
public struct FaceExpressionResult: Sendable, Equatable, Codable {
    /// The detector's box.
    public var box: FaceBox
    public var expression: String
    public var confidence: Float
    /// Probability of every class, in the model's label order.
    public var probabilities: [String: Float]
}

/// Face detector → box calibration → `ExpressionCrop` → an `ExpressionRecognizer`: expressions
/// of every face in a photograph.
///
/// The calibration maps the detector's boxes onto the box convention the model was trained
/// with (`violaJonesToSyntheticWorld` for models trained on the synthetic face world), and
/// `cropMargin` must be the one of training; the recognizer's `inputShape` gives channels and size.
///
/// ```swift
/// let pipeline = try FaceExpressionPipeline(faceDetector: ViolaJonesDetector.frontalFace(), recognizer: model, cropMargin: 0.1)
/// for face in try pipeline.analyze(try ImageIO.read("photo.jpg")) { print(face.expression, face.confidence) }
/// ```
public struct FaceExpressionPipeline {
    public var faceDetector: any FaceDetector
    public var recognizer: any ExpressionRecognizer
    public var boxCalibration: FaceBoxCalibration
    public var cropMargin: Float
    /// At most this many faces, most confident first.
    public var maxFaces: Int

    public init(faceDetector: any FaceDetector, recognizer: any ExpressionRecognizer, cropMargin: Float,
                boxCalibration: FaceBoxCalibration = .violaJonesToSyntheticWorld, maxFaces: Int = 16) throws {
        let shape = recognizer.inputShape
        guard shape.count == 3, shape[1] == shape[2], shape[1] > 0, [1, 3].contains(shape[0]) else {
            throw AffectError.invalidArgument("FaceExpressionPipeline: the recognizer must take square [1 or 3, S, S] crops, it takes \(shape)")
        }
        self.faceDetector = faceDetector
        self.recognizer = recognizer
        self.cropMargin = cropMargin
        self.boxCalibration = boxCalibration
        self.maxFaces = maxFaces
    }

    /// Every face found in `image` with its expression (empty when there is no face).
    public func analyze(_ image: PixelImage) throws -> [FaceExpressionResult] {
        let boxes = Array(try faceDetector.detect(image).prefix(maxFaces))
        guard !boxes.isEmpty else { return [] }
        let shape = recognizer.inputShape
        let pixels = try FaceAnalysisPipeline.tensor(image, channels: shape[0])
        let crops = try boxes.map { try ExpressionCrop.make(pixels, box: boxCalibration.apply($0), size: shape[1], margin: cropMargin) }
        let batch = try Tensor.stack(crops, alongAxis: 0)
        let p = try recognizer.probabilities(batch)
        let labels = recognizer.labels, c = labels.count, s = p.scalars
        return boxes.enumerated().map { i, box in
            let row = Array(s[(i * c)..<((i + 1) * c)])
            let best = row.indices.max { row[$0] < row[$1] }!
            var named: [String: Float] = [:]
            for (k, v) in row.enumerated() { named[labels.name(of: k)] = v }
            return FaceExpressionResult(box: box, expression: labels.name(of: best), confidence: row[best], probabilities: named)
        }
    }
}
