import XCTest
@testable import Tensor

final class ElementwiseTests: XCTestCase {
    func testBroadcastingArithmetic() throws {
        let a = t([2, 3], [1, 2, 3, 4, 5, 6])
        assertClose(try a + Tensor([10, 20, 30]), t([2, 3], [11, 22, 33, 14, 25, 36]))
        assertClose(try a * t([2, 1], [2, 3]), t([2, 3], [2, 4, 6, 12, 15, 18]))
        assertClose(try t([2, 1], [1, 2]) - t([1, 3], [1, 2, 3]), t([2, 3], [0, -1, -2, 1, 0, -1]))
        assertClose(try a / Tensor(scalar: 2), t([2, 3], [0.5, 1, 1.5, 2, 2.5, 3]))
        assertClose(10 - a, t([2, 3], [9, 8, 7, 6, 5, 4]))
        // Middle-axis broadcast and a rank-3 result.
        let b = try Tensor(ones: [2, 1, 4]) + t([3, 1], [1, 2, 3])
        XCTAssertEqual(b.shape, [2, 3, 4])
        XCTAssertEqual(b[1, 2, 3], 4)
    }

    func testBroadcastEdgeCases() throws {
        XCTAssertEqual(try (Tensor(zeros: [0, 3]) + Tensor([1, 2, 3])).shape, [0, 3])
        XCTAssertEqual(try (Tensor(zeros: [1, 1]) + Tensor(zeros: [5])).shape, [1, 5])
        XCTAssertThrowsError(try Tensor(zeros: [2, 3]) + Tensor(zeros: [2])) { error in
            let m = "\(error)"
            XCTAssertTrue(m.contains("[2, 3] and [2]") && m.contains("broadcastable"), m)
        }
    }

    func testLargeTensorsTakeTheParallelPath() throws {
        let n = 1 << 18
        let a = Tensor((0..<n).map { Float($0 % 97) })
        let b = Tensor((0..<n).map { Float($0 % 13) })
        let c = try a + b
        for i in stride(from: 0, to: n, by: 997) { XCTAssertEqual(c.scalars[i], Float(i % 97 + i % 13)) }
    }

    func testMathAgainstLibm() {
        let xs: [Float] = (-230...197).map { Float($0) * 0.45 } + [0, -0.0, 1e-30, 88, -87, 87.5, 88.72, -103]
        let x = Tensor(xs)
        let e = x.exp().scalars
        for (i, v) in xs.enumerated() {
            let ref = Foundation_exp(v)
            XCTAssertEqual(e[i], ref, accuracy: Swift.max(1e-37, Swift.abs(ref) * 3e-7), "exp(\(v))")
        }
        let pos = Tensor(xs.map { Swift.abs($0) + 1e-3 })
        let l = pos.log().scalars
        for (i, v) in pos.scalars.enumerated() {
            XCTAssertEqual(l[i], logf(v), accuracy: 2e-6 * Swift.max(1, Swift.abs(logf(v))), "log(\(v))")
        }
        let th = x.tanh().scalars, sg = x.sigmoid().scalars
        for (i, v) in xs.enumerated() {
            XCTAssertEqual(th[i], tanhf(v), accuracy: 2e-6, "tanh(\(v))")
            XCTAssertEqual(sg[i], 1 / (1 + expf(-v)), accuracy: 2e-6, "sigmoid(\(v))")
        }
        XCTAssertEqual(Tensor([-1, 0, 2]).relu().scalars, [0, 0, 2])
        XCTAssertEqual(Tensor([-1, 0, 2]).abs().scalars, [1, 0, 2])
        XCTAssertEqual(Tensor([4, 9]).sqrt().scalars, [2, 3])
        XCTAssertEqual(Tensor([2, 3]).pow(3).scalars, [8, 27])
    }

    func testSpecialValues() {
        let x = Tensor([.nan, .infinity, -.infinity, -200, 100, -100])
        let e = x.exp().scalars
        XCTAssertTrue(e[0].isNaN)
        XCTAssertEqual(Array(e[1..<5]), [.infinity, 0, 0, .infinity])
        XCTAssertEqual(e[5], expf(-100), accuracy: 1e-45, "subnormal results are kept")
        let l = Tensor([0, -1, .infinity, .nan]).log().scalars
        XCTAssertEqual(l[0], -.infinity)
        XCTAssertTrue(l[1].isNaN)
        XCTAssertEqual(l[2], .infinity)
        XCTAssertTrue(l[3].isNaN)
        XCTAssertEqual(Tensor([-1000, 1000]).tanh().scalars, [-1, 1])
        XCTAssertTrue(Tensor([1, .nan]).hasNonFinite)
    }

    func testComparisonsAndSelect() throws {
        let a = Tensor([1, 5, 3]), b = Tensor([2, 5, 1])
        XCTAssertEqual(try a.less(b).scalars, [1, 0, 0])
        XCTAssertEqual(try a.greaterEqual(b).scalars, [0, 1, 1])
        XCTAssertEqual(try a.elementsEqual(b).scalars, [0, 1, 0])
        XCTAssertEqual(try Tensor.select(a.greater(b), a, b).scalars, [2, 5, 3])
        XCTAssertEqual(try Tensor.select(Tensor([1, 0]), Tensor(scalar: .infinity), Tensor([7, 8])).scalars, [.infinity, 8])
        XCTAssertEqual(try a.minimum(b).scalars, [1, 5, 1])
        XCTAssertEqual(try a.maximum(Tensor(scalar: 2)).scalars, [2, 5, 3])
        XCTAssertEqual(Tensor([-5, 0.5, 5]).clamped(0, 1).scalars, [0, 0.5, 1])
    }

    func testInPlaceAdd() throws {
        var a = t([2, 2], [1, 2, 3, 4])
        let copy = a
        try a.add(Tensor([10, 20]), scaledBy: 0.5)
        XCTAssertEqual(a.scalars, [6, 12, 8, 14])
        XCTAssertEqual(copy.scalars, [1, 2, 3, 4], "copy-on-write protects the other value")
    }
}

#if canImport(Glibc)
import Glibc
func Foundation_exp(_ x: Float) -> Float { expf(x) }
#endif
