import Foundation

/// The JSON report of `facet analyze`:
/// `{"image": ..., "faces": [{"box": [x, y, w, h], "score": s, "landmarks": [[x, y], ...],
/// "pose": {"yaw": .., "pitch": .., "roll": ..}}]}`, in image pixels and degrees.
public struct FaceAnalysisReport: Codable, Sendable {
    public struct Pose: Codable, Sendable {
        public var yaw: Float, pitch: Float, roll: Float
    }
    public struct Face: Codable, Sendable {
        public var box: [Float]
        public var score: Float
        public var landmarks: [[Float]]
        public var pose: Pose?
    }
    public var image: String
    public var faces: [Face]

    public init(image: String, faces: [FaceAnalysis]) {
        self.image = image
        self.faces = faces.map { f in
            Face(box: [f.box.x, f.box.y, f.box.width, f.box.height], score: f.box.score,
                 landmarks: f.landmarks.points.map { [Self.round($0.x), Self.round($0.y)] },
                 pose: f.pose.map { Pose(yaw: Self.round($0.yaw), pitch: Self.round($0.pitch), roll: Self.round($0.roll)) })
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
