import XCTest
@testable import Geometry

final class PnPTests: XCTestCase {
    let model = faceModel()
    let camera = CameraIntrinsics(fx: 800, fy: 780, cx: 320, cy: 240)

    func project(_ pose: Pose3D, noise: Double = 0, rng: inout SeededGenerator) -> [Point2] {
        model.map { pose.project($0, camera: camera) + Point2(rng.normal(), rng.normal()) * noise }
    }

    func assertAngles(_ got: EulerAngles, _ want: EulerAngles, within tolerance: Double, _ message: String = "",
                      file: StaticString = #filePath, line: UInt = #line) {
        let worst = max(abs(got.yaw - want.yaw), abs(got.pitch - want.pitch), abs(got.roll - want.roll))
        XCTAssertLessThanOrEqual(worst, tolerance, "got \(got), want \(want) \(message)", file: file, line: line)
    }

    func testPerspectiveRecoversKnownPosesExactly() throws {
        var rng = SeededGenerator(seed: 12)
        for yaw in [-70.0, -35, 0, 35, 70] {
            for pitch in [-30.0, 0, 30] {
                for roll in [-30.0, 0, 25] {
                    let want = EulerAngles(yaw: yaw, pitch: pitch, roll: roll)
                    let truth = Pose3D(rotation: Rotation3D(want),
                                       translation: Point3(rng.uniform(-80...80), rng.uniform(-60...60), rng.uniform(400...700)))
                    let solution = try PnP.solve(modelPoints: model, imagePoints: project(truth, rng: &rng), camera: camera)
                    assertAngles(solution.eulerAngles, want, within: 0.5)
                    XCTAssertLessThan(solution.rotation.angle(to: truth.rotation), 1e-4)
                    XCTAssertLessThan((solution.translation - truth.translation).length, 1e-3)
                    XCTAssertLessThan(solution.reprojectionRMS, 1e-6)
                }
            }
        }
    }

    func testPerspectiveWithPixelNoise() throws {
        var rng = SeededGenerator(seed: 13)
        var errors: [Double] = []
        for _ in 0..<20 {
            let want = EulerAngles(yaw: rng.uniform(-60...60), pitch: rng.uniform(-30...30), roll: rng.uniform(-30...30))
            let truth = Pose3D(rotation: Rotation3D(want), translation: Point3(0, 0, 600))
            let solution = try PnP.solve(modelPoints: model, imagePoints: project(truth, noise: 1, rng: &rng), camera: camera)
            errors.append(solution.rotation.angle(to: truth.rotation))
            assertAngles(solution.eulerAngles, want, within: 5)
            // The fit cannot beat the noise by much and should not be far above it (σ√2 ≈ 1.4 px).
            XCTAssertGreaterThan(solution.reprojectionRMS, 0.9)
            XCTAssertLessThan(solution.reprojectionRMS, 1.8)
        }
        XCTAssertLessThan(errors.reduce(0, +) / Double(errors.count), 2, "mean rotation error \(errors)")
    }

    func testWeakPerspectiveRecoversThePoseOfADistantFace() throws {
        var rng = SeededGenerator(seed: 14)
        // 10 m away with a long lens: the face spans ~200 px as before, but depth differences vanish.
        let telephoto = CameraIntrinsics(focalLength: 15_000, principalPoint: Point2(320, 240))
        for _ in 0..<10 {
            let want = EulerAngles(yaw: rng.uniform(-60...60), pitch: rng.uniform(-30...30), roll: rng.uniform(-30...30))
            let truth = Pose3D(rotation: Rotation3D(want), translation: Point3(30, -20, 10_000))
            let image = model.map { truth.project($0, camera: telephoto) }
            let solution = try PnP.solve(modelPoints: model, imagePoints: image, camera: telephoto, method: .weakPerspective)
            XCTAssertEqual(solution.method, .weakPerspective)
            assertAngles(solution.eulerAngles, want, within: 1)
            XCTAssertEqual(solution.translation.z, 10_000, accuracy: 100)
        }
    }

    func testPerspectiveBeatsWeakPerspectiveUpClose() throws {
        var rng = SeededGenerator(seed: 15)
        let truth = Pose3D(rotation: Rotation3D(yaw: 45, pitch: -20, roll: 10), translation: Point3(40, 0, 300))
        let image = project(truth, rng: &rng)
        let weak = try PnP.solve(modelPoints: model, imagePoints: image, camera: camera, method: .weakPerspective)
        let full = try PnP.solve(modelPoints: model, imagePoints: image, camera: camera)
        XCTAssertGreaterThan(weak.reprojectionRMS, 1)   // a close face is visibly not orthographic
        XCTAssertLessThan(full.reprojectionRMS, 1e-6)
        XCTAssertLessThan(weak.rotation.angle(to: truth.rotation), 15)   // still a usable start
    }

    func testWorksWithTheMinimumOfFourPoints() throws {
        let four = [Point3(-30, -20, 0), Point3(30, -20, 0), Point3(0, 10, -25), Point3(0, 40, 5)]
        let truth = Pose3D(rotation: Rotation3D(yaw: 20, pitch: 10, roll: -5), translation: Point3(0, 0, 1000))
        let image = four.map { truth.project($0, camera: camera) }
        let solution = try PnP.solve(modelPoints: four, imagePoints: image, camera: camera)
        XCTAssertLessThan(solution.rotation.angle(to: truth.rotation), 0.5)
    }

    func testDegenerateInputThrows() {
        let image = model.map { Pose3D(rotation: .identity, translation: Point3(0, 0, 500)).project($0, camera: camera) }
        func check(_ model: [Point3], _ image: [Point2], _ camera: CameraIntrinsics? = nil, _ message: String,
                   line: UInt = #line) {
            XCTAssertThrowsError(try PnP.solve(modelPoints: model, imagePoints: image, camera: camera ?? self.camera),
                                 message, line: line) { XCTAssertTrue("\($0)".contains(message), "\($0)", line: line) }
        }
        check(Array(model.prefix(3)), Array(image.prefix(3)), nil, "at least 4 points")
        check(model, Array(image.dropLast()), nil, "pair up")
        var nan = image
        nan[5].x = .nan
        check(model, nan, nil, "NaN")
        let flat = model.map { Point3($0.x, $0.y, 0) }
        check(flat, image, nil, "coplanar")
        check(model, Array(repeating: Point2(100, 100), count: model.count), nil, "coincide or lie on one line")
        check(model, image, CameraIntrinsics(focalLength: 0, principalPoint: .zero), "focal")
    }
}
