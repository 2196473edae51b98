import XCTest
@testable import Tensor

final class ReductionTests: XCTestCase {
    let a = t([2, 3, 2], (0..<12).map(Float.init))

    func testSumsAndMeans() throws {
        XCTAssertEqual(a.sum(), 66)
        XCTAssertEqual(a.mean(), 5.5)
        assertClose(try a.sum(alongAxis: 0), t([3, 2], [6, 8, 10, 12, 14, 16]))
        assertClose(try a.sum(alongAxis: 1), t([2, 2], [6, 9, 24, 27]))
        assertClose(try a.sum(alongAxis: -1), t([2, 3], [1, 5, 9, 13, 17, 21]))
        assertClose(try a.sum(alongAxes: [0, 2], keepingDimensions: true), t([1, 3, 1], [14, 22, 30]))
        assertClose(try a.mean(alongAxes: [1, 2]), t([2], [2.5, 8.5]))
        XCTAssertThrowsError(try a.sum(alongAxis: 3)) { error in
            XCTAssertEqual(error as? TensorError, .invalidAxis(op: "sum", axis: 3, rank: 3))
        }
    }

    func testSumIsAccurateOnLongVectors() {
        let n = 1_000_003
        let x = Tensor(shape: [n], repeating: 0.1)
        XCTAssertEqual(x.sum(), Float(Double(n) * Double(Float(0.1))), accuracy: 0.01)
    }

    func testExtremaAndArgmax() throws {
        let x = t([2, 3], [3, 9, 1, 4, 4, -2])
        XCTAssertEqual(x.max(), 9)
        XCTAssertEqual(x.min(), -2)
        assertClose(try x.max(alongAxis: 1), Tensor([9, 4]))
        assertClose(try x.min(alongAxis: 0), Tensor([3, 4, -2]))
        XCTAssertEqual(try x.argmax(alongAxis: 1).values, [1, 0], "first index wins ties")
        XCTAssertEqual(try x.argmin(alongAxis: 0).values, [0, 1, 1])
        XCTAssertEqual(try Tensor([1, .nan, 3]).argmax(alongAxis: 0).values, [1])
        XCTAssertTrue(Tensor([1, .nan]).max().isNaN)
    }

    func testVarianceAndNorms() throws {
        let x = t([2, 4], [1, 2, 3, 4, 2, 2, 2, 2])
        assertClose(try x.variance(alongAxes: [1]), Tensor([1.25, 0]))
        assertClose(try x.variance(alongAxes: [1], correction: 1), Tensor([5.0 / 3.0, 0]))
        assertClose(try x.norm(alongAxes: [1]), Tensor([Float(30).squareRoot(), 4]))
        assertClose(try x.norm(alongAxes: [1], p: 1), Tensor([10, 8]))
        XCTAssertEqual(Tensor([3, 4]).norm(), 5)
        XCTAssertThrowsError(try Tensor([1]).variance(alongAxes: [0], correction: 1))
    }

    func testSoftmax() throws {
        let x = t([2, 3], [1, 2, 3, 1000, 1000, -1000])
        let s = try x.softmax()
        let rows = try s.sum(alongAxis: 1)
        assertClose(rows, Tensor([1, 1]))
        let e = [expf(1), expf(2), expf(3)], z = e.reduce(0, +)
        assertClose(try s.slice(alongAxis: 0, 0..<1), t([1, 3], e.map { $0 / z }), tolerance: 1e-6)
        assertClose(try s.slice(alongAxis: 0, 1..<2), t([1, 3], [0.5, 0.5, 0]))
        let ls = try x.logSoftmax()
        assertClose(ls.exp(), s, tolerance: 1e-6)
        // Along a non-final axis equals the transpose of the last-axis version.
        let long = t([3, 20], (0..<60).map { Float($0 % 7) * 0.3 })
        assertClose(try long.softmax(alongAxis: 0), try long.transposed().softmax(alongAxis: 1).transposed(), tolerance: 1e-6)
    }
}
