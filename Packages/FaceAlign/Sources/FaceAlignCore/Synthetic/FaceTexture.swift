import Foundation

/// The face's albedo painted in the model's (x, y) plane: eyes (sclera, iris, pupil, lids,
/// lashes), brows, nostrils and creases, lips, mouth interior and teeth, expression wrinkles.
/// The renderer maps it onto the front of the head mesh, so every feature foreshortens,
/// shades and self-occludes with the geometry. Painted from the posed landmarks, so each
/// landmark sits on the feature edge it names.
struct FaceTexture {
    var canvas: RasterCanvas
    /// Model (x, y) of texel-space (0, 0), and texels per model unit.
    let origin: SIMD2<Float>
    let scale: Float

    init(model: FaceModel3D, landmarks l: [SIMD2<Float>], expression: ActionUnitIntensities,
         gaze: GazeDirection, texelsPerUnit: Float) {
        let id = model.identity
        origin = SIMD2(-0.95 * id.faceWidth, model.browY - 0.55)
        scale = texelsPerUnit
        let extent = SIMD2<Float>(1.9 * id.faceWidth, model.chinY + 0.35 - origin.y)
        let w = max(8, Int((extent.x * scale).rounded(.up))), h = max(8, Int((extent.y * scale).rounded(.up)))
        canvas = RasterCanvas(width: w, height: h, color: id.skinColor)
        paint(model: model, landmarks: l.map { ($0 - origin) * scale }, expression: expression, gaze: gaze)
    }

