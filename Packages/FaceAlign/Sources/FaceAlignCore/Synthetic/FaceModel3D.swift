import Foundation
import Geometry

/// The procedural 3D face: a head surface and the 68 iBUG landmarks on it, placed by a
/// `FaceIdentity` and moved by action units.
///
/// Frame: the camera convention of `PnP` with the face looking at the camera: x towards the
/// image right, y down, z away from the camera; origin on the head's vertical axis at eye
/// level; units of 10 cm. The surface is a closed head parametrised by longitude φ (0 = the
/// face's front, positive towards +x) and height y: cross-sections are superellipses whose
/// half-width `halfWidth(y)` and depths come from the identity; the bottom edge follows the jaw
/// (so the jaw landmarks lie on the face's outline) and displacements add nose, brow ridge,
/// eye sockets, lips, chin and cheekbones. Landmarks are placed in the (x, y) plane by curves
/// and arcs, then given the surface's depth there.
public struct FaceModel3D: Sendable {
    public let identity: FaceIdentity

    // Derived layout (model units).
    let eyeX: Float, eyeWidth: Float, eyeHeight: Float
    let browY: Float, browArchHeight: Float
    let noseTipY: Float, noseBaseY: Float, noseHalfWidth: Float
    let mouthY: Float, mouthHalfWidth: Float, lipScale: Float
    let chinY: Float, topY: Float, maxHalfWidth: Float, jawHalfWidth: Float, jawAngleY: Float
    let jawPhi: [Float]      // radians, landmarks 0...8
    let jawY: [Float]

    public init(identity: FaceIdentity = .mean) {
        self.identity = identity
        let id = identity
        eyeX = 0.305 * id.eyeSpacing
        eyeWidth = 0.27 * id.eyeSize
        eyeHeight = 0.105 * id.eyeSize
        browY = -0.27 * id.browHeight
        browArchHeight = 0.035 + 0.05 * id.browArch
        noseTipY = 0.40 * id.noseLength
        noseBaseY = noseTipY + 0.085
        noseHalfWidth = 0.15 * id.noseWidth
        mouthY = noseBaseY + 0.25 * id.faceHeight
        mouthHalfWidth = 0.25 * id.mouthWidth
        lipScale = id.lipThickness
        chinY = max(mouthY + 0.4, 1.23 * id.faceHeight)
        topY = -1.15 * (0.5 + 0.5 * id.faceHeight)
        maxHalfWidth = 0.76 * id.faceWidth
        jawHalfWidth = id.faceWidth * (0.64 + 0.05 * (1 - id.jawRoundness))
        let r = id.jawRoundness
        let round: [Float] = [0.02, 0.30, 0.56, 0.78, 0.95, 1.08, 1.17, 1.215, 1.23]
        let square: [Float] = [0.02, 0.30, 0.58, 0.84, 1.00, 1.10, 1.17, 1.21, 1.23]
        let scale = chinY / 1.23
        jawY = (0..<9).map { (round[$0] * r + square[$0] * (1 - r)) * scale }
        jawAngleY = jawY[4]
        jawPhi = [81, 79, 77, 73, 65, 52, 36, 18, 0].map { -Float($0) * .pi / 180 }
    }

    /// The 68 landmarks of the mean identity with a neutral face, in the model frame: the 3D
    /// model for head pose by PnP (`HeadPoseFromLandmarks`).
    public static let meanShape: [Point3] = FaceModel3D().landmarks().map { Point3(Double($0.x), Double($0.y), Double($0.z)) }

    // MARK: surface

    /// Half-width of the head's cross-section at height y.
    func halfWidth(_ y: Float) -> Float {
        if y <= -0.2 {
            let t = (y + 0.2) / (topY + 0.2)
            return maxHalfWidth * max(0, 1 - t * t).squareRoot()
        }
        if y <= 0.3 { return maxHalfWidth }
        if y <= jawAngleY { return maxHalfWidth + (jawHalfWidth - maxHalfWidth) * smooth((y - 0.3) / (jawAngleY - 0.3)) }
        let t = min(1, (y - jawAngleY) / (chinY + 0.02 - jawAngleY))
        return jawHalfWidth + (0.3 * identity.faceWidth - jawHalfWidth) * t
    }

    func frontDepth(_ y: Float) -> Float {
        if y <= -0.2 {
            let t = (y + 0.2) / (topY + 0.2)
            return 0.9 * max(0.02, 1 - t * t).squareRoot()
        }
        if y <= 0.9 { return 0.9 }
        return 0.9 - 0.08 * min(1, (y - 0.9) / 0.35)
    }

    func backDepth(_ y: Float) -> Float {
        if y <= -0.2 {
            let t = (y + 0.2) / (topY + 0.2)
            return 1.05 * max(0.02, 1 - t * t).squareRoot()
        }
        return 1.05 - 0.3 * min(1, (y + 0.2) / 0.7)
    }

