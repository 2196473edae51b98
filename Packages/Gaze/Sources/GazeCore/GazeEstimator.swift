import FaceAlignCore
import Tensor

/// One eye crop's estimated gaze.
public struct GazeEstimate: Sendable, Equatable {
    /// The gaze relative to the head (what the model predicts).
    public var angles: GazeAngles
    /// Eye landmarks in crop pixels: the iris centre, then the six eyelid points in iBUG order.
    public var eyeLandmarks: [SIMD2<Float>]
    /// Each weak predictor's own estimate, when the model is an ensemble.
    public var predictorAngles: [GazeAngles]
    /// Root-mean-square angle (degrees) of the predictors around the ensemble: a cheap
    /// uncertainty proxy (0 for a single predictor).
    public var spreadDegrees: Float

    public init(angles: GazeAngles, eyeLandmarks: [SIMD2<Float>], predictorAngles: [GazeAngles] = [], spreadDegrees: Float = 0) {
        self.angles = angles
        self.eyeLandmarks = eyeLandmarks
        self.predictorAngles = predictorAngles
        self.spreadDegrees = spreadDegrees
    }
}

/// The `gaze` task: normalised gray eye crops in, head-relative gaze out.
///
/// Crops are `[N, 1, H, W]` with values in 0...1, framed by `EyeCropNormalizer` (the synthetic
/// renderer's framing); `inputShape` is `[1, H, W]`.
public protocol GazeEstimator: AnyObject, Sendable {
    var inputShape: [Int] { get }
    func estimate(_ crops: Tensor) throws -> [GazeEstimate]
}

/// One eye of a face in an image, with its gaze.
public struct EyeGaze: Sendable {
    public var crop: EyeCrop
    public var estimate: GazeEstimate

    public var eye: Int { crop.eye }

    /// The gaze direction in the camera frame (x right, y down, z away): the head-relative
    /// estimate turned by the head pose (taken as frontal when the crop has none).
    public var cameraVector: SIMD3<Float> { estimate.angles.cameraVector(headPose: crop.headPose ?? .frontal) }

    /// The estimated eye landmarks in image pixels (iris centre first).
    public var eyeLandmarksInImage: [SIMD2<Float>] { estimate.eyeLandmarks.map(crop.toImage) }

    /// A gaze arrow for drawing: from the iris centre, along the camera-frame direction's image
    /// projection, `length` image pixels for a gaze perpendicular to the camera axis.
    public func arrow(length: Float) -> (from: SIMD2<Float>, to: SIMD2<Float>) {
        let start = crop.toImage(estimate.eyeLandmarks.first ?? SIMD2(Float(crop.width), Float(crop.height)) / 2)
        let v = cameraVector
        return (start, start + SIMD2(v.x, v.y) * length)
    }
}

extension GazeEstimator {
    /// Checks crops are `[N] + inputShape` with N ≥ 1 and finite values.
    public func validateCrops(_ crops: Tensor) throws {
        guard crops.rank == inputShape.count + 1, Array(crops.shape.dropFirst()) == inputShape, crops.shape[0] > 0 else {
            throw GazeError.invalidArgument("expected eye crops of shape [N, \(inputShape.map(String.init).joined(separator: ", "))], got \(crops.shape); cut them with EyeCropNormalizer")
        }
        let finite = crops.withUnsafeBufferPointer { b in b.allSatisfy { $0.isFinite } }
        guard finite else { throw GazeError.invalidArgument("the eye crops hold NaN or infinite values") }
    }

    /// The normaliser that frames crops for this estimator.
    public var normalizer: EyeCropNormalizer { EyeCropNormalizer(width: inputShape[2], height: inputShape[1]) }

    /// Gaze of one cut crop.
    public func estimate(_ crop: EyeCrop) throws -> EyeGaze {
        let batch = try crop.pixels.reshaped([1] + crop.pixels.shape)
        return EyeGaze(crop: crop, estimate: try estimate(batch)[0])
    }

    /// Both eyes of a face: `image` `[1 or 3, H, W]` (0...1), its 68 iBUG landmarks and head pose
    /// (image pixels, e.g. `FaceAnalysis.landmarks` and `.pose`); image-left eye first. One batch.
    public func estimateEyes(image: Tensor, landmarks: Shape, headPose: HeadPose?) throws -> [EyeGaze] {
        let crops = try normalizer.crops(image: image, landmarks: landmarks, headPose: headPose)
        let batch = try Tensor.stack(crops.map(\.pixels), alongAxis: 0)
        let estimates = try estimate(batch)
        return zip(crops, estimates).map { EyeGaze(crop: $0, estimate: $1) }
    }
}
