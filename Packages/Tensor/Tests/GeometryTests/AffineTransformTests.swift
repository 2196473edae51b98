import XCTest
@testable import Geometry

final class AffineTransformTests: XCTestCase {
    let truth = AffineTransform2D(a: 1.2, b: 0.3, c: -0.4, d: 0.9, tx: 250, ty: -13)

    func testEstimateRecoversAKnownAffineMap() throws {
        var rng = SeededGenerator(seed: 4)
        let source = rng.points(15, in: 1000...1100)   // far from the origin on purpose
        let estimated = try AffineTransform2D.estimate(from: source, to: truth.apply(source))
        let worst = zip(estimated.matrix2x3, truth.matrix2x3).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(worst, 1e-9, "\(estimated)")
    }

    func testThreePointsDetermineTheMapExactly() throws {
        let source = [Point2(0, 0), Point2(10, 0), Point2(0, 5)]
        let estimated = try AffineTransform2D.estimate(from: source, to: truth.apply(source))
        assertPointsClose([estimated.apply(Point2(3, 4))], [truth.apply(Point2(3, 4))], 1e-10)
    }

    func testInverseAndComposition() throws {
        var rng = SeededGenerator(seed: 5)
        let points = rng.points(10)
        let inverse = try truth.inverted()
        assertPointsClose(inverse.apply(truth.apply(points)), points, 1e-10)
        assertPointsClose(truth.apply(inverse.apply(points)), points, 1e-10)
        let shear = AffineTransform2D(a: 1, b: 0.5, c: 0, d: 1, tx: 2, ty: 3)
        assertPointsClose((shear * truth).apply(points), shear.apply(truth.apply(points)), 1e-10)
        assertPointsClose(truth.then(shear).apply(points), shear.apply(truth.apply(points)), 1e-10)
        XCTAssertEqual(AffineTransform2D(matrix2x3: truth.matrix2x3), truth)
    }

    func testSingularMapHasNoInverse() {
        let squash = AffineTransform2D(a: 1, b: 2, c: 2, d: 4, tx: 0, ty: 0)
        XCTAssertThrowsError(try squash.inverted()) {
            guard case GeometryError.degenerate = $0 else { return XCTFail("\($0)") }
        }
    }

    func testCollinearOrTooFewPointsThrow() {
        let line = (0..<6).map { Point2(Double($0), 2 * Double($0) + 1) }
        XCTAssertThrowsError(try AffineTransform2D.estimate(from: line, to: line)) {
            XCTAssertTrue("\($0)".contains("collinear"), "\($0)")
        }
        XCTAssertThrowsError(try AffineTransform2D.estimate(from: [Point2(0, 0), Point2(1, 0)], to: [Point2(0, 0), Point2(1, 0)])) {
            guard case GeometryError.tooFewPoints(_, 3, 2) = $0 else { return XCTFail("\($0)") }
        }
    }
}
