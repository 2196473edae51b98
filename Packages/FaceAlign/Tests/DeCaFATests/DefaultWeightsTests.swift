import FaceAlignCore
import Foundation
import XCTest
@testable import DeCaFA

/// The shipped weights load (file SHA-256 and tensor digest checked) and still beat the mean
/// shape clearly: a regression test of the release.
final class DefaultWeightsTests: XCTestCase {
    func testDefaultWeightsLoadAndBeatTheMeanShape() throws {
        let detector = try DeCaFADetector.pretrained()
        XCTAssertEqual(detector.config, DeCaFAConfig())
        let split = try DeCaFAEvaluation.benchmarkSplit(.easy, count: 60)
        let report = try DeCaFAEvaluation.evaluate(detector, on: split)
        let baseline = try DeCaFAEvaluation.meanShapeBaseline(on: split)
        print("default weights on 60 easy faces: NME io \(100 * report.meanInterOcular) %, mean shape \(100 * baseline.interOcular) %")
        XCTAssertLessThan(report.meanInterOcular, 0.6 * baseline.interOcular)
        XCTAssertLessThan(report.perStage[1], report.perStage[0])
    }
}
