import Tensor

/// What a landmark detector returns for one face crop: the final shape (crop pixels), an
/// optional head pose, and the shape after each cascade stage (for per-stage NME).
public struct LandmarkPrediction: Sendable {
    public var shape: Shape
    public var pose: HeadPose?
    /// One shape per cascade stage, in the final scheme; the last equals `shape`.
    public var stageShapes: [Shape]

    public init(shape: Shape, pose: HeadPose? = nil, stageShapes: [Shape] = []) {
        self.shape = shape
        self.pose = pose
        self.stageShapes = stageShapes
    }
}

/// Finds landmarks in a face crop made by `FaceCropTransform` (README-facealign §3).
///
/// The crop is `[C, S, S]` (or `[1, C, S, S]`) with values in 0...1; the detector says which
/// side `S`, which channel count and which crop margin it expects, so a pipeline can build the
/// crop for it. Results are in crop pixels (pixel (i, j) centre = (j + 0.5, i + 0.5)).
public protocol LandmarkDetector {
    var scheme: LandmarkScheme { get }
    /// Crop side `S` in pixels.
    var inputSize: Int { get }
    /// 1 (gray) or 3 (RGB).
    var inputChannels: Int { get }
    /// Margin of the crop square around the face box, as `FaceCropTransform(box:size:margin:)` takes it.
    var cropMargin: Float { get }
    /// `initialShape` is for cascades that start from a shape; detectors that start from the image ignore it.
    func predict(_ crop: Tensor, initialShape: Shape?) throws -> LandmarkPrediction
}

extension LandmarkDetector {
    public func predict(_ crop: Tensor) throws -> LandmarkPrediction { try predict(crop, initialShape: nil) }
}
