/// How each action unit moves the landmarks, in model units at full intensity.
///
/// Displacements are given for the image-left half as (outward, down): outward moves away from
/// the face's midline, so the mirror point gets the mirrored move. Lids are handled apart
/// (AU5/6/7/43 change the lid opening), and the jaw drop (AU26) is the surface warp of
/// `FaceModel3D.jawWeight`, applied to landmarks and mesh alike.
extension FaceModel3D {
    typealias Move = (point: Int, outward: Float, down: Float)

    static let actionUnitMoves: [ActionUnit: [Move]] = [
        .innerBrowRaiser: [(21, 0, -0.075), (20, 0, -0.055), (19, 0, -0.03), (18, 0, -0.012)],
        .outerBrowRaiser: [(17, 0, -0.07), (18, 0, -0.065), (19, 0, -0.045), (20, 0, -0.02)],
        .browLowerer: [(21, -0.03, 0.055), (20, -0.02, 0.045), (19, -0.01, 0.035), (18, 0, 0.02), (17, 0, 0.01)],
        .noseWrinkler: [(21, -0.01, 0.03), (20, 0, 0.015), (31, 0.01, -0.03), (32, 0, -0.025), (33, 0, -0.02),
                        (30, 0, -0.01), (49, 0, -0.015), (50, 0, -0.025), (51, 0, -0.025), (61, 0, -0.02), (62, 0, -0.02)],
        .lipCornerPuller: [(48, 0.07, -0.055), (60, 0.06, -0.05), (49, 0.03, -0.025), (59, 0.03, -0.035),
                           (61, 0.02, -0.02), (67, 0.02, -0.02), (50, 0, -0.01), (58, 0.01, -0.015), (57, 0, -0.005)],
        .lipCornerDepressor: [(48, -0.01, 0.05), (60, -0.01, 0.045), (49, 0, 0.02), (59, 0, 0.025), (58, 0, 0.01)],
        .lowerLipDepressor: [(57, 0, 0.05), (58, 0, 0.05), (59, 0, 0.03), (66, 0, 0.05), (67, 0, 0.045)],
        .chinRaiser: [(57, 0, -0.025), (58, 0, -0.025), (59, 0, -0.015), (66, 0, -0.02), (67, 0, -0.015),
                      (48, 0, 0.01), (8, 0, -0.015), (7, 0, -0.01)],
        .lipStretcher: [(48, 0.08, 0.015), (60, 0.07, 0.012), (49, 0.04, 0.005), (59, 0.04, -0.005),
                        (50, 0.01, 0.01), (51, 0, 0.01), (58, 0.01, -0.01), (57, 0, -0.01)],
        .lipTightener: [(49, 0, 0.025), (50, 0, 0.025), (51, 0, 0.025), (57, 0, -0.03), (58, 0, -0.03), (59, 0, -0.02),
                        (48, -0.02, 0), (60, -0.015, 0)],
        .lipsPart: [(61, 0, -0.012), (62, 0, -0.012), (66, 0, 0.04), (67, 0, 0.035), (57, 0, 0.03), (58, 0, 0.03),
                    (59, 0, 0.02)],
    ]

    /// Moves the (x, y) landmarks `p` (neutral layout) by the expression's AUs.
    func applyExpression(_ aus: ActionUnitIntensities, to p: inout [SIMD2<Float>]) {
        let mirror = LandmarkScheme.ibug68.mirror
        var delta = [SIMD2<Float>](repeating: .zero, count: 68)
        for au in ActionUnit.allCases {
            let a = aus[au]
            guard a > 0, let moves = FaceModel3D.actionUnitMoves[au] else { continue }
            for m in moves {
                let d = SIMD2<Float>(-m.outward, m.down) * a
                delta[m.point] += d
                let q = mirror[m.point]
                if q != m.point { delta[q] += SIMD2(-d.x, d.y) }
            }
        }
        for i in 0..<68 { p[i] += delta[i] }
        // Lids: AU5 lifts the upper lid, AU7 tightens both, AU6 pushes the lower lid up; AU43
        // then closes the eye onto a line near the lower lid.
        let upper = -0.03 * aus[.upperLidRaiser] + 0.012 * aus[.lidTightener]
        let lower = -0.022 * aus[.cheekRaiser] - 0.028 * aus[.lidTightener]
        let closure = aus[.eyesClosed]
        for (u, l) in [(37, 41), (38, 40), (43, 47), (44, 46)] {
            p[u].y += upper
            p[l].y += lower
            if p[l].y < p[u].y + 0.004 { p[l].y = p[u].y + 0.004 }
            let closed = p[l].y + 0.3 * (p[u].y - p[l].y)
            p[u].y += (closed - p[u].y) * closure
            p[l].y += (closed + 0.003 - p[l].y) * closure
        }
        for c in [36, 45] { p[c].y -= 0.008 * aus[.cheekRaiser] }
        // Keep the inner lips from crossing: the lower inner lip never rises above the upper.
        for (u, l) in [(61, 67), (62, 66), (63, 65)] where p[l].y < p[u].y + 0.002 { p[l].y = p[u].y + 0.002 }
    }

    /// Eyelid openness of eye `eye` (0 = image-left): the lid gap over the eye width, relative
    /// to this identity's neutral gap (1 = neutral, 0 = closed, > 1 = widened).
    func eyelidOpenness(_ p: [SIMD2<Float>], eye: Int, neutral: [SIMD2<Float>]) -> Float {
        let (a, b, c, d) = eye == 0 ? (37, 41, 38, 40) : (43, 47, 44, 46)
        func gap(_ q: [SIMD2<Float>]) -> Float { ((q[b].y - q[a].y) + (q[d].y - q[c].y)) / 2 }
        return max(0, gap(p) / max(gap(neutral), 1e-4))
    }
}
