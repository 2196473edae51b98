import AffectCore
import FaceAlignCore
import Imaging
import Tensor
import XCTest

/// Finds the same boxes in every image.
private struct FixedDetector: FaceDetector {
    let boxes: [FaceBox]
    func detect(_ image: PixelImage) throws -> [FaceBox] { boxes }
}

/// Says "happiness" with probability = the crop's mean of its left half mapped to (0, 1), and keeps the crops.
private final class RecordingRecognizer: ExpressionRecognizer, @unchecked Sendable {
    let labels = try! ExpressionLabelSet(names: ["neutral", "happiness"])
    let inputShape = [1, 8, 8]
    var crops: Tensor?
    func probabilities(_ crops: Tensor) throws -> Tensor {
        try validateCrops(crops)
        self.crops = crops
        let n = crops.shape[0], s = crops.scalars
        var out: [Float] = []
        for i in 0..<n {
            var left: Float = 0
            for y in 0..<8 { for x in 0..<4 { left += s[i * 64 + y * 8 + x] } }
            let p = 1 / (1 + exp(-left / 32))
            out += [1 - p, p]
        }
        return try Tensor(shape: [n, 2], scalars: out)
    }
}

final class FaceExpressionPipelineTests: XCTestCase {
    func testCropsAreStandardised() throws {
        var rng = RandomGenerator(seed: 1)
        let crop = ExpressionCrop.standardised(rng.uniform([1, 6, 6], low: 2, high: 5))
        let s = crop.scalars, n = Float(s.count)
        let mean = s.reduce(0, +) / n
        XCTAssertEqual(mean, 0, accuracy: 1e-5)
        XCTAssertEqual(s.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n, 1, accuracy: 1e-4)
        // A blank crop stays finite (all zeros).
        XCTAssertEqual(ExpressionCrop.standardised(Tensor(zeros: [1, 4, 4])).scalars, Array(repeating: 0, count: 16))
        XCTAssertThrowsError(try ExpressionCrop.make(Tensor(zeros: [1, 8, 8]), box: FaceBox(x: 0, y: 0, width: 0, height: 4, score: 1), size: 8, margin: 0))
    }

    /// Image bright on its left half: the crop of a box over the whole image keeps that, so the
    /// recorded crop's left half is positive and the recognizer answers "happiness".
    func testEachFaceIsCroppedFromItsCalibratedBoxAndNamed() throws {
        var image = try PixelImage(width: 32, height: 32, channels: 1)
        image.withUnsafeMutableBytes { b in for y in 0..<32 { for x in 0..<16 { b[y * 32 + x] = 255 } } }
        let box = FaceBox(x: 0, y: 0, width: 32, height: 32, score: 5)
        let recognizer = RecordingRecognizer()
        let pipeline = try FaceExpressionPipeline(faceDetector: FixedDetector(boxes: [box, box]), recognizer: recognizer,
                                                  cropMargin: 0, boxCalibration: .identity)
        let faces = try pipeline.analyze(image)
        XCTAssertEqual(faces.count, 2)
        XCTAssertEqual(faces[0].box, box)
        XCTAssertEqual(faces[0].expression, "happiness")
        XCTAssertGreaterThan(faces[0].confidence, 0.5)
        XCTAssertEqual(faces[0].probabilities["neutral"]! + faces[0].probabilities["happiness"]!, 1, accuracy: 1e-6)
        let expected = try ExpressionCrop.make(FaceAnalysisPipeline.tensor(image, channels: 1), box: box, size: 8, margin: 0)
        XCTAssertEqual(try XCTUnwrap(recognizer.crops).shape, [2, 1, 8, 8])
        for (a, b) in zip(recognizer.crops!.scalars.prefix(64), expected.scalars) { XCTAssertEqual(a, b, accuracy: 1e-6) }

        let none = try FaceExpressionPipeline(faceDetector: FixedDetector(boxes: []), recognizer: recognizer, cropMargin: 0)
        XCTAssertTrue(try none.analyze(image).isEmpty)
    }
}
