import XCTest
import Geometry
import Imaging
import NN
@testable import FaceAlignCore

final class SyntheticWorldTests: XCTestCase {
    func testSyntheticSameSeedSamePixelsDifferentSeedsDiffer() throws {
        let a = try SyntheticFaceWorld(config: .hard, seed: 11)
        let b = try SyntheticFaceWorld(config: .hard, seed: 11)
        let c = try SyntheticFaceWorld(config: .hard, seed: 12)
        // Out of order on purpose: sample i depends on (seed, i) only.
        let later = a.sample(at: 5)
        let s0 = a.sample(at: 3), t0 = b.sample(at: 3)
        XCTAssertEqual(s0.image, t0.image)
        XCTAssertEqual(s0.labels, t0.labels)
        XCTAssertEqual(later.image, b.sample(at: 5).image)
        XCTAssertNotEqual(s0.image, c.sample(at: 3).image)
        XCTAssertNotEqual(s0.image, a.sample(at: 4).image)
    }

    func testSyntheticPnPRecoversKnownPose() throws {
        let model = FaceModel3D()
        for pose in [HeadPose(yaw: 30, pitch: 10, roll: -5), HeadPose(yaw: -60, pitch: -20, roll: 15), HeadPose(yaw: 5, pitch: 30, roll: 30)] {
            let camera = FaceCamera(pose: pose, distance: 8, focalLength: 400, principalPoint: SIMD2(64, 64))
            let points = model.landmarks().map(camera.project)
            let shape = Shape(points: points, scheme: .ibug68)
            let estimate = try HeadPoseFromLandmarks.estimate(shape, camera: camera.intrinsics)
            XCTAssertEqual(estimate.pose.yaw, pose.yaw, accuracy: 1, "\(pose)")
            XCTAssertEqual(estimate.pose.pitch, pose.pitch, accuracy: 1, "\(pose)")
            XCTAssertEqual(estimate.pose.roll, pose.roll, accuracy: 1, "\(pose)")
        }
    }

    /// Sign conventions: positive yaw moves the nose tip to the image right of the eyes' middle,
    /// positive pitch moves it up, positive roll turns the eye line clockwise on screen.
    func testSyntheticRenderedPoseSignsAndRecovery() throws {
        var config = SyntheticFaceConfig.easy
        config.imageSize = 128
        let world = try SyntheticFaceWorld(config: config, seed: 1)
        var scene = SyntheticFaceScene()
        scene.pose = HeadPose(yaw: 30, pitch: 0, roll: 0)
        var l = world.render(scene).labels
        let mid = (l.landmarks[39] + l.landmarks[42]) / 2
        XCTAssertGreaterThan(l.landmarks[30].x, mid.x + 3)
        XCTAssertEqual(try HeadPoseFromLandmarks.estimate(l.shape, camera: l.camera.intrinsics, visibleOnly: false).pose.yaw, 30, accuracy: 1)
        XCTAssertEqual(try HeadPoseFromLandmarks.estimate(l.shape).pose.yaw, 30, accuracy: 3)
        scene.pose = HeadPose(yaw: 0, pitch: 25, roll: 0)
        let up = world.render(scene).labels
        scene.pose = .frontal
        let level = world.render(scene).labels
        let noseToEyes = { (l: SyntheticFaceLabels) in l.landmarks[30].y - (l.landmarks[36].y + l.landmarks[45].y) / 2 }
        XCTAssertLessThan(noseToEyes(up), noseToEyes(level) - 2)
        scene.pose = HeadPose(yaw: 0, pitch: 0, roll: 20)
        l = world.render(scene).labels
        XCTAssertGreaterThan(l.landmarks[45].y, l.landmarks[36].y + 5, "clockwise roll lowers the image-right eye")
        XCTAssertEqual(try HeadPoseFromLandmarks.estimate(l.shape, camera: l.camera.intrinsics).pose.roll, 20, accuracy: 1)
    }