    /// The lowest y of the surface at longitude φ: the jaw line in front, the nape behind.
    func bottomY(_ phi: Float) -> Float {
        let a = abs(phi)
        let a86 = -jawPhi[0]
        let a18 = -jawPhi[7]
        if a < a18 {
            // Round the chin: a parabola through landmarks 8 and 7, level at the midline.
            let u = a / a18
            return jawY[8] + (jawY[7] - jawY[8]) * u * u
        }
        if a <= a86 {
            // jawPhi runs from 86° down to 0°; interpolate on |φ|.
            for j in 0..<8 {
                let hi = -jawPhi[j], lo = -jawPhi[j + 1]
                if a >= lo {
                    let t = (a - lo) / (hi - lo)
                    return jawY[j + 1] + (jawY[j] - jawY[j + 1]) * t
                }
            }
            return jawY[8]
        }
        let nape = 0.5 * identity.faceHeight
        let t = min(1, (a - a86) / (110 * .pi / 180 - a86))
        return jawY[0] + (nape - jawY[0]) * t
    }

    /// Displacement towards the camera of the front surface at (x, y): nose, brows, sockets, lips...
    func displacement(_ x: Float, _ y: Float) -> Float {
        var d: Float = 0
        // Nose: a ridge from the nasion to the tip, then falling to the base, plus the alae.
        let nasion: Float = -0.08
        var h: Float = 0, sigma: Float = 0.05
        if y < nasion {
            let t = (y - nasion) / 0.08
            h = 0.08 * expf(-t * t)
        } else if y <= noseTipY {
            let t = (y - nasion) / (noseTipY - nasion)
            h = 0.08 + 0.24 * powf(t, 1.4)
            sigma = 0.045 + 0.05 * t
        } else {
            // Down to the base, then gone: no ridge may run on to the chin.
            let t = min(1, (y - noseTipY) / (noseBaseY + 0.03 - noseTipY))
            let beyond = max(0, y - noseBaseY - 0.03) / 0.03
            h = (0.32 * (1 - t) * (1 - t) + 0.03 * t) * expf(-beyond * beyond)
            sigma = 0.095 - 0.03 * t
        }
        let nx = x / sigma
        d += h * expf(-nx * nx)
        for side: Float in [-1, 1] {
            let ax = (x - side * noseHalfWidth * 0.85) / 0.055, ay = (y - (noseTipY + 0.045)) / 0.05
            d += 0.1 * expf(-ax * ax - ay * ay)
            // Eye sockets and cheekbones.
            let ex = (x - side * eyeX) / 0.14, ey = (y - 0.005) / 0.085
            d -= 0.04 * expf(-ex * ex - ey * ey)
            let cx = (x - side * 0.43 * identity.faceWidth) / 0.13, cy = (y - 0.27) / 0.12
            d += 0.035 * expf(-cx * cx - cy * cy)
        }
        let by = (y - (browY + 0.04)) / 0.07, bx = x / 0.45
        d += 0.035 * expf(-by * by - bx * bx * bx * bx)
        let my = (y - mouthY) / 0.1, mx = x / (mouthHalfWidth * 1.15)
        d += 0.055 * expf(-my * my - mx * mx * mx * mx)
        let chy = (y - (chinY - 0.15)) / 0.1, chx = x / 0.16
        d += 0.04 * expf(-chy * chy - chx * chx)
        return d
    }

    /// The surface point at longitude φ and height y (before any expression warp).
    func surfacePoint(phi: Float, y: Float) -> SIMD3<Float> {
        let w = halfWidth(y)
        let s = sinf(phi), c = cosf(phi)
        let x = w * s
        var z: Float
        if c >= 0 {
            z = -frontDepth(y) * powf(c, 0.6)
            z -= displacement(x, y) * smooth(c / 0.5)
        } else {
            z = backDepth(y) * powf(-c, 0.9)
        }
        return SIMD3(x, y, z)
    }

    /// Depth of the front surface at (x, y).
    func surfaceZ(x: Float, y: Float) -> Float {
        let w = max(halfWidth(y), 1e-3)
        let phi = asinf(max(-1, min(1, x / w)))
        return surfacePoint(phi: phi, y: y).z
    }

    /// How much a point at (x, y) follows a jaw drop (0 above the mouth, ~1 at the chin):
    /// a rotation about the ear approximated by a vertical shift growing with height.
    func jawWeight(_ x: Float, _ y: Float) -> Float {
        let lift = y + 0.35 * max(0, abs(x) - 0.3)
        return smoothRange(lift, mouthY - 0.03, mouthY + 0.045) * max(0, y) / chinY
    }

    /// Jaw drop in model units for an expression.
    func jawDrop(_ aus: ActionUnitIntensities) -> Float { 0.17 * aus[.jawDrop] }

    // MARK: landmarks

