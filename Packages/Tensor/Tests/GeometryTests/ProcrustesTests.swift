import XCTest
@testable import Geometry

final class ProcrustesTests: XCTestCase {
    func testAligningAMovedCopyLeavesNoResidual() throws {
        var rng = SeededGenerator(seed: 6)
        let target = rng.points(68)
        let moved = SimilarityTransform2D(scale: 0.4, rotation: 2.2, translation: Point2(300, 120)).apply(target)
        let alignment = try Procrustes.align(moved, to: target)
        XCTAssertLessThan(alignment.rmsResidual, 1e-10)
        assertPointsClose(alignment.aligned, target, 1e-9)
        XCTAssertEqual(alignment.transform.scale, 2.5, accuracy: 1e-12)
    }

    func testResidualMeasuresTheDifferenceInForm() throws {
        var rng = SeededGenerator(seed: 7)
        let target = rng.points(68)
        let noisy = target.map { $0 + Point2(rng.normal(), rng.normal()) }
        let residual = try Procrustes.align(noisy, to: target).rmsResidual
        // Noise of σ = 1 per coordinate gives an RMS distance near √2 (a little less: the fit absorbs 4 dof).
        XCTAssertGreaterThan(residual, 1.2)
        XCTAssertLessThan(residual, 1.6)
    }

    func testGeneralizedProcrustesFindsTheCommonShape() throws {
        var rng = SeededGenerator(seed: 8)
        let base = rng.points(30)
        let shapes = (0..<25).map { _ in
            SimilarityTransform2D(scale: rng.uniform(0.5...3), rotation: rng.uniform(-3...3),
                                  translation: Point2(rng.uniform(-200...200), rng.uniform(-200...200)))
                .apply(base.map { $0 + Point2(rng.normal(), rng.normal()) * 0.2 })
        }
        let gpa = try Procrustes.generalized(shapes)
        XCTAssertTrue(gpa.converged)
        XCTAssertEqual(gpa.meanShape.count, 30)
        XCTAssertEqual(gpa.aligned.count, 25)
        // The mean is centred with unit size.
        let centroid = gpa.meanShape.reduce(Point2.zero, +) / 30
        XCTAssertLessThan((centroid * centroid).sum().squareRoot(), 1e-10)
        let size = (gpa.meanShape.reduce(0) { $0 + ($1 * $1).sum() } / 30).squareRoot()
        XCTAssertEqual(size, 1, accuracy: 1e-10)
        // It is the base shape up to a similarity, and every transform maps its shape onto it.
        XCTAssertLessThan(try Procrustes.align(base, to: gpa.meanShape).rmsResidual, 0.01)
        for (shape, (t, aligned)) in zip(shapes, zip(gpa.transforms, gpa.aligned)) {
            assertPointsClose(t.apply(shape), aligned, 1e-12)
        }
        XCTAssertGreaterThan(gpa.rmsResidual, 0)
        XCTAssertLessThan(gpa.rmsResidual, 0.02)
    }

    func testGeneralizedProcrustesRejectsBadSets() {
        XCTAssertThrowsError(try Procrustes.generalized([]))
        XCTAssertThrowsError(try Procrustes.generalized([[Point2(0, 0), Point2(1, 1)], [Point2(0, 0)]])) {
            guard case GeometryError.countMismatch = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try Procrustes.generalized([[Point2(3, 3), Point2(3, 3)]])) {
            guard case GeometryError.degenerate = $0 else { return XCTFail("\($0)") }
        }
    }
}
