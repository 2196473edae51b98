import XCTest
import Imaging
import Tensor
@testable import FaceAlignCore

final class MetricsTests: XCTestCase {
    func testNMEOfAShapeAgainstItselfIsZero() throws {
        for scheme in [LandmarkScheme.ibug68, .wflw98] {
            let s = SchemeTests.shape(scheme)
            for n in [NMENormalizer.interOcular, .interPupil, .boundingBox] {
                XCTAssertEqual(try NME.evaluate(s, against: s, normalizer: n).all, 0)
            }
        }
    }

    func testShiftByThreeFourIsFiveOverD() throws {
        var truth = SchemeTests.shape(.ibug68)
        truth.visible = (0..<68).map { $0 % 3 != 0 }
        var prediction = truth
        prediction.points = truth.points.map { $0 + SIMD2(3, 4) }
        for n in [NMENormalizer.interOcular, .interPupil, .boundingBox, .fixed(40)] {
            let d = try n.distance(for: truth)
            let e = try NME.evaluate(prediction, against: truth, normalizer: n)
            XCTAssertEqual(e.all, 5 / d, "\(n)")
            XCTAssertEqual(e.visible, 5 / d, "\(n)")
            XCTAssertEqual(e.distance, d)
        }
        // The distances themselves, by hand.
        XCTAssertEqual(try NMENormalizer.interOcular.distance(for: truth), length(truth.points[36] - truth.points[45]))
        let b = truth.boundingBox
        XCTAssertEqual(try NMENormalizer.boundingBox.distance(for: truth), (b.width * b.height).squareRoot())
        XCTAssertEqual(try NMENormalizer.fixed(40).distance(for: truth), 40)
    }

    func testVisibleOnlyNME() throws {
        let truth = Shape(points: [SIMD2(0, 0), SIMD2(10, 0), SIMD2(5, 5), SIMD2(2, 8), SIMD2(8, 8)], scheme: .five,
                          visible: [true, true, false, true, true])
        var prediction = truth
        prediction.points[2] += SIMD2(6, 8)      // 10 px off, invisible
        prediction.points[3] += SIMD2(0, 2)      // 2 px off, visible
        let e = try NME.evaluate(prediction, against: truth, normalizer: .interPupil)
        XCTAssertEqual(e.distance, 10)
        XCTAssertEqual(e.all, 12 / 5 / 10, accuracy: 1e-7)
        XCTAssertEqual(e.visible!, 2 / 4 / 10, accuracy: 1e-7)
        XCTAssertNil(try NME.evaluate(prediction, against: Shape(points: truth.points, scheme: .five), normalizer: .interPupil).visible)
    }

    func testNormalizerErrorsSayWhatToDo() {
        let s = SchemeTests.shape(.five)
        XCTAssertThrowsError(try NME.evaluate(s, against: s, normalizer: .interOcular)) { error in
            XCTAssertEqual(error as? FaceAlignError, .normalizerUnavailable(scheme: "five", normalizer: "inter-ocular"))
            XCTAssertTrue("\(error)".contains(".boundingBox"))
        }
        let collapsed = Shape(points: [SIMD2<Float>](repeating: SIMD2(3, 3), count: 68), scheme: .ibug68)
        XCTAssertThrowsError(try NME.evaluate(collapsed, against: collapsed))
        XCTAssertThrowsError(try NME.evaluate(s, against: SchemeTests.shape(.seven)))
    }

    func testAUCAndFailureRateByHand() throws {
        // α = 0.08: Σ max(0, α − e) = 0.06 + 0.03 + 0 + 0 = 0.09 → AUC = 0.09 / (4 · 0.08).
        let ced = try CumulativeErrorDistribution(errors: [0.05, 0.02, .nan, 0.09])
        XCTAssertEqual(try ced.areaUnderCurve(alpha: 0.08), 0.28125, accuracy: 1e-6)
        XCTAssertEqual(try ced.failureRate(alpha: 0.08), 0.5)
        XCTAssertEqual(try ced.failureRate(alpha: 0.10), 0.25)       // NaN always fails
        XCTAssertEqual(try ced.areaUnderCurve(alpha: 0.10), (0.08 + 0.05 + 0.01) / 0.4, accuracy: 1e-6)
        XCTAssertEqual(ced.fraction(atMost: 0.05), 0.5)
        XCTAssertEqual(ced.fraction(atMost: 0.0499), 0.25)
        // All perfect: AUC 1, FR 0; all beyond α: AUC 0, FR 1.
        XCTAssertEqual(try CumulativeErrorDistribution(errors: [0, 0]).areaUnderCurve(alpha: 0.1), 1)
        XCTAssertEqual(try CumulativeErrorDistribution(errors: [0.2]).areaUnderCurve(alpha: 0.1), 0)
        XCTAssertEqual(try CumulativeErrorDistribution(errors: [0.2]).failureRate(alpha: 0.1), 1)
        XCTAssertThrowsError(try CumulativeErrorDistribution(errors: []))
        XCTAssertThrowsError(try ced.areaUnderCurve(alpha: 0))
    }

