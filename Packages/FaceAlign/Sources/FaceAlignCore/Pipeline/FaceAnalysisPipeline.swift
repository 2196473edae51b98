import Foundation
import Geometry
import Imaging
import Tensor

/// One analysed face, in image pixels.
public struct FaceAnalysis: Sendable {
    /// The detector's box (before calibration).
    public var box: FaceBox
    /// The box the crop was made from (after calibration).
    public var cropBox: FaceBox
    public var landmarks: Shape
    public var pose: HeadPose?
    /// Landmarks after each cascade stage (image pixels), when the detector reports them.
    public var stageLandmarks: [Shape]
}

/// The main job as a chain of replaceable stages: face detector → crop (`FaceCropTransform`)
/// → landmark detector → head pose from the landmarks. Each stage is a protocol, so a user's
/// own detector or pose estimator plugs in without touching the rest.
///
/// ```swift
/// let pipeline = FaceAnalysisPipeline(faceDetector: try ViolaJonesDetector.frontalFace(),
///                                     landmarkDetector: try DeCaFADetector.pretrained())
/// let image = try ImageIO.read("portrait.jpg")
/// for face in try pipeline.analyze(image) {
///     print(face.box, face.landmarks.points.count, face.pose ?? .frontal)
/// }
/// try ImageIO.write(FaceAnnotation.draw(try pipeline.analyze(image), on: image), to: "annotated.png")
/// ```
public struct FaceAnalysisPipeline {
    public var faceDetector: any FaceDetector
    public var landmarkDetector: any LandmarkDetector
    public var poseEstimator: (any LandmarkPoseEstimator)?
    /// Detector box → the landmark detector's box convention.
    public var boxCalibration: FaceBoxCalibration
    /// At most this many faces, most confident first.
    public var maxFaces: Int

    public init(faceDetector: any FaceDetector, landmarkDetector: any LandmarkDetector,
                poseEstimator: (any LandmarkPoseEstimator)? = PnPPoseEstimator(),
                boxCalibration: FaceBoxCalibration = .violaJonesToSyntheticWorld, maxFaces: Int = 16) {
        self.faceDetector = faceDetector
        self.landmarkDetector = landmarkDetector
        self.poseEstimator = poseEstimator
        self.boxCalibration = boxCalibration
        self.maxFaces = maxFaces
    }

    /// Every face found in `image` (an empty array when there is none).
    public func analyze(_ image: PixelImage) throws -> [FaceAnalysis] {
        let boxes = try faceDetector.detect(image).prefix(maxFaces)
        guard !boxes.isEmpty else { return [] }
        let pixels = try Self.tensor(image, channels: landmarkDetector.inputChannels)
        var out: [FaceAnalysis] = []
        for box in boxes {
            let cropBox = boxCalibration.apply(box)
            let t = try FaceCropTransform(box: cropBox, size: landmarkDetector.inputSize, margin: landmarkDetector.cropMargin)
            let prediction = try landmarkDetector.predict(try t.crop(pixels), initialShape: nil)
            let shape = t.toImage(prediction.shape)
            let pose = poseEstimator.flatMap { estimator -> HeadPose? in
                shape.scheme == .ibug68 ? try? estimator.estimatePose(shape, imageWidth: image.width, imageHeight: image.height) : nil
            }
            out.append(FaceAnalysis(box: box, cropBox: cropBox, landmarks: shape, pose: pose,
                                    stageLandmarks: prediction.stageShapes.map(t.toImage)))
        }
        return out
    }

    /// `[channels, H, W]` in 0...1: alpha dropped, RGB to BT.601 luma for one channel, gray
    /// repeated for three (Imaging's `ImageOps.rgbToGray` / `grayToRGB`).
    public static func tensor(_ image: PixelImage, channels: Int) throws -> Tensor {
        let x = image.removingAlpha().chwTensor()
        switch (x.shape[0], channels) {
        case let (have, wanted) where have == wanted: return x
        case (3, 1): return try ImageOps.rgbToGray(x)
        case (1, 3): return try ImageOps.grayToRGB(x)
        default:
            throw FaceAlignError.invalidArgument(op: "FaceAnalysisPipeline", message: "models read 1 (gray) or 3 (RGB) channels, asked for \(channels)")
        }
    }
}

extension FaceBoxCalibration {
    /// OpenCV's frontal Haar cascade (`ViolaJonesDetector.frontalFace()`) to the synthetic
    /// world's face boxes (what DeCaFA's default weights were trained on), as measured on 74
    /// detected synthetic faces (medians; `BoxCalibrationTests`): the cascade's box sits about
    /// 18 % of its side higher than the world's square around the 68 landmarks.
    public static let violaJonesToSyntheticWorld = FaceBoxCalibration(scale: 1.04, dx: 0.01, dy: 0.18)
}
