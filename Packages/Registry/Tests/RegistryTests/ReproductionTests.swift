import XCTest
@testable import Registry

final class ReproductionTests: XCTestCase {
    func testVerdictHoldsOnlyWhenEveryExperimentHolds() {
        let a = ReproductionClaim(experiment: "E1", holds: true, summary: "+3 points")
        let b = ReproductionClaim(experiment: "E2", holds: false, summary: "-1 point")
        XCTAssertEqual(ReproductionClaim.verdict([a]), "claim: holds - E1 +3 points")
        XCTAssertEqual(ReproductionClaim.verdict([a, b]), "claim: does not hold - E2 -1 point")
        XCTAssertEqual(b.line, "E2: does not hold - -1 point")
    }

    func testTableAlignsColumns() {
        var table = ResultTable(header: ["variant", "acc"])
        table.append(["full", "0.9512"])
        table.append(["ablated-long", "0.9"])
        XCTAssertEqual(table.render(), """
            | variant      | acc    |
            |--------------|--------|
            | full         | 0.9512 |
            | ablated-long | 0.9    |
            """)
    }

    func testSeedCountPrefersTheOverride() {
        XCTAssertEqual(ReproductionOptions(quick: true).seedCount(full: 5, quick: 1), 1)
        XCTAssertEqual(ReproductionOptions(quick: false).seedCount(full: 5, quick: 1), 5)
        XCTAssertEqual(ReproductionOptions(quick: true, seeds: 3).seedCount(full: 5, quick: 1), 3)
    }
}
