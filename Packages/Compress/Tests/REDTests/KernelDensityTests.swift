import CompressCore
import RED
import XCTest

final class KernelDensityTests: XCTestCase {
    func twoBumps(_ n: Int) -> [Float] {
        var random = TestRandom(42)
        return (0..<n).map { i in Float((i % 2 == 0 ? -1.0 : 1.0) + 0.1 * random.normal()) }
    }

    func testFindsTheModesOfTwoBumps() throws {
        let values = twoBumps(2000)
        let h = SilvermanBandwidth.bandwidth(values)
        XCTAssertGreaterThan(h, 0)
        let kde = try BinnedKDE(values: values, bandwidth: 0.5 * h, gridSize: 4096)
        let (modes, cuts) = kde.modesAndBoundaries()
        XCTAssertEqual(modes.count, 2, "modes \(modes)")
        XCTAssertEqual(modes[0], -1, accuracy: 0.05)
        XCTAssertEqual(modes[1], 1, accuracy: 0.05)
        XCTAssertEqual(cuts.count, 1)
        XCTAssertEqual(cuts[0], 0, accuracy: 0.3)
        // The density integrates to one.
        XCTAssertEqual(kde.density.reduce(0, +) * kde.step, 1, accuracy: 1e-3)
    }

    func testPlateauReportsItsFirstIndex() throws {
        // Two far-apart spikes: the zero gap between them is a plateau minimum.
        let kde = try BinnedKDE(values: [0, 0, 10, 10], bandwidth: 0.1, gridSize: 512)
        let (maxima, minima) = kde.extrema()
        XCTAssertEqual(maxima.count, 2)
        XCTAssertEqual(minima.count, 1)
        XCTAssertEqual(kde.density[minima[0]], 0)
        XCTAssertGreaterThan(kde.density[minima[0] - 1], 0)
    }

    func testHashingMapsEveryWeightToItsBasinMode() throws {
        let values = twoBumps(1000)
        let hashed = try KDEHashing.hash(values, bandwidthScale: 0.5, minModes: 0, gridSize: 4096)
        XCTAssertEqual(hashed.levels.count, 2)
        for (v, h) in zip(values, hashed.values) { XCTAssertEqual(h, v < 0 ? hashed.levels[0] : hashed.levels[1]) }
        XCTAssertLessThan(hashed.relativeError, 0.15)
        let guarded = try KDEHashing.hash(values, bandwidthScale: 0.5, minModes: 16, gridSize: 4096)
        XCTAssertGreaterThanOrEqual(guarded.levels.count, 16)
        XCTAssertGreaterThan(guarded.halvings, 0)
    }

    func testQuantiles() {
        XCTAssertEqual(Quantiles.quantiles([4, 1, 3, 2], [0, 0.5, 1]), [1, 2.5, 4])
        XCTAssertEqual(Quantiles.interquartileRange([1, 2, 3, 4, 5]), 2)
        XCTAssertEqual(Quantiles.median([3, 1, 2]), 2)
    }
}