    /// The closed form equals the area under the step curve it claims to integrate.
    func testAUCMatchesTheAreaUnderTheSteps() throws {
        var rng = RandomGenerator(seed: 3)
        let errors = (0..<200).map { _ in abs(rng.normalFloat()) * 0.05 }
        let ced = try CumulativeErrorDistribution(errors: errors)
        let steps = ced.steps(maxError: 0.08)
        var area = 0.0
        for k in 1..<steps.count { area += Double(steps[k].x - steps[k - 1].x) * Double(steps[k - 1].y) }
        XCTAssertEqual(Double(try ced.areaUnderCurve(alpha: 0.08)), area / 0.08, accuracy: 1e-5)
        XCTAssertEqual(steps.last!.y, ced.fraction(atMost: 0.08))
    }

    func testHeadPoseMAE() throws {
        let e = try HeadPoseMAE(predictions: [HeadPose(yaw: 10, pitch: 0, roll: 179), HeadPose(yaw: -5, pitch: 3, roll: 0)],
                                groundTruths: [HeadPose(yaw: 0, pitch: 2, roll: -179), HeadPose(yaw: -5, pitch: -3, roll: 4)])
        XCTAssertEqual(e.yaw, 5, accuracy: 1e-5)
        XCTAssertEqual(e.pitch, 4, accuracy: 1e-5)
        XCTAssertEqual(e.roll, 3, accuracy: 1e-5)   // 179 vs −179 is 2°
        XCTAssertEqual(e.mean, 4, accuracy: 1e-5)
        XCTAssertThrowsError(try HeadPoseMAE(predictions: [], groundTruths: []))
    }

    func testCEDPlotDrawsCurvesLegendAndSVG() throws {
        var rng = RandomGenerator(seed: 11)
        var plot = try CEDPlot(maxError: 0.08, title: "CED on synthetic 300W-like test, NME io")
        for (name, spread) in [("gnf-cascade", Float(0.035)), ("decafa", 0.025), ("acdc", 0.02)] {
            plot = try plot.adding(name, errors: (0..<300).map { _ in abs(rng.normalFloat()) * spread + 0.01 })
        }
        let image = try plot.image()
        XCTAssertEqual(image.width, 800)
        XCTAssertEqual(image.height, 600)
        // Each curve's colour is on the picture.
        for c in CEDPlot.palette.prefix(3) {
            var found = 0
            for y in 0..<image.height {
                for x in 0..<image.width where image.sample(x: x, y: y, channel: 0) == Int(c.0)
                    && image.sample(x: x, y: y, channel: 1) == Int(c.1) && image.sample(x: x, y: y, channel: 2) == Int(c.2) {
                    found += 1
                }
            }
            XCTAssertGreaterThan(found, 200)
        }
        let path = NSTemporaryDirectory() + "facealign-ced-plot.png"
        try ImageIO.write(image, to: path)
        let svg = plot.svg()
        try svg.write(toFile: NSTemporaryDirectory() + "facealign-ced-plot.svg", atomically: true, encoding: .utf8)
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 4)   // axes + 3 curves
        XCTAssertTrue(svg.contains("AUC@0.08"))
        XCTAssertTrue(svg.contains("decafa       0.6"), svg)
        XCTAssertTrue(svg.hasSuffix("</svg>\n"))
        XCTAssertEqual(CEDPlot.niceTicks(upTo: 8), [0, 1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(CEDPlot.niceTicks(upTo: 10).count, 11)
    }

    func testEvaluationRow() throws {
        var truth = SchemeTests.shape(.ibug68)
        truth.points[36] = SIMD2(10, 50)
        truth.points[45] = SIMD2(110, 50)       // inter-ocular 100 px
        var near = truth, far = truth
        near.points = truth.points.map { $0 + SIMD2(3, 4) }
        far.points = truth.points.map { $0 + SIMD2(30, 40) }
        let d = try NMENormalizer.interOcular.distance(for: truth)
        let row = try LandmarkEvaluation(predictions: [near, far], groundTruths: [truth, truth], alpha: 0.08)
        XCTAssertEqual(row.perImage, [5 / d, 50 / d])
        XCTAssertEqual(row.nme, (5 / d + 50 / d) / 2, accuracy: 1e-7)
        XCTAssertNil(row.nmeVisible)
        XCTAssertEqual(d, 100)
        XCTAssertEqual(row.failureRate, 0.5)                   // 0.05 passes, 0.5 fails
        XCTAssertEqual(row.auc, 0.03 / (2 * 0.08), accuracy: 1e-6)
        XCTAssertTrue(row.description.contains("inter-ocular"), row.description)
    }
}
