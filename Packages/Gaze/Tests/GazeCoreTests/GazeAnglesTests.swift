import FaceAlignCore
import GazeCore
import Tensor
import XCTest

final class GazeAnglesTests: XCTestCase {
    func testAnglesToVectorAndBackRoundTrip() throws {
        var rng = RandomGenerator(seed: 3)
        for _ in 0..<500 {
            let g = GazeAngles(yawDegrees: rng.uniform(-170, 170), pitchDegrees: rng.uniform(-85, 85))
            let v = g.vector
            XCTAssertEqual((v * v).sum(), 1, accuracy: 1e-6)
            let back = try GazeAngles(vector: v * rng.uniform(0.1, 10))
            XCTAssertEqual(back.yaw, g.yaw, accuracy: 1e-5)
            XCTAssertEqual(back.pitch, g.pitch, accuracy: 1e-5)
            // Degrees and the renderer's type round trip too.
            let d = GazeAngles(g.direction)
            XCTAssertEqual(d.yaw, g.yaw, accuracy: 1e-6)
            XCTAssertEqual(d.pitch, g.pitch, accuracy: 1e-6)
            let h = g.direction.headVector
            XCTAssertEqual(h.x, v.x, accuracy: 1e-5); XCTAssertEqual(h.y, v.y, accuracy: 1e-5); XCTAssertEqual(h.z, v.z, accuracy: 1e-5)
        }
    }

    func testAxesFollowTheToolkitConvention() {
        func close(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> Bool { ((a - b) * (a - b)).sum() < 1e-10 }
        XCTAssertTrue(close(GazeAngles.ahead.vector, SIMD3(0, 0, -1)))            // at the camera
        XCTAssertTrue(close(GazeAngles(yawDegrees: 90, pitchDegrees: 0).vector, SIMD3(1, 0, 0)))   // image right
        XCTAssertTrue(close(GazeAngles(yawDegrees: 0, pitchDegrees: 90).vector, SIMD3(0, -1, 0)))  // up (y down)
    }

    func testDegenerateVectorsAreRejected() {
        XCTAssertThrowsError(try GazeAngles(vector: .zero))
        XCTAssertThrowsError(try GazeAngles(vector: SIMD3(.nan, 0, -1)))
        XCTAssertThrowsError(try GazeAngles(vector: SIMD3(.infinity, 0, -1)))
    }

    func testAngularErrorOfItselfIsZeroAndOfOrthogonalVectorsNinety() throws {
        var rng = RandomGenerator(seed: 5)
        for _ in 0..<200 {
            let v = SIMD3(rng.normalFloat(), rng.normalFloat(), rng.normalFloat())
            XCTAssertEqual(GazeMetrics.angularError(v, v), 0, accuracy: 1e-12)
            XCTAssertEqual(GazeMetrics.angularError(v, v * 7), 0, accuracy: 1e-4)   // Float rounding of 7v
            // Any vector orthogonal to v: its cross product with a random other vector.
            let w = SIMD3(rng.normalFloat(), rng.normalFloat(), rng.normalFloat())
            let o = SIMD3(v.y * w.z - v.z * w.y, v.z * w.x - v.x * w.z, v.x * w.y - v.y * w.x)
            XCTAssertEqual(GazeMetrics.angularError(v, o), 90, accuracy: 1e-3)
            XCTAssertEqual(GazeMetrics.angularError(v, -v), 180, accuracy: 1e-9)
        }
        XCTAssertEqual(GazeMetrics.angularError(GazeAngles.ahead, GazeAngles(yawDegrees: 90, pitchDegrees: 0)), 90, accuracy: 1e-4)
        // Through 3D vectors: 10° of yaw at 60° of pitch is about 5° of arc, not 10.
        XCTAssertEqual(GazeMetrics.angularError(GazeAngles(yawDegrees: 0, pitchDegrees: 60), GazeAngles(yawDegrees: 10, pitchDegrees: 60)),
                       4.997, accuracy: 0.01)
        XCTAssertThrowsError(try GazeMetrics.meanAngularError([.ahead], []))
    }

    func testScreenPlaneIntersection() throws {
        let plane = ScreenPlane(distance: 30)
        XCTAssertEqual(try plane.intersection(of: GazeAngles.ahead.vector), SIMD2(0, 0))
        let p = try plane.intersection(of: GazeAngles(yawDegrees: 45, pitchDegrees: 0).vector)
        XCTAssertEqual(p.x, 30, accuracy: 1e-4)
        XCTAssertThrowsError(try plane.intersection(of: SIMD3(0, 0, 1)))
        XCTAssertEqual(GazeMetrics.screenError(SIMD2(0, 0), SIMD2(3, 4)), 5, accuracy: 1e-12)
    }

    /// The head-relative label turned by the head pose is the renderer's camera-frame gaze.
    func testCameraVectorMatchesTheRenderersGaze() throws {
        var config = SyntheticFaceConfig.medium
        config.yawRange = 30; config.pitchRange = 20; config.rollRange = 15
        let world = try SyntheticFaceWorld(config: config, seed: 4)
        for i in 0..<4 {
            let labels = try world.eyeSample(at: i, width: 30, height: 18).labels
            let v = GazeAngles(labels.gaze).cameraVector(headPose: labels.headPose)
            XCTAssertLessThan(GazeMetrics.angularError(v, labels.gazeVector), 0.01, "sample \(i), pose \(labels.headPose)")
        }
    }
}
