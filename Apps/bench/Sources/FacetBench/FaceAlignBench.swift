import DeCaFA
import FaceAlignCore
import Foundation
import Imaging
import Tensor

/// `facet-bench facealign [--image PATH] [--frame-out PNG] [--box-out TXT]`: the face detector
/// on a 640x480 frame (Haar and LBP cascades; the peer runs OpenCV's detectMultiScale on the
/// same frame and cascades), per-face landmark latency of the default DeCaFA model on the
/// face found there (batch 1 and 16; the box goes to `--box-out` so the peer's landmark model
/// reads the same face), the synthetic world's rendering rate, and the mean-shape NME.
enum FaceAlignBench {
    static func run(_ arguments: [String]) throws {
        func option(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        }
        if let path = option("--image") {
            // A 4:3 centre crop of the portrait, scaled to 640x480: a webcam-sized frame.
            let photo = try ImageIO.read(path)
            let cropHeight = min(photo.height, photo.width * 3 / 4), cropWidth = cropHeight * 4 / 3
            let x0 = Double(photo.width - cropWidth) / 2, y0 = Double(photo.height - cropHeight) / 2
            let crop = try ImageOps.crop(photo.chwTensor(), box: (x0, y0, Double(cropWidth), Double(cropHeight)),
                                     width: 640, height: 480)
            let frame = try PixelImage(chw: crop)
            if let out = option("--frame-out") { try ImageIO.write(frame, to: out) }
            let haar = try ViolaJonesDetector.frontalFace(), lbp = try ViolaJonesDetector.frontalFaceLBP()
            report("detect_haar_faces", Double(try haar.detect(frame).count), digits: 0)
            report("detect_haar_640x480_ms", 1000 * (try medianTime(warmup: 2, repeats: 9) { _ = try haar.detect(frame) }))
            report("detect_lbp_faces", Double(try lbp.detect(frame).count), digits: 0)
            report("detect_lbp_640x480_ms", 1000 * (try medianTime(warmup: 2, repeats: 9) { _ = try lbp.detect(frame) }))
            if let box = try haar.detect(frame).first {
                if let out = option("--box-out") {
                    try "\(box.x) \(box.y) \(box.width) \(box.height)\n".write(toFile: out, atomically: true, encoding: .utf8)
                }
                try landmarkLatency(frame: frame, box: box)
            }
        }
        for size in [64, 128] {
            var config = SyntheticFaceConfig.medium
            config.imageSize = size
            config.color = .rgb
            let world = try SyntheticFaceWorld(config: config, seed: 1)
            let count = 60
            let seconds = medianTime(warmup: 1, repeats: 3) { for i in 0..<count { _ = world.sample(at: i) } }
            report("render_\(size)_faces_per_s", Double(count) / seconds, digits: 1)
        }
        for (name, preset) in [("easy", SyntheticFaceConfig.easy), ("hard", SyntheticFaceConfig.hard)] {
            let world = try SyntheticFaceWorld(config: preset, seed: 7)
            let baseline = MeanShapeBaseline()
            var io: [Float] = [], box: [Float] = []
            for i in 0..<300 {
                let truth = world.sample(at: i).labels
                let predicted = baseline.predict(box: truth.faceBox)
                io.append(try NME.evaluate(predicted, against: truth.shape, normalizer: .interOcular).all)
                box.append(try NME.evaluate(predicted, against: truth.shape, normalizer: .boundingBox).all)
            }
            report("meanshape_nme_io_\(name)_pct", 100 * Double(NME.mean(io)), digits: 1)
            report("meanshape_nme_box_\(name)_pct", 100 * Double(NME.mean(box)), digits: 1)
        }
    }

    /// Per-face time of crop + DeCaFA (default weights) on one face, alone and in batches of 16.
    static func landmarkLatency(frame: PixelImage, box: FaceBox) throws {
        let detector = try DeCaFADetector.pretrained()
        let pixels = try FaceAnalysisPipeline.tensor(frame, channels: detector.inputChannels)
        let transform = try FaceCropTransform(box: FaceBoxCalibration.violaJonesToSyntheticWorld.apply(box),
                                              size: detector.inputSize, margin: detector.cropMargin)
        report("landmarks_params", Double(detector.network.parameterCount), digits: 0)
        // One BLAS thread, as the peer runs; the default thread count beside it.
        try atOneAndDefaultBLASThreads { suffix in
            report("landmarks_b1\(suffix)_ms", 1000 * (try medianTime(warmup: 3, repeats: 21) {
                _ = try detector.predict(try transform.crop(pixels))
            }))
            report("landmarks_b16\(suffix)_ms", 1000 * (try medianTime(warmup: 2, repeats: 9) {
                _ = try detector.predictBatch(try Tensor.stack((0..<16).map { _ in try transform.crop(pixels) }, alongAxis: 0))
            }) / 16)
        }
    }
}
