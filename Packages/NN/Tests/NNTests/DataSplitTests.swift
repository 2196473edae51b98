import XCTest
@testable import NN

final class DataSplitTests: XCTestCase {
    func testRandomSplitIsDisjointCoveringSizedAndSeeded() throws {
        let parts = try randomSplit(count: 1001, fractions: [0.7, 0.2, 0.1], seed: 3)
        XCTAssertEqual(parts.map(\.count), [701, 200, 100])
        XCTAssertEqual(parts.flatMap { $0 }.sorted(), Array(0..<1001))
        XCTAssertEqual(try randomSplit(count: 1001, fractions: [0.7, 0.2, 0.1], seed: 3), parts)
        XCTAssertNotEqual(try randomSplit(count: 1001, fractions: [0.7, 0.2, 0.1], seed: 4), parts)
        XCTAssertNotEqual(parts[1], Array(parts[1].first!..<(parts[1].first! + 200)), "the parts are not contiguous runs")
    }

    func testStratifiedSplitKeepsClassProportions() throws {
        // Unbalanced classes: 600 of class 0, 300 of class 1, 100 of class 2, interleaved.
        let labels = (0..<1000).map { i in i % 10 < 6 ? 0 : (i % 10 < 9 ? 1 : 2) }
        let parts = try stratifiedSplit(labels: labels, fractions: [0.8, 0.2], seed: 1)
        XCTAssertEqual(parts.flatMap { $0 }.sorted(), Array(0..<1000))
        for (part, fraction) in zip(parts, [0.8, 0.2]) {
            let counts = (0..<3).map { c in part.filter { labels[$0] == c }.count }
            XCTAssertEqual(counts, [600, 300, 100].map { Int(Double($0) * fraction) })
        }
        XCTAssertEqual(try stratifiedSplit(labels: labels, fractions: [0.8, 0.2], seed: 1), parts)
        XCTAssertNotEqual(try stratifiedSplit(labels: labels, fractions: [0.8, 0.2], seed: 2), parts)
    }

    func testBadFractionsThrow() {
        XCTAssertThrowsError(try randomSplit(count: 10, fractions: [0.5, 0.4], seed: 0))
        XCTAssertThrowsError(try randomSplit(count: 10, fractions: [1.2, -0.2], seed: 0))
        XCTAssertThrowsError(try stratifiedSplit(labels: [0, 1], fractions: [], seed: 0))
    }
}
