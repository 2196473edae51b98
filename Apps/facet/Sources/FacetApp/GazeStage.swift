import FaceAlign
import Foundation
import GazeCore
import Imaging
import Tensor

/// The gaze stage of `facet analyze`: both eyes of every face found, from the image, the
/// face's 68 landmarks and its head pose; drawn as arrows and written into the report.
struct GazeStage {
    let estimator: any GazeEstimator

    /// One entry per face, image-left eye first; an empty list for a face whose eyes could not
    /// be cropped (landmarks off the image, eye corners on top of each other).
    func estimate(_ faces: [FaceAnalysis], in image: PixelImage) throws -> [[EyeGaze]] {
        let pixels = try FaceAnalysisPipeline.tensor(image, channels: estimator.inputShape[0])
        return faces.map { face in
            guard face.landmarks.scheme == .ibug68 else { return [] }
            return (try? estimator.estimateEyes(image: pixels, landmarks: face.landmarks, headPose: face.pose)) ?? []
        }
    }

    /// The report's `gaze` field of each face.
    static func fill(_ report: inout FaceAnalysisReport, with gazes: [[EyeGaze]]) {
        for (i, eyes) in gazes.enumerated() where i < report.faces.count && !eyes.isEmpty {
            report.faces[i].gaze = eyes.map { g in
                FaceAnalysisReport.Gaze(eye: g.eye == 0 ? "right" : "left", origin: g.arrow(length: 0).from,
                                        yawDegrees: g.estimate.angles.yawDegrees, pitchDegrees: g.estimate.angles.pitchDegrees,
                                        vector: g.cameraVector, spreadDegrees: g.estimate.spreadDegrees)
            }
        }
    }

    /// Magenta arrows from each iris, as long as the face box is wide for a gaze across the
    /// image plane (shorter the more it points at the camera).
    static func draw(_ gazes: [[EyeGaze]], faces: [FaceAnalysis], on canvas: inout PixelImage) {
        for (face, eyes) in zip(faces, gazes) {
            let side = max(face.box.width, face.box.height)
            let thickness = max(1, side / 100)
            for eye in eyes {
                let (from, to) = eye.arrow(length: side * 0.6)
                canvas.drawLine(from: from, to: to, color: .magenta, thickness: thickness)
                let d = to - from, length = (d * d).sum().squareRoot()
                guard length > 3 * thickness else { continue }
                // Arrowhead: two short strokes back from the tip at ±25°.
                let u = d / length, head = min(length * 0.35, side * 0.08)
                for angle: Float in [0.44, -0.44] {
                    let (c, s) = (cosf(angle), sinf(angle))
                    let back = SIMD2(-(u.x * c - u.y * s), -(u.x * s + u.y * c))
                    canvas.drawLine(from: to, to: to + back * head, color: .magenta, thickness: thickness)
                }
                canvas.drawCircle(center: from, radius: max(1.5, thickness * 1.2), color: .magenta, filled: true)
            }
        }
    }
}
