import Geometry

extension HeadPose {
    /// The rotation (model to camera, Geometry's frame: x right, y down, z forward) of a head in
    /// this pose.
    ///
    /// `HeadPose` reads yaw positive when the face turns towards the image right and pitch
    /// positive when the chin goes up; Geometry's `Rotation3D(yaw:pitch:roll:)` turns a face
    /// looking at the camera (nose at −z) the other way for both (its positive yaw sends the
    /// nose to the image left, its positive pitch sends it down). Roll agrees (clockwise on
    /// screen). Hence `R = Rz(roll)·Rx(−pitch)·Ry(−yaw)`.
    public var rotation: Rotation3D {
        Rotation3D(yaw: -Double(yaw), pitch: -Double(pitch), roll: Double(roll))
    }

    /// The pose of a head rotated by `rotation` (the inverse of `rotation`).
    public init(rotation: Rotation3D) {
        let e = rotation.eulerAngles
        self.init(yaw: Float(-e.yaw), pitch: Float(-e.pitch), roll: Float(e.roll))
    }
}

public enum HeadPoseEstimationError: Error, CustomStringConvertible {
    case wrongScheme(String)
    case tooFewPoints(Int)

    public var description: String {
        switch self {
        case .wrongScheme(let name):
            return "head pose from landmarks needs iBUG 68-point shapes, got \(name); derive or convert the shape to ibug68 first"
        case .tooFewPoints(let n):
            return "head pose from landmarks needs at least 6 usable points, got \(n); pass more visible landmarks"
        }
    }
}

/// Head pose from 68 2D landmarks by PnP against the 3D mean shape of the synthetic face model
/// (`FaceModel3D.meanShape`).
public enum HeadPoseFromLandmarks {
    public struct Estimate: Sendable {
        public var pose: HeadPose
        /// RMS distance in pixels between the landmarks and the fitted model's projection.
        public var reprojectionRMS: Double
        public var solution: PnP.Solution
    }

    /// Fits the mean shape's pose to `shape`.
    ///
    /// - Parameters:
    ///   - camera: the image's intrinsics when known. Without them the fit guesses a portrait
    ///     camera: focal length 5 times the landmarks' larger box side (a face at arm's length
    ///     with a normal lens; the synthetic world's framing), principal point at the box centre,
    ///     and falls back to the focal-free weak-perspective fit if that fails.
    ///   - visibleOnly: drop points flagged invisible or occluded (kept if fewer than 6 remain).
    public static func estimate(_ shape: Shape, camera: CameraIntrinsics? = nil, visibleOnly: Bool = true,
                                model: [Point3] = FaceModel3D.meanShape) throws -> Estimate {
        guard shape.scheme == .ibug68 else { throw HeadPoseEstimationError.wrongScheme(shape.scheme.name) }
        var indices = Array(0..<shape.count)
        if visibleOnly {
            let kept = indices.filter { (shape.visible?[$0] ?? true) && !(shape.occluded?[$0] ?? false) }
            if kept.count >= 6 { indices = kept }
        }
        guard indices.count >= 6 else { throw HeadPoseEstimationError.tooFewPoints(indices.count) }
        let modelPoints = indices.map { model[$0] }
        let imagePoints = indices.map { Point2(Double(shape.points[$0].x), Double(shape.points[$0].y)) }
        let solution: PnP.Solution
        if let camera {
            solution = try PnP.solve(modelPoints: modelPoints, imagePoints: imagePoints, camera: camera, method: .perspective)
        } else {
            let b = shape.boundingBox
            let guess = CameraIntrinsics(focalLength: Double(5 * max(b.width, b.height, 1)),
                                         principalPoint: Point2(Double(b.x + b.width / 2), Double(b.y + b.height / 2)))
            if let s = try? PnP.solve(modelPoints: modelPoints, imagePoints: imagePoints, camera: guess, method: .perspective) {
                solution = s
            } else {
                let unit = CameraIntrinsics(focalLength: 1, principalPoint: .zero)
                solution = try PnP.solve(modelPoints: modelPoints, imagePoints: imagePoints, camera: unit, method: .weakPerspective)
            }
        }
        return Estimate(pose: HeadPose(rotation: solution.rotation), reprojectionRMS: solution.reprojectionRMS, solution: solution)
    }
}
