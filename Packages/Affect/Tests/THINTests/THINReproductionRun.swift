import Registry
import XCTest
import THIN

/// Runs the reproduction only on request (it trains for minutes):
/// `THIN_REPRODUCE=quick` or `THIN_REPRODUCE=full` (`THIN_SEEDS=n` overrides the seed count).
final class THINReproductionRun: XCTestCase {
    func testReproductionWhenRequested() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let mode = environment["THIN_REPRODUCE"] else { throw XCTSkip("set THIN_REPRODUCE=quick|full to run the THIN reproduction") }
        let options = ReproductionOptions(quick: mode != "full", seeds: environment["THIN_SEEDS"].flatMap(Int.init))
        let claims = try THINReproduction.run(options)
        print(ReproductionClaim.verdict(claims))
        XCTAssertEqual(claims.map(\.experiment), ["T1", "T2", "T3"])
    }
}
