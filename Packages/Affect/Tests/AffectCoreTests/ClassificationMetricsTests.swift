import XCTest
import AffectCore

final class ClassificationMetricsTests: XCTestCase {
    // truth 0 0 1 1 2 2, predicted 0 1 1 1 2 0:
    // class 0: TP 1, 2 true, 2 predicted -> F1 2/4; class 1: TP 2, 2 true, 3 predicted -> 4/5;
    // class 2: TP 1, 2 true, 1 predicted -> 2/3.
    let truth = [0, 0, 1, 1, 2, 2], predicted = [0, 1, 1, 1, 2, 0]

    func testAccuracyAndF1OnAHandComputedCase() throws {
        XCTAssertEqual(try ClassificationMetrics.accuracy(predicted: predicted, truth: truth), 4.0 / 6, accuracy: 1e-12)
        let f1 = try ClassificationMetrics.perClassF1(predicted: predicted, truth: truth, classCount: 3)
        XCTAssertEqual(f1[0], 0.5, accuracy: 1e-12)
        XCTAssertEqual(f1[1], 0.8, accuracy: 1e-12)
        XCTAssertEqual(f1[2], 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(try ClassificationMetrics.macroF1(predicted: predicted, truth: truth, classCount: 3),
                       (0.5 + 0.8 + 2.0 / 3) / 3, accuracy: 1e-12)
    }

    func testAnAbsentClassScoresZeroButDoesNotLowerTheMacroF1() throws {
        let m = try ConfusionMatrix(predicted: predicted, truth: truth, classCount: 4)
        XCTAssertEqual(m.perClassF1[3], 0)
        XCTAssertEqual(m.macroF1, (0.5 + 0.8 + 2.0 / 3) / 3, accuracy: 1e-12)
        XCTAssertEqual(m.counts[2][0], 1)
        XCTAssertEqual(m.balancedAccuracy, (0.5 + 1 + 0.5) / 3, accuracy: 1e-12)
    }

    func testBadInputThrowsWithAMessage() {
        XCTAssertThrowsError(try ClassificationMetrics.accuracy(predicted: [0], truth: [0, 1]))
        XCTAssertThrowsError(try ConfusionMatrix(predicted: [3], truth: [0], classCount: 3)) { error in
            XCTAssertTrue("\(error)".contains("outside 0..<3"))
        }
    }

    func testLabelSetFollowsTheSyntheticWorldOrder() throws {
        XCTAssertEqual(ExpressionLabelSet.basic.names, ["neutral", "happiness", "surprise", "sadness", "anger", "fear", "disgust"])
        XCTAssertEqual(try ExpressionLabelSet.basic.index(of: "fear"), 5)
        XCTAssertThrowsError(try ExpressionLabelSet.basic.index(of: "contempt"))
        XCTAssertThrowsError(try ExpressionLabelSet(names: ["a", "a"]))
    }
}