    /// The 68 landmarks in the (x, y) plane with a neutral face.
    public func neutralLandmarks2D() -> [SIMD2<Float>] {
        var p = [SIMD2<Float>](repeating: .zero, count: 68)
        for j in 0...8 {
            p[j] = SIMD2(halfWidth(jawY[j]) * sinf(jawPhi[j]), jawY[j])
        }
        // Right brow (17 outer ... 21 inner) on an arch peaking a third of the way from the outer end.
        let outer = -eyeX - eyeWidth / 2 - 0.07, inner = -eyeX + eyeWidth / 2 + 0.06
        for k in 0..<5 {
            let t = Float(k) / 4
            let u = (t - 0.35) / (t < 0.35 ? 0.5 : 0.75)
            p[17 + k] = SIMD2(outer + (inner - outer) * t, browY + 0.02 - browArchHeight * (1 - u * u))
        }
        for k in 0..<4 { p[27 + k] = SIMD2(0, -0.07 + (noseTipY + 0.07) * Float(k) / 3) }
        p[31] = SIMD2(-noseHalfWidth, noseTipY + 0.045)
        p[32] = SIMD2(-noseHalfWidth * 0.5, noseTipY + 0.075)
        p[33] = SIMD2(0, noseBaseY)
        let cx = -eyeX, ew = eyeWidth, eh = eyeHeight
        p[36] = SIMD2(cx - ew / 2, -0.008)
        p[37] = SIMD2(cx - ew / 6 - 0.01, -0.55 * eh)
        p[38] = SIMD2(cx + ew / 6, -0.52 * eh)
        p[39] = SIMD2(cx + ew / 2, 0.01)
        p[40] = SIMD2(cx + ew / 6, 0.42 * eh)
        p[41] = SIMD2(cx - ew / 6, 0.42 * eh)
        let m = mouthHalfWidth, ym = mouthY, l = lipScale
        p[48] = SIMD2(-m, ym)
        p[49] = SIMD2(-0.6 * m, ym - 0.065 * l)
        p[50] = SIMD2(-0.22 * m, ym - 0.085 * l)
        p[51] = SIMD2(0, ym - 0.07 * l)
        p[57] = SIMD2(0, ym + 0.105 * l)
        p[58] = SIMD2(-0.25 * m, ym + 0.1 * l)
        p[59] = SIMD2(-0.6 * m, ym + 0.075 * l)
        p[60] = SIMD2(-0.85 * m, ym)
        p[61] = SIMD2(-0.3 * m, ym - 0.006)
        p[62] = SIMD2(0, ym - 0.006)
        p[66] = SIMD2(0, ym - 0.004)
        p[67] = SIMD2(-0.3 * m, ym - 0.004)
        let mirror = LandmarkScheme.ibug68.mirror
        for i in FaceModel3D.leftSide { p[mirror[i]] = SIMD2(-p[i].x, p[i].y) }
        return p
    }

    /// Points defined on the image-left (negative x) side; their mirrors are derived.
    static let leftSide: [Int] = Array(0...7) + Array(17...21) + [31, 32] + Array(36...41) + [48, 49, 50, 58, 59, 60, 61, 67]

    /// The 68 landmarks in 3D for an expression.
    public func landmarks(expression aus: ActionUnitIntensities = ActionUnitIntensities()) -> [SIMD3<Float>] {
        var p = neutralLandmarks2D()
        applyExpression(aus, to: &p)
        let drop = jawDrop(aus)
        var out = [SIMD3<Float>](repeating: .zero, count: 68)
        for i in 0..<68 {
            var q: SIMD3<Float>
            if i <= 16 {
                // Jaw points stay on the bottom edge of the surface at their longitude.
                let phi = i <= 8 ? jawPhi[i] : -jawPhi[16 - i]
                q = surfacePoint(phi: phi, y: p[i].y)
            } else {
                q = SIMD3(p[i].x, p[i].y, surfaceZ(x: p[i].x, y: p[i].y))
            }
            q.y += drop * jawWeight(q.x, q.y)
            out[i] = q
        }
        return out
    }

    /// The neutral centre of each eye (image-left eye first) on the surface.
    public func eyeCenters() -> [SIMD3<Float>] {
        let p = neutralLandmarks2D()
        return [Array(36...41), Array(42...47)].map { idx in
            var c = SIMD2<Float>.zero
            for i in idx { c += p[i] }
            c /= 6
            return SIMD3(c.x, c.y, surfaceZ(x: c.x, y: c.y))
        }
    }

    /// Eyeball radius: the iris moves by this times the sine of the gaze angle.
    var eyeballRadius: Float { 0.12 * identity.eyeSize }
    var irisRadius: Float { 0.052 * identity.eyeSize }

    /// The iris centre of eye `eye` (0 = image-left) for a gaze relative to the head.
    public func irisCenter(eye: Int, gaze: GazeDirection) -> SIMD3<Float> {
        let c = eyeCenters()[eye]
        let v = gaze.headVector
        let x = c.x + eyeballRadius * v.x, y = c.y + eyeballRadius * v.y
        return SIMD3(x, y, surfaceZ(x: x, y: y) - 0.005)
    }
}

@inline(__always) func smooth(_ t: Float) -> Float {
    let u = max(0, min(1, t))
    return u * u * (3 - 2 * u)
}

@inline(__always) func smoothRange(_ v: Float, _ lo: Float, _ hi: Float) -> Float { smooth((v - lo) / (hi - lo)) }