    private mutating func paint(model: FaceModel3D, landmarks p: [SIMD2<Float>], expression au: ActionUnitIntensities,
                                gaze: GazeDirection) {
        let id = model.identity, s = scale
        let skin = id.skinColor
        let dark = skin * 0.55
        func t(_ q: SIMD2<Float>) -> SIMD2<Float> { (q - origin) * s }
        func pts(_ idx: [Int]) -> [SIMD2<Float>] { idx.map { p[$0] } }

        // Cheeks: a blush that grows with the cheek raiser.
        for side in [0, 1] {
            let c = (side == 0 ? p[41] : p[46]) * 0.5 + (side == 0 ? p[48] : p[54]) * 0.5 + SIMD2(side == 0 ? -0.1 * s : 0.1 * s, -0.02 * s)
            canvas.coverEllipse(center: c, radii: SIMD2(0.11, 0.08) * s, feather: 0.08 * s)
            canvas.paint(skin * SIMD3(1.08, 0.86, 0.84), opacity: 0.25 + 0.35 * au[.cheekRaiser])
        }
        // Eye sockets and the upper-lid crease.
        for eye in 0..<2 {
            let idx = eye == 0 ? Array(36...41) : Array(42...47)
            var c = SIMD2<Float>.zero
            for i in idx { c += p[i] }
            c /= 6
            canvas.coverEllipse(center: c + SIMD2(0, -0.02 * s), radii: SIMD2(0.19, 0.11) * s, feather: 0.08 * s)
            canvas.paint(skin * 0.78, opacity: 0.45)
            let upper = eye == 0 ? [36, 37, 38, 39] : [42, 43, 44, 45]
            let lift = (0.035 + 0.02 * au[.upperLidRaiser]) * s
            let crease = smoothCurve(pts(upper).map { $0 + SIMD2(0, -lift) + ($0 - c) * 0.12 }, closed: false)
            canvas.coverStroke(crease, width: 0.014 * s)
            canvas.paint(dark, opacity: 0.45)
        }
        // Expression wrinkles: forehead (AU1/AU2), glabella (AU4), nose bridge (AU9), nasolabial folds.
        let raise = max(au[.innerBrowRaiser], au[.outerBrowRaiser])
        if raise > 0.05 {
            for k in 0..<3 {
                let y = (p[19].y + p[24].y) / 2 - (0.1 + 0.06 * Float(k)) * s
                let curve = smoothCurve([SIMD2(p[18].x, y + 0.02 * s), SIMD2(p[27].x, y), SIMD2(p[25].x, y + 0.02 * s)], closed: false)
                canvas.coverStroke(curve, width: 0.01 * s)
            }
            canvas.paint(dark, opacity: 0.5 * raise)
        }
        if au[.browLowerer] > 0.05 {
            for side: Float in [-1, 1] {
                let x = p[27].x + side * 0.035 * s
                canvas.coverStroke([SIMD2(x, p[21].y - 0.02 * s), SIMD2(x + side * 0.005 * s, p[21].y + 0.06 * s)], width: 0.012 * s)
            }
            canvas.paint(dark, opacity: 0.6 * au[.browLowerer])
        }
        if au[.noseWrinkler] > 0.05 {
            for k in 0..<3 {
                let y = p[28].y - Float(k) * 0.03 * s
                canvas.coverStroke([SIMD2(p[28].x - 0.05 * s, y), SIMD2(p[28].x + 0.05 * s, y - 0.005 * s)], width: 0.01 * s)
            }
            canvas.paint(dark, opacity: 0.6 * au[.noseWrinkler])
        }
        let fold = 0.25 + 0.55 * max(au[.lipCornerPuller], au[.noseWrinkler], 0.6 * au[.cheekRaiser])
        for (a, m) in [(31, 48), (35, 54)] {
            let out: Float = a == 31 ? -1 : 1
            let curve = smoothCurve([p[a] + SIMD2(out * 0.04 * s, -0.03 * s), p[a] + SIMD2(out * 0.1 * s, 0.05 * s),
                                     p[m] + SIMD2(out * 0.06 * s, 0.0), p[m] + SIMD2(out * 0.05 * s, 0.08 * s)], closed: false)
            canvas.coverStroke(curve, width: 0.014 * s)
            canvas.paint(dark, opacity: fold * 0.55)
        }
        // Nose: alar creases, nostrils, a highlight on the tip.
        for (a, b) in [(31, 32), (35, 34)] {
            let out: Float = a == 31 ? -1 : 1
            let crease = smoothCurve([p[a] + SIMD2(out * -0.01 * s, -0.07 * s), p[a] + SIMD2(out * 0.015 * s, -0.025 * s),
                                      p[a] + SIMD2(0, 0.01 * s), p[b] + SIMD2(0, -0.005 * s)], closed: false)
            canvas.coverStroke(crease, width: 0.012 * s)
            canvas.paint(dark * 0.9, opacity: 0.6)
            let c = (p[a] * 0.45 + p[b] * 0.55) + SIMD2(0, -0.012 * s)
            canvas.coverEllipse(center: c, radii: SIMD2(0.032, 0.016) * s * id.noseWidth, angle: out * 0.25)
            canvas.paint(skin * 0.18, opacity: 0.9)
        }
        canvas.coverEllipse(center: p[30] + SIMD2(0, -0.02 * s), radii: SIMD2(0.03, 0.025) * s, feather: 0.02 * s)
        canvas.paint(pointwiseMin(skin * 1.2, SIMD3(repeating: 1)), opacity: 0.35)
        // Lips: darker upper lip, lighter lower lip, mouth interior with teeth, the lip line.
        let lipColor = skin * id.lipTint
        canvas.coverPolygon(smoothCurve(pts([48, 49, 50, 51, 52, 53, 54, 64, 63, 62, 61, 60]), closed: true))
        canvas.paint(lipColor * 0.82)
        canvas.coverPolygon(smoothCurve(pts([54, 55, 56, 57, 58, 59, 48, 60, 67, 66, 65, 64]), closed: true))
        canvas.paint(lipColor * 0.95)
        let inner = smoothCurve(pts(Array(60...67)), closed: true)
        canvas.coverPolygon(inner)
        let mouthClip = canvas.takeMask()
        let opening = ((p[66].y - p[62].y) + (p[67].y - p[61].y) + (p[65].y - p[63].y)) / (3 * s)
        if opening > 0.005 {
            canvas.coverPolygon(inner)
            canvas.paint(SIMD3(0.22, 0.07, 0.07))
            let top = (p[61].y + p[62].y + p[63].y) / 3
            canvas.coverEllipse(center: SIMD2(p[62].x, top), radii: SIMD2(0.85 * abs(p[64].x - p[60].x) / 2, 0.035 * s))
            canvas.paint(SIMD3(0.9, 0.88, 0.8), clip: mouthClip)
            if opening > 0.06 {
                let bottom = (p[65].y + p[66].y + p[67].y) / 3
                canvas.coverEllipse(center: SIMD2(p[66].x, bottom + 0.01 * s), radii: SIMD2(0.6 * abs(p[64].x - p[60].x) / 2, 0.022 * s))
                canvas.paint(SIMD3(0.85, 0.83, 0.76), clip: mouthClip)
            }
        }
        canvas.coverStroke(smoothCurve(pts([60, 61, 62, 63, 64]), closed: false), width: 0.012 * s)
        canvas.paint(lipColor * 0.3, opacity: 0.85)
        canvas.coverStroke(smoothCurve(pts(Array(48...59)), closed: true), width: 0.008 * s)
        canvas.paint(lipColor * 0.6, opacity: 0.35)
        // Eyes.
        let lashes = pointwiseMin(id.hairColor * 0.5, SIMD3(repeating: 0.12))
        for eye in 0..<2 {
            let idx = eye == 0 ? Array(36...41) : Array(42...47)
            let outline = smoothCurve(pts(idx), closed: true)
            canvas.coverPolygon(outline)
            let clip = canvas.takeMask()
            canvas.coverPolygon(outline)
            canvas.paint(SIMD3(0.88, 0.85, 0.82))
            let iris3 = model.irisCenter(eye: eye, gaze: gaze)
            let c = t(SIMD2(iris3.x, iris3.y)), r = model.irisRadius * s
            canvas.coverEllipse(center: c, radii: SIMD2(r, r))
            canvas.paint(id.irisColor * 0.55, clip: clip)
            canvas.coverEllipse(center: c, radii: SIMD2(r, r) * 0.82)
            canvas.paint(id.irisColor, clip: clip)
            canvas.coverEllipse(center: c, radii: SIMD2(r, r) * 0.42)
            canvas.paint(SIMD3(0.03, 0.03, 0.03), clip: clip)
            canvas.coverEllipse(center: c + SIMD2(-0.35, -0.35) * r, radii: SIMD2(r, r) * 0.2)
            canvas.paint(SIMD3(0.97, 0.97, 0.97), opacity: 0.9, clip: clip)
            let upper = eye == 0 ? [36, 37, 38, 39] : [42, 43, 44, 45]
            let lower = eye == 0 ? [39, 40, 41, 36] : [45, 46, 47, 42]
            // The upper lid's shadow on the eyeball, then lashes along the upper lid.
            canvas.coverStroke(smoothCurve(pts(upper), closed: false), width: 0.05 * s)
            canvas.paint(SIMD3(0.1, 0.07, 0.06), opacity: 0.35, clip: clip)
            let lid = smoothCurve(pts(upper), closed: false)
            let widths = lid.indices.map { k -> Float in
                let u = Float(k) / Float(max(1, lid.count - 1))
                let outerness = eye == 0 ? 1 - u : u
                return (0.008 + 0.016 * outerness) * s
            }
            canvas.coverStroke(lid, width: 0, widths: widths)
            canvas.paint(lashes, opacity: 0.95)
            canvas.coverStroke(smoothCurve(pts(lower), closed: false), width: 0.008 * s)
            canvas.paint(skin * 0.5, opacity: 0.6)
        }
        // Brows: a stroke tapering from the inner end to the outer end.
        let browColor = id.hairStyle == .bald ? SIMD3<Float>(0.2, 0.15, 0.1) : id.hairColor * 0.85
        for brow in [Array(17...21), Array(22...26).reversed()] {
            let line = smoothCurve(pts(brow), closed: false)
            let thick = 0.7 + 0.6 * id.browThickness
            let widths = line.indices.map { k -> Float in
                let u = Float(k) / Float(max(1, line.count - 1))  // 0 outer ... 1 inner
                return (0.022 + 0.03 * u) * thick * s
            }
            canvas.coverStroke(line, width: 0, widths: widths)
            canvas.paint(browColor, opacity: 0.9)
        }
    }
}
