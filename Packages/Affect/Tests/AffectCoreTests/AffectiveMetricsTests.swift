import XCTest
import AffectCore

final class AffectiveMetricsTests: XCTestCase {
    func testBinaryF1() throws {
        // TP 1 (row 0), FP 1 (row 1), FN 1 (row 2) -> 2 / (2 + 1 + 1).
        XCTAssertEqual(try ActionUnitMetrics.f1(predicted: [true, true, false, false], truth: [true, false, true, false]), 0.5, accuracy: 1e-12)
        XCTAssertEqual(try ActionUnitMetrics.f1(predicted: [false, false], truth: [false, false]), 0)
    }

    func testAUCMatchesTheScikitLearnExampleAndCountsTiesAsHalf() throws {
        // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75: of the 4 positive/negative
        // pairs, only (0.35, 0.4) is misordered.
        XCTAssertEqual(try XCTUnwrap(ActionUnitMetrics.auc(scores: [0.1, 0.4, 0.35, 0.8], truth: [false, false, true, true])), 0.75, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(ActionUnitMetrics.auc(scores: [0.5, 0.5, 0.9], truth: [false, true, true])), 0.75, accuracy: 1e-12)
        XCTAssertNil(try ActionUnitMetrics.auc(scores: [0.2, 0.3], truth: [true, true]))
    }

    func testPerUnitScoresAndTheirMean() throws {
        let scores: [[Float]] = [[0.9, 0.1, 0.8], [0.2, 0.2, 0.2]]
        let truth: [[Bool]] = [[true, false, true], [false, false, false]]
        XCTAssertEqual(try ActionUnitMetrics.perUnitF1(scores: scores, truth: truth), [1, 0])
        let auc = try ActionUnitMetrics.perUnitAUC(scores: scores, truth: truth)
        XCTAssertEqual(auc[0], 1)
        XCTAssertNil(auc[1])
        XCTAssertEqual(ActionUnitMetrics.mean(auc), 1)
    }

    func testCCCOnHandComputedCases() throws {
        XCTAssertEqual(try ConcordanceCorrelation.ccc(predicted: [1, 2, 3], truth: [1, 2, 3]), 1, accuracy: 1e-12)
        // Shift by 1: var 2/3 each, cov 2/3, squared mean gap 1 -> (4/3) / (4/3 + 1) = 4/7, while Pearson r is 1.
        XCTAssertEqual(try ConcordanceCorrelation.ccc(predicted: [2, 3, 4], truth: [1, 2, 3]), 4.0 / 7, accuracy: 1e-9)
        XCTAssertEqual(try ConcordanceCorrelation.ccc(predicted: [1, 2, 3], truth: [3, 2, 1]), -1, accuracy: 1e-12)
        XCTAssertThrowsError(try ConcordanceCorrelation.ccc(predicted: [], truth: []))
    }
}
