import XCTest
@testable import Tensor

final class TensorCoreTests: XCTestCase {
    func testConstructionAndIndexing() throws {
        let a = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(a[1, 2], 6)
        XCTAssertEqual(a.rank, 2)
        XCTAssertEqual(Tensor(scalar: 3).shape, [])
        XCTAssertEqual(Tensor(scalar: 3).scalar, 3)
        XCTAssertEqual(Tensor(zeros: [0, 4]).count, 0)
        XCTAssertThrowsError(try Tensor(shape: [2, 2], scalars: [1, 2, 3])) { error in
            XCTAssertTrue("\(error)".contains("holds 4 elements but 3 scalars"), "\(error)")
        }
    }

    func testCopyOnWrite() {
        let a = Tensor([1, 2, 3])
        var b = a
        XCTAssertTrue(a.sharesStorage(with: b))
        b[0] = 10
        XCTAssertFalse(a.sharesStorage(with: b))
        XCTAssertEqual(a.scalars, [1, 2, 3])
        XCTAssertEqual(b.scalars, [10, 2, 3])
    }

    func testReshapeIsFreeAndChecked() throws {
        let a = Tensor((0..<12).map(Float.init))
        let b = try a.reshaped([3, -1])
        XCTAssertEqual(b.shape, [3, 4])
        XCTAssertTrue(a.sharesStorage(with: b))
        XCTAssertThrowsError(try a.reshaped([5, -1]))
        XCTAssertThrowsError(try a.reshaped([2, 2, 2])) { error in
            XCTAssertTrue("\(error)".contains("12"), "\(error)")
        }
        XCTAssertThrowsError(try a.reshaped([-1, -1]))
    }
}
