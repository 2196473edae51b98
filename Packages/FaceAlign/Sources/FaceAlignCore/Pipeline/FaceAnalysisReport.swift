import Foundation

/// The JSON report of `facet analyze`:
/// `{"image": ..., "faces": [{"box": [x, y, w, h], "score": s, "landmarks": [[x, y], ...],
/// "pose": {"yaw": .., "pitch": .., "roll": ..}, "gaze": [...]}]}`, in image pixels and degrees.
/// `gaze` is present when a gaze stage ran (it lives above this package, so it fills the field).
public struct FaceAnalysisReport: Codable, Sendable {
    public struct Pose: Codable, Sendable {
        public var yaw: Float, pitch: Float, roll: Float
    }
    /// One eye's gaze: `eye` is "right" for the subject's right eye (iBUG 36-41, image-left)
    /// and "left" for 42-47; `origin` the iris centre in pixels; `yaw`/`pitch` (degrees) the
    /// gaze relative to the head; `vector` the unit direction in the camera frame (x right,
    /// y down, z away from the camera); `spread` the ensemble's disagreement in degrees.
    public struct Gaze: Codable, Sendable {
        public var eye: String
        public var origin: [Float]
        public var yaw: Float, pitch: Float
        public var vector: [Float]
        public var spread: Float

        public init(eye: String, origin: SIMD2<Float>, yawDegrees: Float, pitchDegrees: Float, vector: SIMD3<Float>, spreadDegrees: Float) {
            self.eye = eye
            self.origin = [FaceAnalysisReport.round(origin.x), FaceAnalysisReport.round(origin.y)]
            yaw = FaceAnalysisReport.round(yawDegrees)
            pitch = FaceAnalysisReport.round(pitchDegrees)
            self.vector = [vector.x, vector.y, vector.z].map { ($0 * 10_000).rounded() / 10_000 }
            spread = FaceAnalysisReport.round(spreadDegrees)
        }
    }
    public struct Face: Codable, Sendable {
        public var box: [Float]
        public var score: Float
        public var landmarks: [[Float]]
        public var pose: Pose?
        public var gaze: [Gaze]?
    }
    public var image: String
    public var faces: [Face]

    public init(image: String, faces: [FaceAnalysis]) {
        self.image = image
        self.faces = faces.map { f in
            Face(box: [f.box.x, f.box.y, f.box.width, f.box.height], score: f.box.score,
                 landmarks: f.landmarks.points.map { [Self.round($0.x), Self.round($0.y)] },
                 pose: f.pose.map { Pose(yaw: Self.round($0.yaw), pitch: Self.round($0.pitch), roll: Self.round($0.roll)) },
                 gaze: nil)
        }
    }

    static func round(_ v: Float) -> Float { (v * 100).rounded() / 100 }

    public func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try e.encode(self)
    }

    /// OpenFace-style CSV header: `image, face, confidence, x_0..x_K-1, y_0..y_K-1, pose_Rx, pose_Ry, pose_Rz`
    /// (pose in radians as OpenFace writes it: Rx = pitch, Ry = yaw, Rz = roll).
    public static func csvHeader(points: Int = 68) -> String {
        (["image", "face", "confidence"] + (0..<points).map { "x_\($0)" } + (0..<points).map { "y_\($0)" }
            + ["pose_Rx", "pose_Ry", "pose_Rz"]).joined(separator: ",")
    }

    /// One CSV row per face.
    public func csvRows() -> [String] {
        faces.enumerated().map { i, f in
            let xs = f.landmarks.map { String(format: "%.2f", $0[0]) }, ys = f.landmarks.map { String(format: "%.2f", $0[1]) }
            let rad: (Float?) -> String = { $0.map { String(format: "%.4f", Double($0) * .pi / 180) } ?? "" }
            let quotedImage = "\"" + image.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return ([quotedImage, String(i), String(format: "%.3f", f.score)] + xs + ys
                    + [rad(f.pose?.pitch), rad(f.pose?.yaw), rad(f.pose?.roll)]).joined(separator: ",")
        }
    }
}
