import DeeSCo
import FaceAlignCore
import GazeCore
import Tensor
import XCTest

/// The default weights through the whole face path `facet analyze` takes (face image, its 68
/// landmarks and head pose → eye crops → gaze in the camera frame), on rendered faces whose
/// gaze is known: the crop framing and the pose composition must agree with the renderer's.
final class FaceGazeAccuracyTests: XCTestCase {
    func testDefaultWeightsFollowTheGazeOfRenderedFaces() throws {
        let model = try DeeSCoModel.pretrained()
        var config = SyntheticFaceConfig.easy
        config.imageSize = 256
        let world = try SyntheticFaceWorld(config: config, seed: 31)
        var errors: [Double] = [], ahead: [Double] = [], withPnP: [Double] = []
        let pnp = PnPPoseEstimator()
        for i in 0..<24 {
            let face = try world.sample(at: i)
            let eyes = try model.estimateEyes(image: face.tensor, landmarks: face.labels.shape, headPose: face.labels.pose)
            let truthHead = GazeAngles(face.labels.gaze)
            let truth = truthHead.cameraVector(headPose: face.labels.pose)
            // As `facet analyze` runs it: the pose estimated from the landmarks.
            let estimated = try pnp.estimatePose(face.labels.shape, imageWidth: 256, imageHeight: 256)
            for eye in try model.estimateEyes(image: face.tensor, landmarks: face.labels.shape, headPose: estimated) {
                withPnP.append(GazeMetrics.angularError(eye.cameraVector, truth))
            }
            for eye in eyes {
                errors.append(GazeMetrics.angularError(eye.cameraVector, truth))
                ahead.append(GazeMetrics.angularError(GazeAngles.ahead.cameraVector(headPose: face.labels.pose), truth))
            }
        }
        let mean = errors.reduce(0, +) / Double(errors.count), baseline = ahead.reduce(0, +) / Double(ahead.count)
        let pnpMean = withPnP.reduce(0, +) / Double(withPnP.count)
        print(String(format: "camera-frame gaze error: %.2f° with the true pose, %.2f° with PnP; head direction %.2f°", mean, pnpMean, baseline))
        XCTAssertLessThan(mean, 0.5 * baseline, "mean camera-frame error \(mean)° vs \(baseline)° for 'looks where the head points'")
        XCTAssertLessThan(pnpMean, 0.5 * baseline, "with the PnP pose: \(pnpMean)° vs \(baseline)°")
    }
}
