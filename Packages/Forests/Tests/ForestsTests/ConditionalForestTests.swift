import XCTest
@testable import Forests
import Tensor

/// Trees that each output a fixed vector, so compositions can be checked exactly.
private struct ConstantTrees: TreeEnsemble {
    let outputs: [[Float]]
    var treeCount: Int { outputs.count }
    var outputCount: Int { outputs[0].count }
    func accumulate(tree: Int, sample: UnsafePointer<Float>, into: UnsafeMutablePointer<Float>) {
        for j in 0..<outputCount { into[j] += outputs[tree][j] }
    }
}

final class ConditionalForestTests: XCTestCase {
    func testLargestRemainderAllocationSumsToTheBudget() {
        XCTAssertEqual(ConditionalForest<ConstantTrees>.allocate(budget: 10, distribution: [0.5, 0.25, 0.25]), [5, 3, 2])
        XCTAssertEqual(ConditionalForest<ConstantTrees>.allocate(budget: 160, distribution: [1, 0, 0, 0]), [160, 0, 0, 0])
        var rng = RandomGenerator(seed: 3)
        for _ in 0..<200 {
            let raw = (0..<8).map { _ in rng.uniformFloat() }
            let q = raw.map { $0 / raw.reduce(0, +) }
            let budget = rng.integer(in: 1..<300)
            let counts = ConditionalForest<ConstantTrees>.allocate(budget: budget, distribution: q)
            XCTAssertEqual(counts.reduce(0, +), budget)
            for (c, p) in zip(counts, q) { XCTAssertLessThanOrEqual(abs(Float(c) - p * Float(budget)), 1) }
        }
    }

    func testOneHotConditionEqualsThatBinsForest() throws {
        let bin0 = ConstantTrees(outputs: [[1, 0], [0.5, 0.5]])
        let bin1 = ConstantTrees(outputs: [[0, 1], [0.2, 0.8], [0.4, 0.6]])
        let cf = try ConditionalForest(forests: [bin0, bin1])
        let x: [Float] = [0]
        for mode in [ConditionalForest<ConstantTrees>.Mode.expectation, .draw(seed: 5)] {
            let p = try cf.predict(sample: x, condition: [0, 1], treeBudget: 3, mode: mode)
            XCTAssertEqual(p[0], 0.2, accuracy: 1e-6)
            XCTAssertEqual(p[1], 0.8, accuracy: 1e-6)
        }
        // A budget larger than the forest wraps around: still the forest's mean for whole multiples.
        let wrapped = try cf.predict(sample: x, condition: [1, 0], treeBudget: 4, mode: .draw(seed: 9))
        XCTAssertEqual(wrapped[0], 0.75, accuracy: 1e-6)
    }

    func testDrawModeMatchesExpectationOnAverage() throws {
        var rng = RandomGenerator(seed: 1)
        let forests = (0..<4).map { _ in ConstantTrees(outputs: (0..<20).map { _ in [rng.uniformFloat(), rng.uniformFloat()] }) }
        let cf = try ConditionalForest(forests: forests)
        let q: [Float] = [0.1, 0.4, 0.3, 0.2]
        let expected = try cf.predict(sample: [0], condition: q, treeBudget: 80, mode: .expectation)
        var mean: [Float] = [0, 0]
        for s in 0..<200 {
            let p = try cf.predict(sample: [0], condition: q, treeBudget: 40, mode: .draw(seed: UInt64(s)))
            mean[0] += p[0] / 200
            mean[1] += p[1] / 200
        }
        XCTAssertEqual(mean[0], expected[0], accuracy: 0.01)
        XCTAssertEqual(mean[1], expected[1], accuracy: 0.01)
        // The same seed gives the same draw.
        XCTAssertEqual(try cf.predict(sample: [0], condition: q, treeBudget: 40, mode: .draw(seed: 7)),
                       try cf.predict(sample: [0], condition: q, treeBudget: 40, mode: .draw(seed: 7)))
    }

    func testFitPartitionsByBinAndRejectsBadInput() throws {
        var seen: [[Int]] = []
        let cf = try ConditionalForest.fit(binCount: 3, bins: [0, 2, 1, 2, 0]) { indices, bin in
            seen.append(indices)
            return ConstantTrees(outputs: [[Float(bin)]])
        }
        XCTAssertEqual(seen, [[0, 4], [2], [1, 3]])
        XCTAssertEqual(cf.binCount, 3)
        XCTAssertThrowsError(try ConditionalForest.fit(binCount: 3, bins: [0, 3]) { _, _ in ConstantTrees(outputs: [[0]]) })
        XCTAssertThrowsError(try ConditionalForest.fit(binCount: 3, bins: [0, 0, 1], minimumSamples: 1) { _, _ in ConstantTrees(outputs: [[0]]) }) { error in
            XCTAssertTrue("\(error)".contains("bin 2 has 0 samples"), "\(error)")
        }
        XCTAssertThrowsError(try cf.predict(sample: [0], condition: [1, 0], treeBudget: 3, mode: .expectation))
        XCTAssertThrowsError(try cf.predict(sample: [0], condition: [0, 0, 0], treeBudget: 3, mode: .expectation))
        XCTAssertThrowsError(try cf.predict(sample: [0], condition: [-1, 1, 1], treeBudget: 3, mode: .expectation))
    }

    func testOverlapGivesEachBinItsNeighboursSamples() throws {
        var seen: [Int: [Int]] = [:]
        _ = try ConditionalForest.fit(binCount: 4, bins: [0, 1, 2, 3, 3], overlap: 1, circular: true) { rows, bin in
            seen[bin] = rows
            return ConstantTrees(outputs: [[1, 0]])
        }
        XCTAssertEqual(seen[0], [0, 1, 3, 4])
        XCTAssertEqual(seen[1], [0, 1, 2])
        XCTAssertEqual(seen[3], [0, 2, 3, 4])
        _ = try ConditionalForest.fit(binCount: 4, bins: [0, 1, 2, 3], overlap: 1) { rows, bin in
            seen[bin] = rows
            return ConstantTrees(outputs: [[1, 0]])
        }
        XCTAssertEqual(seen[0], [0, 1])
    }
}