    func testSyntheticVisibilityTurnsOffOnFarSideAtLargeYaw() throws {
        let world = try SyntheticFaceWorld(config: .easy, seed: 2)
        var scene = SyntheticFaceScene()
        let frontal = world.render(scene).labels
        XCTAssertEqual(frontal.visible.filter { $0 }.count, 68, "hidden: \(frontal.visible.indices.filter { !frontal.visible[$0] })")
        scene.pose = HeadPose(yaw: 75, pitch: 0, roll: 0)
        let turned = world.render(scene).labels
        // Yaw to the image right shows the image-left cheek and hides the image-right jaw.
        XCTAssertTrue(turned.visible[0] && turned.visible[2])
        XCTAssertFalse(turned.visible[14] || turned.visible[15] || turned.visible[16])
        XCTAssertFalse(turned.visible[45])
        scene.pose = HeadPose(yaw: -75, pitch: 0, roll: 0)
        let other = world.render(scene).labels
        XCTAssertFalse(other.visible[0] || other.visible[1])
        XCTAssertTrue(other.visible[16])
    }

    func testSyntheticAU12WidensTheMouth() {
        let model = FaceModel3D()
        let neutral = model.landmarks()
        let smile = model.landmarks(expression: ActionUnitIntensities([.lipCornerPuller: 1]))
        let width = { (p: [SIMD3<Float>]) in p[54].x - p[48].x }
        XCTAssertGreaterThan(width(smile), width(neutral) * 1.2)
        XCTAssertLessThan(smile[48].y, neutral[48].y - 0.03, "the corners rise")
        let open = model.landmarks(expression: ActionUnitIntensities([.jawDrop: 1, .lipsPart: 1]))
        XCTAssertGreaterThan(open[66].y - open[62].y, 0.1)
        XCTAssertGreaterThan(open[8].y, neutral[8].y + 0.1)
        let closed = model.landmarks(expression: ActionUnitIntensities([.eyesClosed: 1]))
        XCTAssertLessThan(closed[41].y - closed[37].y, 0.01)
    }

    func testSyntheticDatasetShapesAndRanges() throws {
        let data = try SyntheticFaceDataset(config: .medium, seed: 4, count: 6)
        XCTAssertEqual(data.count, 6)
        let batch = try data.batch(at: [0, 5])
        XCTAssertEqual(batch.inputs.shape, [2, 1, 64, 64])
        XCTAssertEqual(batch.targets?.shape, [2, 68, 2])
        let x = batch.inputs.scalars
        XCTAssertGreaterThanOrEqual(x.min()!, 0)
        XCTAssertLessThanOrEqual(x.max()!, 1)
        let labels = try data.labels(at: 5)
        XCTAssertEqual(labels.landmarks.count, 68)
        XCTAssertTrue(labels.actionUnits.values.allSatisfy { (0...1).contains($0) })
        XCTAssertTrue((-1...1).contains(labels.valence) && (-1...1).contains(labels.arousal))
        let inside = labels.landmarks.filter { $0.x >= 0 && $0.y >= 0 && $0.x < 64 && $0.y < 64 }.count
        XCTAssertGreaterThan(inside, 60)
        XCTAssertThrowsError(try data.sample(at: 6))
    }

    func testSyntheticOccludersFlagLandmarks() throws {
        var config = SyntheticFaceConfig.hard
        config.occlusionProbability = 1
        let world = try SyntheticFaceWorld(config: config, seed: 5)
        let flagged = (0..<12).map { world.sample(at: $0).labels.occluded.filter { $0 }.count }
        XCTAssertGreaterThan(flagged.reduce(0, +), 12 * 3)
    }

    func testSyntheticSequenceAndEyeCrops() throws {
        let world = try SyntheticFaceWorld(config: .easy, seed: 6)
        let seq = try world.sequence(at: 0, frameCount: 10)
        XCTAssertEqual(seq.frames.count, 10)
        XCTAssertEqual(seq.frames.first?.phase, .neutral)
        XCTAssertTrue(seq.frames.contains { $0.phase == .apex && $0.expressionLevel == 1 })
        let eye = try world.eyeSample(at: 3)
        XCTAssertEqual(eye.image.width, 60)
        XCTAssertEqual(eye.image.height, 36)
        let c = eye.labels.irisCenter
        XCTAssertTrue(c.x > 10 && c.x < 50 && c.y > 5 && c.y < 31, "iris centre \(c) inside the crop")
    }
}
