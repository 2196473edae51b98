import DeeSCo
import FaceAlignCore
import GazeCore
import Registry
import Tensor
import XCTest

final class DeeSCoPluginTests: XCTestCase {
    func testDescriptorRegistryAndOverrides() throws {
        XCTAssertEqual(DeeSCoPlugin.descriptor.id, "deesco")
        XCTAssertEqual(DeeSCoPlugin.descriptor.task, .gaze)
        let registry = try MethodRegistry(GazePlugins.all)
        let model = try registry.make("deesco", as: DeeSCoModel.self) {
            try $0.apply(overrides: ["weights=none", "design=homogeneous", "loss=joint", "grid=16", "seed=3"])
        }
        XCTAssertEqual(model.config.loss, .joint)
        XCTAssertEqual(model.config.gridRows, 16)
        XCTAssertTrue(model.config.heads.allSatisfy { $0.stage == 4 })
        let single = try registry.make("deesco", as: DeeSCoModel.self) { try $0.apply(overrides: ["weights=none", "design=single"]) }
        XCTAssertEqual(single.predictorCount, 1)
        XCTAssertEqual(single.config.loss, .independent)
        XCTAssertThrowsError(try registry.make("deesco", as: DeeSCoModel.self) { try $0.apply(overrides: ["loss=magic"]) })
        XCTAssertThrowsError(try registry.make("deesco", as: DeeSCoModel.self) { try $0.apply(overrides: ["weights=/nonexistent.safetensors"]) })
        XCTAssertEqual(GazeReproductions.all.map { $0.methodID }, ["deesco"])
    }

    /// The estimator API on a rendered face: both eyes, finite gaze, arrows and landmarks in the image.
    func testEstimatesBothEyesOfAFace() throws {
        let registry = try MethodRegistry(GazePlugins.all)
        let estimator = try registry.make("deesco", as: DeeSCoModel.self) { try $0.apply(overrides: ["weights=none"]) }
        var config = SyntheticFaceConfig.easy
        config.imageSize = 160
        let face = try SyntheticFaceWorld(config: config, seed: 2).sample(at: 0)
        let eyes = try estimator.estimateEyes(image: face.tensor, landmarks: face.labels.shape, headPose: face.labels.pose)
        XCTAssertEqual(eyes.map(\.eye), [0, 1])
        for eye in eyes {
            XCTAssertTrue(eye.estimate.angles.yaw.isFinite && eye.estimate.angles.pitch.isFinite)
            XCTAssertEqual(eye.estimate.predictorAngles.count, 4)
            XCTAssertEqual(eye.eyeLandmarksInImage.count, 7)
            let arrow = eye.arrow(length: 20)
            let box = face.labels.shape.boundingBox
            XCTAssertTrue(arrow.from.x > box.x && arrow.from.x < box.x + box.width, "arrow starts at \(arrow.from), face box \(box)")
            XCTAssertTrue(arrow.to.x.isFinite && arrow.to.y.isFinite)
        }
        XCTAssertThrowsError(try estimator.estimate(Tensor(zeros: [1, 1, 36, 59])))
        XCTAssertThrowsError(try estimator.estimate(Tensor(shape: [1, 1, 36, 60], repeating: .nan)))
        XCTAssertThrowsError(try estimator.estimate(Tensor(zeros: [0, 1, 36, 60])))
        let latency = try DeeSCoLatency.measure(estimator, batchSizes: [1, 16], repeats: 3)
        XCTAssertEqual(latency.map(\.batchSize), [1, 16])
        XCTAssertTrue(latency.allSatisfy { $0.millisecondsPerEye > 0 })
        XCTAssertThrowsError(try DeeSCoLatency.measure(estimator, batchSizes: [0]))
    }
}
