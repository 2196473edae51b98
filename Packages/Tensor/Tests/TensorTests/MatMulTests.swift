import XCTest
@testable import Tensor

final class MatMulTests: XCTestCase {
    func testAgainstNaiveLoop() throws {
        var rng = RandomGenerator(seed: 1)
        for (m, k, n) in [(1, 1, 1), (3, 5, 2), (17, 31, 9), (64, 7, 33)] {
            let a = rng.normal([m, k]), b = rng.normal([k, n])
            assertClose(try a.matmul(b), naiveMatmul(a, b), tolerance: 1e-5)
            assertClose(try a.transposed().matmul(b, transposeSelf: true), naiveMatmul(a, b), tolerance: 1e-5)
            assertClose(try a.matmul(b.transposed(), transposeOther: true), naiveMatmul(a, b), tolerance: 1e-5)
        }
    }

    func testBatched() throws {
        var rng = RandomGenerator(seed: 2)
        let a = rng.normal([4, 3, 5]), b = rng.normal([4, 5, 2]), w = rng.normal([5, 2])
        let c = try a.matmul(b)
        XCTAssertEqual(c.shape, [4, 3, 2])
        for i in 0..<4 {
            assertClose(c[index: i], naiveMatmul(a[index: i], b[index: i]), tolerance: 1e-5)
        }
        let shared = try a.matmul(w)
        assertClose(shared[index: 3], naiveMatmul(a[index: 3], w), tolerance: 1e-5)
    }

    func testShapeErrorsAndEmpty() throws {
        XCTAssertThrowsError(try Tensor(zeros: [2, 3]).matmul(Tensor(zeros: [2, 3]))) { error in
            XCTAssertTrue("\(error)".contains("inner dimensions equal (3 vs 2)"), "\(error)")
        }
        XCTAssertThrowsError(try Tensor(zeros: [3]).matmul(Tensor(zeros: [3, 1])))
        XCTAssertEqual(try Tensor(zeros: [2, 0]).matmul(Tensor(zeros: [0, 3])), Tensor(zeros: [2, 3]))
        XCTAssertEqual(try t([2, 2], [1, 2, 3, 4]).matvec(Tensor([1, 1])).scalars, [3, 7])
    }

    func testBLASReportsItsKernels() {
        XCTAssertFalse(BLAS.coreName.isEmpty)
        XCTAssertNotEqual(BLAS.coreName, "unavailable")
        XCTAssertGreaterThanOrEqual(BLAS.threads, 1)
    }
}
