import XCTest
@testable import FaceAlignCore

final class SyntheticBaselineTests: XCTestCase {
    /// The mean shape in the detector box scores badly, worse on hard than on easy: a method
    /// has to look at the image. FACET_SYNTH_BENCH=1 measures on more faces and prints speed.
    func testSyntheticMeanShapeBaselineNME() throws {
        let bench = ProcessInfo.processInfo.environment["FACET_SYNTH_BENCH"] != nil
        let n = bench ? 300 : 24
        let baseline = MeanShapeBaseline()
        var results: [String: Float] = [:]
        for split in ["easy", "hard"] {
            let world = try SyntheticFaceWorld(config: SyntheticFaceConfig.preset(named: split)!, seed: 100)
            var errors: [Float] = [], boxErrors: [Float] = []
            for i in 0..<n {
                let l = world.sample(at: i).labels
                let truth = l.shape
                let prediction = baseline.predict(box: l.faceBox)
                if let e = try? NME.evaluate(prediction, against: truth, normalizer: .interOcular) { errors.append(e.all) }
                boxErrors.append(try NME.evaluate(prediction, against: truth, normalizer: .boundingBox).all)
            }
            results[split] = NME.mean(errors) * 100
            results[split + "-box"] = NME.mean(boxErrors) * 100
        }
        print("mean-shape baseline NME (%, \(n) faces) inter-ocular: easy \(results["easy"]!), hard \(results["hard"]!); "
              + "box: easy \(results["easy-box"]!), hard \(results["hard-box"]!)")
        XCTAssertGreaterThan(results["easy"]!, 4)
        XCTAssertGreaterThan(results["hard"]!, results["easy"]!)
        // Sanity: on the mean face, frontal and with an exact box, the baseline is nearly exact.
        var exact = SyntheticFaceConfig.easy
        exact.boxJitter = 0
        let l = try SyntheticFaceWorld(config: exact, seed: 0).render(SyntheticFaceScene()).labels
        XCTAssertLessThan(try NME.evaluate(baseline.predict(box: l.faceBox), against: l.shape).all, 0.01)
        if bench {
            // Head pose by PnP of the true landmarks against the mean shape (identity and
            // expression differ from the mean): known camera, and the guessed portrait camera.
            let world = try SyntheticFaceWorld(config: .medium, seed: 200)
            var known: [HeadPose] = [], guessed: [HeadPose] = [], truth: [HeadPose] = []
            for i in 0..<200 {
                let l = world.sample(at: i).labels
                known.append(try HeadPoseFromLandmarks.estimate(l.shape, camera: l.camera.intrinsics, visibleOnly: false).pose)
                guessed.append(try HeadPoseFromLandmarks.estimate(l.shape, visibleOnly: false).pose)
                truth.append(l.pose)
            }
            print("pose from true landmarks, medium: MAE known camera \(try HeadPoseMAE(predictions: known, groundTruths: truth)), "
                  + "guessed camera \(try HeadPoseMAE(predictions: guessed, groundTruths: truth))")
            for size in [64, 128] {
                var config = SyntheticFaceConfig.medium
                config.imageSize = size
                config.color = .rgb
                let world = try SyntheticFaceWorld(config: config, seed: 1)
                let count = size == 64 ? 400 : 200
                let start = Date()
                for i in 0..<count { _ = world.sample(at: i) }
                let seconds = Date().timeIntervalSince(start)
                print("render \(size)px medium RGB: \(String(format: "%.0f", Double(count) / seconds)) faces/s (1 thread)")
            }
        }
    }
}
