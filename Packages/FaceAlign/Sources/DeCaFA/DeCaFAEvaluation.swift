import FaceAlignCore
import Foundation
import NN
import Tensor

/// NME of a detector on faces with known landmarks (crops from the faces' own boxes).
public enum DeCaFAEvaluation {
    public struct Report: Sendable {
        /// Per-face NME (fractions), inter-ocular, over all 68 points.
        public var interOcular: [Float]
        /// Per-face NME, bounding-box normaliser.
        public var box: [Float]
        /// Mean inter-ocular NME after each stage.
        public var perStage: [Float]
        public var meanInterOcular: Float { NME.mean(interOcular) }
        public var meanBox: Float { NME.mean(box) }
        public func auc(_ alpha: Float) -> Float { (try? CumulativeErrorDistribution(errors: interOcular).areaUnderCurve(alpha: alpha)) ?? .nan }
        public func failureRate(_ alpha: Float) -> Float { (try? CumulativeErrorDistribution(errors: interOcular).failureRate(alpha: alpha)) ?? .nan }
    }

    /// Evaluates on `faces` (68-point ground truth), batches of 32.
    public static func evaluate(_ detector: DeCaFADetector, on faces: DeCaFAFaceSet) throws -> Report {
        let config = detector.config
        var io: [Float] = [], bx: [Float] = []
        var stageSums = [Double](repeating: 0, count: config.stageCount)
        var start = 0
        while start < faces.count {
            let end = min(faces.count, start + 32)
            var crops: [Tensor] = [], transforms: [FaceCropTransform] = []
            for i in start..<end {
                let t = try FaceCropTransform(box: faces.boxes[i], size: config.inputSize, margin: config.cropMargin)
                crops.append(try t.crop(try faces.image(at: i)))
                transforms.append(t)
            }
            let predictions = try detector.predictBatch(try Tensor.stack(crops, alongAxis: 0))
            for (j, p) in predictions.enumerated() {
                let truth = faces.shapes[start + j]
                let shape = transforms[j].toImage(p.shape)
                io.append(try NME.evaluate(shape, against: truth, normalizer: .interOcular).all)
                bx.append(try NME.evaluate(shape, against: truth, normalizer: .boundingBox).all)
                for (k, s) in p.stageShapes.enumerated() {
                    stageSums[k] += Double(try NME.evaluate(transforms[j].toImage(s), against: truth, normalizer: .interOcular).all)
                }
            }
            start = end
        }
        return Report(interOcular: io, box: bx, perStage: stageSums.map { Float($0 / Double(max(1, faces.count))) })
    }

    /// The test split the toolkit's benchmark uses for the mean-shape baseline: world seed 7,
    /// the first `count` faces of a preset, rendered at the preset's 64 px.
    public static func benchmarkSplit(_ preset: SyntheticFaceConfig, count: Int = 300) throws -> DeCaFAFaceSet {
        try DeCaFAFaceSet.synthetic(config: preset, seed: 7, count: count, renderSize: preset.imageSize)
    }

    /// The mean-shape baseline on the same faces.
    public static func meanShapeBaseline(on faces: DeCaFAFaceSet) throws -> (interOcular: Float, box: Float) {
        let baseline = MeanShapeBaseline()
        var io: [Float] = [], bx: [Float] = []
        for i in 0..<faces.count {
            let p = baseline.predict(box: faces.boxes[i])
            io.append(try NME.evaluate(p, against: faces.shapes[i], normalizer: .interOcular).all)
            bx.append(try NME.evaluate(p, against: faces.shapes[i], normalizer: .boundingBox).all)
        }
        return (NME.mean(io), NME.mean(bx))
    }
}
