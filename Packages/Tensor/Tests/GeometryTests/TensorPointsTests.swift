import XCTest
import Tensor
@testable import Geometry

final class TensorPointsTests: XCTestCase {
    func testPointsRoundTripThroughATensor() throws {
        let points = [Point2(1.5, -2), Point2(3, 4.25), Point2(0, 7)]
        let tensor = Tensor(points: points)
        XCTAssertEqual(tensor.shape, [3, 2])
        XCTAssertEqual(tensor[1, 1], 4.25)
        XCTAssertEqual(try [Point2](points: tensor), points)
        XCTAssertThrowsError(try [Point2](points: Tensor(zeros: [3, 3])))
    }
}
