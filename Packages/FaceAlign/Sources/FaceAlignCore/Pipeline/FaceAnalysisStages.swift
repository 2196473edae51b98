import Geometry
import Imaging
import Tensor

/// Head pose from a face's landmarks (image pixels): the pose stage of `FaceAnalysisPipeline`.
public protocol LandmarkPoseEstimator: Sendable {
    func estimatePose(_ landmarks: Shape, imageWidth: Int, imageHeight: Int) throws -> HeadPose
}

/// Pose by PnP of the mean 3D face on the 68 landmarks (`HeadPoseFromLandmarks`), with a
/// portrait camera guessed from the face size.
public struct PnPPoseEstimator: LandmarkPoseEstimator {
    public init() {}
    public func estimatePose(_ landmarks: Shape, imageWidth: Int, imageHeight: Int) throws -> HeadPose {
        try HeadPoseFromLandmarks.estimate(landmarks, visibleOnly: false).pose
    }
}

/// Maps a face detector's box to the box convention a landmark detector was trained with.
///
/// Detectors disagree on what a face box is: OpenCV's cascades frame brows to mouth, the
/// synthetic world frames a square 1.12 times the 68 landmarks' extent. The calibrated box is
/// `side = scale · max(w, h)`, centred at the box centre plus `(dx, dy) · side_of_the_input`.
public struct FaceBoxCalibration: Sendable, Equatable, Codable {
    public var scale: Float
    public var dx: Float
    public var dy: Float

    public init(scale: Float = 1, dx: Float = 0, dy: Float = 0) {
        self.scale = scale
        self.dx = dx
        self.dy = dy
    }

    public static let identity = FaceBoxCalibration()

    public func apply(_ box: FaceBox) -> FaceBox {
        let side = max(box.width, box.height)
        let c = box.center + SIMD2(dx, dy) * side
        let s = side * scale
        return FaceBox(x: c.x - s / 2, y: c.y - s / 2, width: s, height: s, score: box.score)
    }

    /// The calibration that best maps `detected` boxes onto `reference` boxes of the same faces
    /// (medians of the ratios and offsets: robust to a few bad detections).
    public static func estimate(detected: [FaceBox], reference: [FaceBox]) throws -> FaceBoxCalibration {
        guard !detected.isEmpty, detected.count == reference.count else {
            throw FaceAlignError.invalidArgument(op: "FaceBoxCalibration", message: "needs as many reference boxes as detected ones (at least one)")
        }
        func median(_ v: [Float]) -> Float { let s = v.sorted(); return s[s.count / 2] }
        var scales: [Float] = [], dxs: [Float] = [], dys: [Float] = []
        for (d, r) in zip(detected, reference) {
            let side = max(d.width, d.height)
            scales.append(max(r.width, r.height) / side)
            let off = (r.center - d.center) / side
            dxs.append(off.x); dys.append(off.y)
        }
        return FaceBoxCalibration(scale: median(scales), dx: median(dxs), dy: median(dys))
    }
}
