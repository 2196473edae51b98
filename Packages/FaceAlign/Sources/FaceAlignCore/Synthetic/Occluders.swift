import Foundation
import Tensor

/// Objects in front of the face. Each is drawn on the canvas and its opacity recorded in an
/// occlusion map, from which every landmark gets its occlusion flag.
public enum OccluderKind: String, Sendable, Codable, CaseIterable {
    case bar, disc, hand, glasses, sunglasses
}

enum Occluders {
    /// Draws `count` random occluders placed on the face given by `landmarks` (output pixels);
    /// returns their kinds and the occlusion map (one value in 0...1 per pixel).
    static func draw(_ canvas: inout RasterCanvas, count: Int, landmarks p: [SIMD2<Float>],
                     rng: inout RandomGenerator) -> (kinds: [OccluderKind], map: [Float]) {
        var map = [Float](repeating: 0, count: canvas.width * canvas.height)
        var kinds: [OccluderKind] = []
        guard count > 0 else { return (kinds, map) }
        var lo = p[0], hi = p[0]
        for q in p { lo = pointwiseMin(lo, q); hi = pointwiseMax(hi, q) }
        let size = max(hi.x - lo.x, hi.y - lo.y, 4)
        let eyes = [centroid(p, 36...41), centroid(p, 42...47)]
        // Regions an occluder is centred on: eyes, nose, mouth, a cheek, the chin, anywhere.
        let anchors: [SIMD2<Float>] = [eyes[0], eyes[1], (eyes[0] + eyes[1]) / 2, p[30], centroid(p, 48...59), p[3], p[13], p[8]]

        func commit(_ color: SIMD3<Float>, opacity: Float, occludes: Bool = true) {
            let cover = canvas.takeMask()
            if occludes {
                cover.withUnsafeBufferPointer { c in map.withUnsafeMutableBufferPointer { m in
                    for i in 0..<m.count where c[i] > 0 { m[i] = max(m[i], c[i] * opacity) }
                }}
            }
            // Paint through the kept coverage: re-apply it as a clip over a full-canvas cover.
            canvas.coverPolygon([SIMD2(0, 0), SIMD2(Float(canvas.width), 0), SIMD2(Float(canvas.width), Float(canvas.height)),
                                 SIMD2(0, Float(canvas.height))])
            canvas.paint(color, opacity: opacity, clip: cover)
        }

        for _ in 0..<count {
            let kind = OccluderKind.allCases[rng.integer(in: 0..<OccluderKind.allCases.count)]
            kinds.append(kind)
            let anchor = anchors[rng.integer(in: 0..<anchors.count)] + SIMD2(rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1)) * size
            switch kind {
            case .bar:
                let a = rng.uniform(0, .pi)
                let d = SIMD2(cosf(a), sinf(a)) * size * rng.uniform(0.6, 1.5)
                canvas.coverStroke([anchor - d, anchor + d], width: size * rng.uniform(0.08, 0.22))
                commit(SceneEffects.randomColor(&rng), opacity: 1)
            case .disc:
                let r = size * rng.uniform(0.12, 0.3)
                canvas.coverEllipse(center: anchor, radii: SIMD2(r, r * rng.uniform(0.6, 1)), angle: rng.uniform(0, .pi))
                commit(SceneEffects.randomColor(&rng), opacity: 1)
            case .hand:
                // A palm and five capsule fingers, in a skin tone, pointing up from below.
                let tone = rng.uniform(0, 1)
                let skin = SIMD3<Float>(0.9, 0.72, 0.6) + (SIMD3<Float>(0.38, 0.25, 0.18) - SIMD3<Float>(0.9, 0.72, 0.6)) * tone
                let s = size * rng.uniform(0.35, 0.55)
                let tilt = rng.uniform(-0.6, 0.6)
                let up = SIMD2(sinf(tilt), -cosf(tilt)), side = SIMD2(-up.y, up.x)
                let palm = anchor - up * (s * 0.55)
                canvas.coverEllipse(center: palm, radii: SIMD2(s * 0.42, s * 0.5), angle: tilt)
                for f in 0..<4 {
                    let base = palm + side * (Float(f) - 1.5) * s * 0.2 + up * s * 0.35
                    let length = s * (f == 1 || f == 2 ? 0.62 : 0.5)
                    canvas.coverStroke([base, base + up * length + side * (Float(f) - 1.5) * s * 0.04], width: s * 0.17)
                }
                canvas.coverStroke([palm + side * s * 0.35, palm + side * s * 0.7 + up * s * 0.25], width: s * 0.18)
                commit(skin, opacity: 1)
                // Shadow lines between fingers for a local cue.
                for f in 0..<3 {
                    let base = palm + side * (Float(f) - 1.0) * s * 0.2 + up * s * 0.4
                    canvas.coverStroke([base, base + up * s * 0.45], width: max(1, s * 0.025))
                }
                canvas.paint(skin * 0.6, opacity: 0.7)
            case .glasses, .sunglasses:
                let eyeWidth = (p[39] - p[36] + p[45] - p[42]) / 2
                let r = max(2, (eyeWidth * eyeWidth).sum().squareRoot()) * 0.75
                let frame = SIMD3(rng.uniform(0, 0.3), rng.uniform(0, 0.3), rng.uniform(0, 0.3))
                let thick = max(1, r * rng.uniform(0.1, 0.2))
                if kind == .sunglasses {
                    for e in eyes { canvas.coverEllipse(center: e, radii: SIMD2(r, r * 0.75)) }
                    commit(SIMD3(0.05, 0.05, 0.07), opacity: 0.92)
                }
                for e in eyes {
                    let ring = (0..<20).map { k -> SIMD2<Float> in
                        let a = 2 * Float.pi * Float(k) / 20
                        return e + SIMD2(cosf(a) * r, sinf(a) * r * 0.75)
                    }
                    canvas.coverStroke(ring, width: thick, closed: true)
                }
                let inner0 = eyes[0] + SIMD2(r, 0) * ((eyes[1] - eyes[0]).x >= 0 ? 1 : -1)
                let inner1 = eyes[1] - SIMD2(r, 0) * ((eyes[1] - eyes[0]).x >= 0 ? 1 : -1)
                canvas.coverStroke([inner0, (inner0 + inner1) / 2 + SIMD2(0, -r * 0.2), inner1], width: thick)
                canvas.coverStroke([eyes[0] - SIMD2(r, 0), p[0] + SIMD2(0, -r * 0.3)], width: thick)
                canvas.coverStroke([eyes[1] + SIMD2(r, 0), p[16] + SIMD2(0, -r * 0.3)], width: thick)
                commit(frame, opacity: 1)
            }
        }
        return (kinds, map)
    }

    static func centroid(_ p: [SIMD2<Float>], _ r: ClosedRange<Int>) -> SIMD2<Float> {
        var c = SIMD2<Float>.zero
        for i in r { c += p[i] }
        return c / Float(r.count)
    }
}
