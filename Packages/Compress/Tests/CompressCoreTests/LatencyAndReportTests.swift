import Foundation
import NN
import Tensor
import XCTest
@testable import CompressCore

final class LatencyAndReportTests: XCTestCase {
    func testLatencyHarnessReturnsPositiveMediansAtBothBatchSizes() throws {
        let graph = try ModelZoo.build(.cnnDigits, seed: 0)
        let harness = LatencyHarness(threads: 1, warmupRuns: 1, timedRuns: 5)
        for batch in [1, 32] {
            let m = try harness.measure(graph, batch: batch)
            XCTAssertGreaterThan(m.medianMilliseconds, 0)
            XCTAssertGreaterThanOrEqual(m.p90Milliseconds, m.medianMilliseconds)
            XCTAssertGreaterThanOrEqual(m.medianMilliseconds, m.minimumMilliseconds)
            XCTAssertEqual(m.runs, 5)
        }
        XCTAssertThrowsError(try harness.compare(graph, try ModelZoo.build(.mlpDigits, seed: 0), batch: 1))
    }

    func testReportHasRatiosSpeedUpAndRoundTripsAsJSON() throws {
        let graph = try ModelZoo.build(.cnnDigits, seed: 0)
        let test = try ModelZoo.digits(for: .cnnDigits).test
        let result = try MagnitudePruner().prune(graph, target: PruningTarget(.neuronRatio(0.5)), data: nil)
        let builder = ReportBuilder(evaluation: test, latency: LatencyHarness(warmupRuns: 1, timedRuns: 3))
        let built = try builder.complete(result, original: graph)
        let r = built.report
        XCTAssertEqual(r.methodID, "baseline-magnitude")
        XCTAssertEqual(r.dataAccess, .none)
        XCTAssertEqual(Set(r.latencyMilliseconds.keys), ["1", "32"])
        XCTAssertNotNil(r.accuracy)
        XCTAssertNotNil(r.agreement)
        XCTAssertLessThan(r.multiplications.after, r.multiplications.before)
        let text = ReportBuilder.render(r, latency: built.latency)
        let paramRatio = String(format: "%.3fx", Double(r.parameters.after) / Double(r.parameters.before))
        XCTAssertTrue(text.contains(paramRatio), text)
        XCTAssertTrue(text.contains("x faster"), text)
        XCTAssertTrue(text.contains("multiplications"), text)
        XCTAssertTrue(text.contains("data access: none"), text)
        let decoded = try JSONDecoder().decode(ReportBuilder.Built.self, from: try ReportBuilder.json(built))
        XCTAssertEqual(decoded, built)
    }
}
