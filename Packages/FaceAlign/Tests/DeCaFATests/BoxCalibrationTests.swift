import FaceAlignCore
import Foundation
import Imaging
import XCTest

/// The pipeline's default box calibration (OpenCV frontal cascade → synthetic-world boxes) is
/// what the detector measures on synthetic faces.
final class BoxCalibrationTests: XCTestCase {
    func testViolaJonesCalibrationMatchesSyntheticFaces() throws {
        var config = SyntheticFaceConfig.easy
        config.imageSize = 160
        config.color = .rgb
        let world = try SyntheticFaceWorld(config: config, seed: 21)
        let detector = try ViolaJonesDetector.frontalFace()
        var detected: [FaceBox] = [], reference: [FaceBox] = []
        for i in 0..<80 {
            let s = world.sample(at: i)
            let truth = s.labels.faceBox
            guard let best = try detector.detect(s.image).max(by: { $0.intersectionOverUnion(truth) < $1.intersectionOverUnion(truth) }),
                  best.intersectionOverUnion(truth) > 0.3 else { continue }
            detected.append(best)
            reference.append(truth)
        }
        print("Viola-Jones found \(detected.count) of 80 synthetic faces")
        XCTAssertGreaterThan(detected.count, 20)
        let measured = try FaceBoxCalibration.estimate(detected: detected, reference: reference)
        print("measured calibration: scale \(measured.scale), dx \(measured.dx), dy \(measured.dy)")
        let d = FaceBoxCalibration.violaJonesToSyntheticWorld
        XCTAssertEqual(d.scale, measured.scale, accuracy: 0.08)
        XCTAssertEqual(d.dy, measured.dy, accuracy: 0.05)
        XCTAssertEqual(d.dx, measured.dx, accuracy: 0.05)
    }
}
