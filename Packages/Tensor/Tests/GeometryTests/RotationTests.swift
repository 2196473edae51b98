import XCTest
@testable import Geometry

final class RotationTests: XCTestCase {
    func testEulerRoundTripOverAGrid() {
        var worst = 0.0
        for yaw in stride(from: -175.0, through: 175, by: 25) {
            for pitch in stride(from: -84.0, through: 84, by: 12) {
                for roll in stride(from: -170.0, through: 170, by: 34) {
                    let e = Rotation3D(yaw: yaw, pitch: pitch, roll: roll).eulerAngles
                    worst = max(worst, abs(e.yaw - yaw), abs(e.pitch - pitch), abs(e.roll - roll))
                }
            }
        }
        XCTAssertLessThan(worst, 1e-9)
    }

    func testRotationMatricesAreOrthonormalWithDeterminantOne() throws {
        var rng = SeededGenerator(seed: 9)
        for _ in 0..<50 {
            let r = Rotation3D(yaw: rng.uniform(-180...180), pitch: rng.uniform(-90...90), roll: rng.uniform(-180...180))
            assertMatricesClose(r.matrix * r.matrix.transposed, .identity, 1e-14)
            XCTAssertEqual(r.matrix.determinant, 1, accuracy: 1e-14)
            XCTAssertNoThrow(try Rotation3D(matrix: r.matrix))
            let axis = Point3(rng.normal(), rng.normal(), rng.normal())
            let q = try Rotation3D(axis: axis, degrees: rng.uniform(-180...180))
            XCTAssertEqual(q.matrix.determinant, 1, accuracy: 1e-14)
            XCTAssertEqual(q.apply(axis).x, axis.x, accuracy: 1e-12)   // the axis stays put
        }
    }

    func testTheDocumentedConvention() throws {
        // R = Rz(roll)·Rx(pitch)·Ry(yaw), each a right-handed turn about a camera axis.
        let yawOnly = Rotation3D(yaw: 90, pitch: 0, roll: 0)
        assertMatricesClose(yawOnly.matrix, try Rotation3D(axis: Point3(0, 1, 0), degrees: 90).matrix, 1e-15)
        XCTAssertEqual(yawOnly.apply(Point3(1, 0, 0)).z, -1, accuracy: 1e-15)   // +x swings towards the camera
        let composed = try Rotation3D(axis: Point3(0, 0, 1), degrees: 20) * Rotation3D(axis: Point3(1, 0, 0), degrees: -35)
            * Rotation3D(axis: Point3(0, 1, 0), degrees: 50)
        assertMatricesClose(Rotation3D(yaw: 50, pitch: -35, roll: 20).matrix, composed.matrix, 1e-14)
        // Rotating the image by φ (about the optical axis, applied last) adds φ to roll.
        let pose = Rotation3D(yaw: 30, pitch: 15, roll: 10)
        let turned = try Rotation3D(axis: Point3(0, 0, 1), degrees: 25) * pose
        XCTAssertEqual(turned.eulerAngles.roll, 35, accuracy: 1e-12)
        XCTAssertEqual(turned.eulerAngles.yaw, 30, accuracy: 1e-12)
        // Mirroring x negates yaw and roll and keeps pitch.
        let flip = Matrix3(rows: Point3(-1, 0, 0), Point3(0, 1, 0), Point3(0, 0, 1))
        let mirrored = try Rotation3D(matrix: flip * pose.matrix * flip).eulerAngles
        XCTAssertEqual(mirrored.yaw, -30, accuracy: 1e-12)
        XCTAssertEqual(mirrored.pitch, 15, accuracy: 1e-12)
        XCTAssertEqual(mirrored.roll, -10, accuracy: 1e-12)
    }

    func testGimbalLockStillGivesTheSameRotation() {
        let r = Rotation3D(yaw: 40, pitch: 90, roll: 10)
        let e = r.eulerAngles
        XCTAssertEqual(e.pitch, 90, accuracy: 1e-6)
        XCTAssertLessThan(Rotation3D(e).angle(to: r), 1e-6)
    }

    func testRotationVectorRoundTripAndAngles() throws {
        var rng = SeededGenerator(seed: 10)
        for degrees in [0.0, 1e-7, 0.5, 45, 179.9, 180] {
            let axis = Point3(rng.normal(), rng.normal(), rng.normal())
            let r = try Rotation3D(axis: axis, degrees: degrees)
            let back = Rotation3D(rotationVector: r.rotationVector)
            assertMatricesClose(back.matrix, r.matrix, 1e-12, "at \(degrees)°")
            XCTAssertEqual(Rotation3D.identity.angle(to: r), degrees, accuracy: 1e-9)
        }
        let a = Rotation3D(yaw: 10, pitch: 20, roll: 30)
        XCTAssertLessThan(a.angle(to: a), 1e-9)
        assertMatricesClose((a * a.inverse).matrix, .identity, 1e-15)
    }

    func testNearestRotationProjectsANoisyScaledMatrix() throws {
        var rng = SeededGenerator(seed: 11)
        let r = Rotation3D(yaw: -20, pitch: 35, roll: 70)
        let noisy = Matrix3(zip(r.matrix.values, 0..<9).map { 3 * ($0.0 + 0.01 * rng.normal()) })
        let nearest = try Rotation3D.nearest(to: noisy)
        XCTAssertEqual(nearest.matrix.determinant, 1, accuracy: 1e-12)
        assertMatricesClose(nearest.matrix * nearest.matrix.transposed, .identity, 1e-12)
        XCTAssertLessThan(nearest.angle(to: r), 2)
        // A reflection is turned into a rotation, not kept.
        let reflection = Matrix3(rows: Point3(1, 0, 0), Point3(0, 1, 0), Point3(0, 0, -1))
        XCTAssertEqual(try Rotation3D.nearest(to: reflection).matrix.determinant, 1, accuracy: 1e-12)
    }

    func testInvalidInputThrows() {
        XCTAssertThrowsError(try Rotation3D(axis: .zero, degrees: 10))
        XCTAssertThrowsError(try Rotation3D(matrix: 2 * Matrix3.identity)) {
            XCTAssertTrue("\($0)".contains("nearest"), "\($0)")
        }
        XCTAssertThrowsError(try Rotation3D.nearest(to: Matrix3([.nan, 0, 0, 0, 1, 0, 0, 0, 1])))
        XCTAssertThrowsError(try Rotation3D.nearest(to: Matrix3(Array(repeating: 0, count: 9))))
    }
}
