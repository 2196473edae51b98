import XCTest
@testable import Tensor

final class ShapingTests: XCTestCase {
    func testPermuteMatchesIndexing() throws {
        let a = Tensor((0..<24).map(Float.init))
        let x = try a.reshaped([2, 3, 4])
        for order in [[0, 2, 1], [2, 0, 1], [1, 0, 2], [2, 1, 0], [1, 2, 0]] {
            let p = try x.permuted(order)
            XCTAssertEqual(p.shape, order.map { x.shape[$0] })
            for i in 0..<2 { for j in 0..<3 { for k in 0..<4 {
                let src = [i, j, k]
                XCTAssertEqual(p[src[order[0]], src[order[1]], src[order[2]]], x[i, j, k], "order \(order)")
            } } }
        }
        let m = try Tensor((0..<(67 * 45)).map(Float.init)).reshaped([67, 45])
        let mt = m.transposed()
        XCTAssertEqual(mt.shape, [45, 67])
        XCTAssertEqual(mt[44, 66], m[66, 44])
        XCTAssertEqual(mt.transposed(), m)
        XCTAssertThrowsError(try x.permuted([0, 0, 1]))
    }

    func testSliceConcatStackSplit() throws {
        let x = t([2, 3], [1, 2, 3, 4, 5, 6])
        assertClose(try x.slice(alongAxis: 1, 1..<3), t([2, 2], [2, 3, 5, 6]))
        assertClose(x[index: 1], Tensor([4, 5, 6]))
        let c = try Tensor.concatenate([x, t([2, 1], [7, 8])], alongAxis: 1)
        assertClose(c, t([2, 4], [1, 2, 3, 7, 4, 5, 6, 8]))
        let s = try Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], alongAxis: 1)
        assertClose(s, t([2, 2], [1, 3, 2, 4]))
        let parts = try c.split(alongAxis: 1, sizes: [3, 1])
        assertClose(parts[0], x)
        assertClose(parts[1], t([2, 1], [7, 8]))
        XCTAssertThrowsError(try x.slice(alongAxis: 1, 2..<4))
        XCTAssertThrowsError(try Tensor.concatenate([x, Tensor(zeros: [3, 1])], alongAxis: 1)) { error in
            XCTAssertTrue("\(error)".contains("equal sizes except along axis 1"), "\(error)")
        }
        XCTAssertThrowsError(try c.split(alongAxis: 1, sizes: [1, 1]))
        XCTAssertThrowsError(try Tensor.concatenate([]))
    }

    func testPadGatherOneHot() throws {
        let x = t([1, 2], [1, 2])
        assertClose(try x.padded([(1, 0), (1, 2)], value: -1), t([2, 5], [-1, -1, -1, -1, -1, -1, 1, 2, -1, -1]))
        let y = t([3, 2], [1, 2, 3, 4, 5, 6])
        assertClose(try y.indexSelect(alongAxis: 0, [2, 0, 2]), t([3, 2], [5, 6, 1, 2, 5, 6]))
        assertClose(try y.gather(rows: IndexTensor([1, 0, 1])), Tensor([2, 3, 6]))
        assertClose(try Tensor.oneHot(IndexTensor([2, 0]), classes: 3), t([2, 3], [0, 0, 1, 1, 0, 0]))
        XCTAssertThrowsError(try Tensor.oneHot(IndexTensor([3]), classes: 3))
        XCTAssertThrowsError(try y.indexSelect(alongAxis: 0, [3]))
        XCTAssertThrowsError(try y.gather(rows: IndexTensor([0, 2, 0])))
    }
}
