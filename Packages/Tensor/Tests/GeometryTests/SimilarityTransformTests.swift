import XCTest
@testable import Geometry

final class SimilarityTransformTests: XCTestCase {
    func testEstimateRecoversAKnownSimilarity() throws {
        var rng = SeededGenerator(seed: 1)
        let truth = SimilarityTransform2D(scale: 1.7, rotation: 0.6, translation: Point2(12, -30))
        let source = rng.points(20)
        let estimated = try SimilarityTransform2D.estimate(from: source, to: truth.apply(source))
        XCTAssertEqual(estimated.scale, 1.7, accuracy: 1e-12)
        XCTAssertEqual(estimated.rotation, 0.6, accuracy: 1e-12)
        XCTAssertEqual(estimated.translation.x, 12, accuracy: 1e-10)
        XCTAssertEqual(estimated.translation.y, -30, accuracy: 1e-10)
    }

    func testEstimateIsTheLeastSquaresFitUnderNoise() throws {
        var rng = SeededGenerator(seed: 2)
        let truth = SimilarityTransform2D(scale: 0.8, rotation: -2.5, translation: Point2(100, 40))
        let source = rng.points(200)
        let target = truth.apply(source).map { $0 + Point2(rng.normal(), rng.normal()) * 0.5 }
        let estimated = try SimilarityTransform2D.estimate(from: source, to: target)
        XCTAssertEqual(estimated.scale, 0.8, accuracy: 2e-3)
        XCTAssertEqual(estimated.rotation, -2.5, accuracy: 2e-3)
        // Least squares: nudging any parameter cannot lower the squared error.
        func error(_ t: SimilarityTransform2D) -> Double {
            zip(t.apply(source), target).reduce(0) { $0 + (($1.0 - $1.1) * ($1.0 - $1.1)).sum() }
        }
        let best = error(estimated)
        for nudge in [SimilarityTransform2D(scale: 1.001), SimilarityTransform2D(rotation: 1e-3),
                      SimilarityTransform2D(translation: Point2(0.01, 0))] {
            XCTAssertGreaterThan(error(estimated * nudge), best)
        }
    }

    func testTwoPointsDetermineTheSimilarityExactly() throws {
        let t = try SimilarityTransform2D.estimate(from: [Point2(0, 0), Point2(1, 0)], to: [Point2(5, 5), Point2(5, 7)])
        XCTAssertEqual(t.scale, 2, accuracy: 1e-12)
        XCTAssertEqual(t.rotation, .pi / 2, accuracy: 1e-12)   // +x turned to +y (down on screen)
        assertPointsClose([t.apply(Point2(0.5, 0))], [Point2(5, 6)], 1e-12)
    }

    func testInverseAndComposition() throws {
        var rng = SeededGenerator(seed: 3)
        let f = SimilarityTransform2D(scale: 2.5, rotation: 3.0, translation: Point2(-7, 4))
        let g = SimilarityTransform2D(scale: 0.3, rotation: -1.2, translation: Point2(1, 90))
        let points = rng.points(10)
        assertPointsClose(try f.inverted().apply(f.apply(points)), points, 1e-12)
        assertPointsClose(f.apply(try f.inverted().apply(points)), points, 1e-12)
        assertPointsClose((g * f).apply(points), g.apply(f.apply(points)), 1e-12)
        assertPointsClose(f.then(g).apply(points), g.apply(f.apply(points)), 1e-12)
        XCTAssertEqual((f * f).rotation, SimilarityTransform2D.normalised(6.0), accuracy: 1e-12)   // wrapped into (-π, π]
        XCTAssertThrowsError(try SimilarityTransform2D(scale: 0).inverted())
    }

    func testAffineViewAndMatrixAgreeWithApply() {
        let f = SimilarityTransform2D(scale: 1.3, rotation: 0.4, translation: Point2(3, -2))
        let p = Point2(7, 11)
        assertPointsClose([f.affine.apply(p)], [f.apply(p)], 1e-12)
        let m = f.matrix2x3
        assertPointsClose([Point2(m[0] * p.x + m[1] * p.y + m[2], m[3] * p.x + m[4] * p.y + m[5])], [f.apply(p)], 1e-12)
        let q = f.apply(SIMD2<Float>(7, 11))
        XCTAssertEqual(Double(q.x), f.apply(p).x, accuracy: 1e-4)
    }

    func testDegenerateInputThrows() {
        XCTAssertThrowsError(try SimilarityTransform2D.estimate(from: [Point2(1, 1)], to: [Point2(2, 2)])) {
            XCTAssertEqual($0 as? GeometryError, .tooFewPoints(op: "SimilarityTransform2D.estimate", needed: 2, got: 1))
        }
        XCTAssertThrowsError(try SimilarityTransform2D.estimate(from: [Point2(1, 1), Point2(1, 1)], to: [Point2(0, 0), Point2(1, 0)])) {
            guard case GeometryError.degenerate = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try SimilarityTransform2D.estimate(from: [Point2(0, 0), Point2(1, 0)], to: [Point2(0, 0)])) {
            guard case GeometryError.countMismatch = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try SimilarityTransform2D.estimate(from: [Point2(0, 0), Point2(.nan, 0)], to: [Point2(0, 0), Point2(1, 0)])) {
            XCTAssertTrue("\($0)".contains("NaN"), "\($0)")
        }
    }
}
