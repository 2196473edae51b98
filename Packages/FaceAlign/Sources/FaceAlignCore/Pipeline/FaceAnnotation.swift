import Geometry
import Imaging

/// Draws analysis results on a copy of the image: the detector's box, the 68 landmarks joined
/// along the face's contours, and the head-pose axes from the nose tip (x red, y green, z blue).
public enum FaceAnnotation {
    public static func draw(_ faces: [FaceAnalysis], on image: PixelImage) throws -> PixelImage {
        var canvas = image.removingAlpha()
        if canvas.channels == 1 { canvas = try gray2rgb(canvas) }
        if canvas.bitDepth != 8 { canvas = try canvas.converted(toBitDepth: 8) }
        for face in faces {
            let b = face.box
            let side = max(b.width, b.height)
            let thickness = max(1, side / 120)
            canvas.drawRectangle(x: b.x, y: b.y, width: b.width, height: b.height, color: .yellow, thickness: max(1, Int(thickness.rounded())))
            let p = face.landmarks.points
            if face.landmarks.scheme == .ibug68 {
                for group in LandmarkScheme.ibug68Groups {
                    canvas.drawPolyline(group.indices.map { p[$0] }, closed: group.closed, color: .cyan, thickness: thickness * 0.7)
                }
            }
            canvas.drawPoints(p, radius: max(1.2, side / 90), color: .green)
            if let pose = face.pose, p.count > 30 {
                let origin = p[30]
                let r = pose.rotation.matrix
                let length = side * 0.45
                // Columns of R: the head's x (right), y (down) and z (into the face, so drawn negated: out of the nose).
                let axes: [(SIMD2<Float>, DrawColor)] = [
                    (SIMD2(Float(r[0, 0]), Float(r[1, 0])), .red),
                    (SIMD2(Float(r[0, 1]), Float(r[1, 1])) * -1, .green),
                    (SIMD2(Float(r[0, 2]), Float(r[1, 2])) * -1, .blue),
                ]
                for (direction, color) in axes {
                    canvas.drawLine(from: origin, to: origin + direction * length, color: color, thickness: thickness * 1.5)
                }
            }
        }
        return canvas
    }

    static func gray2rgb(_ g: PixelImage) throws -> PixelImage {
        var out = try PixelImage(width: g.width, height: g.height, channels: 3, bitDepth: g.bitDepth)
        for y in 0..<g.height {
            for x in 0..<g.width {
                let v = g.sample(x: x, y: y, channel: 0)
                for c in 0..<3 { out.setSample(x: x, y: y, channel: c, value: v) }
            }
        }
        return out
    }
}
