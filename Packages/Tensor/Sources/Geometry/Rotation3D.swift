import Foundation

/// Yaw, pitch and roll in degrees: the head-pose convention of the toolkit.
///
/// Frames are the camera's: x to the right, y down, z forward (into the scene). A rotation
/// with these angles is
///
///     R = Rz(roll) · Rx(pitch) · Ry(yaw)
///
///     Ry(α) = [[cos α, 0, sin α], [0, 1, 0], [−sin α, 0, cos α]]    yaw:   about the vertical axis
///     Rx(β) = [[1, 0, 0], [0, cos β, −sin β], [0, sin β, cos β]]    pitch: about the horizontal axis
///     Rz(γ) = [[cos γ, −sin γ, 0], [sin γ, cos γ, 0], [0, 0, 1]]    roll:  about the optical axis
///
/// Read right to left on a model point: the head turns by yaw about its own vertical axis,
/// nods by pitch, then tilts by roll in the image plane. Because roll comes last and is about
/// the optical axis, rotating an image by φ adds exactly φ to roll; mirroring the image
/// horizontally negates yaw and roll and keeps pitch.
///
/// Ranges: pitch in [−90°, 90°], yaw and roll in (−180°, 180°]. At pitch = ±90° (gimbal lock)
/// yaw and roll are not separable: `Rotation3D.eulerAngles` then reports yaw 0.
public struct EulerAngles: Sendable, Equatable, CustomStringConvertible {
    public var yaw: Double
    public var pitch: Double
    public var roll: Double

    public init(yaw: Double, pitch: Double, roll: Double) {
        self.yaw = yaw
        self.pitch = pitch
        self.roll = roll
    }

    public var description: String { "EulerAngles(yaw: \(yaw)°, pitch: \(pitch)°, roll: \(roll)°)" }
}

/// A rotation of space, held as an orthonormal matrix with determinant 1. Maps model
/// coordinates to camera coordinates in a pose: `X_camera = R · X_model + t`.
public struct Rotation3D: Sendable, Equatable, CustomStringConvertible {
    public private(set) var matrix: Matrix3

    /// Wraps a matrix already known to be a rotation (built by this type's own operations).
    init(unchecked matrix: Matrix3) { self.matrix = matrix }

    public static let identity = Rotation3D(unchecked: .identity)

    /// Checks that `matrix` is a rotation (orthonormal to `tolerance`, determinant +1) and
    /// wraps it; use `nearest(to:)` for a matrix that is only approximately one.
    public init(matrix: Matrix3, tolerance: Double = 1e-6) throws {
        let op = "Rotation3D(matrix:)"
        guard matrix.isFinite else { throw GeometryError.nonFinite(op: op, what: "the matrix entries") }
        let gram = matrix * matrix.transposed
        let off = zip(gram.values, Matrix3.identity.values).map { abs($0 - $1) }.max() ?? 0
        guard off <= tolerance, matrix.determinant > 0 else {
            throw GeometryError.degenerate(op: op, message: "the matrix is not a rotation (|R·Rᵀ − I| = \(off), "
                                           + "det = \(matrix.determinant)); use Rotation3D.nearest(to:) to project it")
        }
        self.matrix = matrix
    }

    /// The rotation with these Euler angles, in degrees (see `EulerAngles` for the convention).
    public init(yaw: Double, pitch: Double, roll: Double) {
        let (a, b, g) = (yaw * .pi / 180, pitch * .pi / 180, roll * .pi / 180)
        let ry = Matrix3(rows: Point3(cos(a), 0, sin(a)), Point3(0, 1, 0), Point3(-sin(a), 0, cos(a)))
        let rx = Matrix3(rows: Point3(1, 0, 0), Point3(0, cos(b), -sin(b)), Point3(0, sin(b), cos(b)))
        let rz = Matrix3(rows: Point3(cos(g), -sin(g), 0), Point3(sin(g), cos(g), 0), Point3(0, 0, 1))
        matrix = rz * rx * ry
    }

    public init(_ angles: EulerAngles) { self.init(yaw: angles.yaw, pitch: angles.pitch, roll: angles.roll) }

    /// The rotation by `degrees` about `axis` (right-handed; the axis need not be unit length).
    public init(axis: Point3, degrees: Double) throws {
        let length = axis.length
        guard length.isFinite, degrees.isFinite else {
            throw GeometryError.nonFinite(op: "Rotation3D(axis:degrees:)", what: "the axis or the angle")
        }
        guard length > 0 else {
            throw GeometryError.degenerate(op: "Rotation3D(axis:degrees:)", message: "the zero vector is no axis; pass a non-zero direction")
        }
        self.init(rotationVector: axis / length * (degrees * .pi / 180))
    }

    /// The rotation `exp([ω]×)` of a rotation vector `ω` (axis × angle in radians), by
    /// Rodrigues' formula `R = I + sin θ·K + (1 − cos θ)·K²` with `K = [ω/θ]×`. Small angles use
    /// the Taylor series, so `ω → 0` stays accurate (the form a Gauss-Newton update needs).
    public init(rotationVector w: Point3) {
        let theta2 = w.dot(w)
        let theta = theta2.squareRoot()
        let k = Matrix3.crossProduct(w)
        let k2 = k * k
        let (sinc, cosc): (Double, Double)   // sin θ / θ and (1 − cos θ) / θ²
        if theta < 1e-4 {
            sinc = 1 - theta2 / 6
            cosc = 0.5 - theta2 / 24
        } else {
            sinc = sin(theta) / theta
            cosc = (1 - cos(theta)) / theta2
        }
        let v = zip(zip(Matrix3.identity.values, k.values), k2.values).map { $0.0 + sinc * $0.1 + cosc * $1 }
        matrix = Matrix3(v)
    }

    /// The rotation nearest to `m` in the Frobenius norm: `U·diag(1, 1, det(U·Vᵀ))·Vᵀ` from
    /// `m = U·Σ·Vᵀ` (the last sign keeps it a rotation rather than a reflection). Turns a noisy or
    /// scaled estimate, e.g. from a linear solve, into a proper rotation.
    public static func nearest(to m: Matrix3) throws -> Rotation3D {
        let (u, s, vt) = try DenseMatrix(m).svd(op: "Rotation3D.nearest")
        guard s[0] > 0 else {
            throw GeometryError.degenerate(op: "Rotation3D.nearest", message: "the zero matrix has no nearest rotation")
        }
        let um = Matrix3(u), vm = Matrix3(vt)
        let sign: Double = (um * vm).determinant < 0 ? -1 : 1
        let d = Matrix3(rows: Point3(1, 0, 0), Point3(0, 1, 0), Point3(0, 0, sign))
        return Rotation3D(unchecked: um * d * vm)
    }

    /// The Euler angles of this rotation, in degrees (see `EulerAngles`).
    ///
    /// From `R = Rz(γ)·Rx(β)·Ry(α)`: `R[2,1] = sin β`, `(R[2,0], R[2,2]) = cos β·(−sin α, cos α)`,
    /// `(R[0,1], R[1,1]) = cos β·(−sin γ, cos γ)`. At gimbal lock (cos β ≈ 0) yaw is set to 0
    /// and roll absorbs the combined turn.
    public var eulerAngles: EulerAngles {
        let r = matrix
        let sb = min(1, max(-1, r[2, 1]))
        let cb = (r[2, 0] * r[2, 0] + r[2, 2] * r[2, 2]).squareRoot()
        let pitch = atan2(sb, cb)
        var yaw: Double, roll: Double
        if cb > 1e-9 {
            yaw = atan2(-r[2, 0], r[2, 2])
            roll = atan2(-r[0, 1], r[1, 1])
        } else {
            // With α = 0: R[0,0] = cos γ and R[0,2] = sin γ·sin β.
            yaw = 0
            roll = atan2(r[0, 2] * (sb < 0 ? -1 : 1), r[0, 0])
        }
        let degrees = 180 / Double.pi
        return EulerAngles(yaw: yaw * degrees, pitch: pitch * degrees, roll: roll * degrees)
    }

    /// The rotation vector (axis × angle in radians, angle in [0, π]): the inverse of
    /// `init(rotationVector:)`, through the unit quaternion, which stays accurate near 0 and π.
    public var rotationVector: Point3 {
        let (w, v) = quaternion
        let s = v.length
        guard s > 0 else { return .zero }
        let angle = 2 * atan2(s, w)   // w ≥ 0, so the angle is in [0, π]
        return v / s * angle
    }

    /// The angle in degrees of the rotation taking `self` to `other`: a distance between
    /// orientations that does not depend on any Euler convention.
    public func angle(to other: Rotation3D) -> Double {
        (inverse * other).rotationVector.length * 180 / .pi
    }

    /// The inverse (transpose).
    public var inverse: Rotation3D { Rotation3D(unchecked: matrix.transposed) }

    /// `lhs ∘ rhs`: first `rhs`, then `lhs`.
    public static func * (lhs: Rotation3D, rhs: Rotation3D) -> Rotation3D {
        Rotation3D(unchecked: lhs.matrix * rhs.matrix)
    }

    public func apply(_ p: Point3) -> Point3 { matrix * p }

    /// Unit quaternion `(w, v)` with `w ≥ 0`, by Shepperd's method (largest-diagonal branch, so
    /// no division by a small number).
    var quaternion: (w: Double, v: Point3) {
        let m = matrix
        let trace = m[0, 0] + m[1, 1] + m[2, 2]
        var w: Double, v: Point3
        if trace >= max(m[0, 0], m[1, 1], m[2, 2]) {
            let r = (1 + trace).squareRoot()
            w = r / 2
            v = Point3(m[2, 1] - m[1, 2], m[0, 2] - m[2, 0], m[1, 0] - m[0, 1]) / (2 * r)
        } else if m[0, 0] >= m[1, 1] && m[0, 0] >= m[2, 2] {
            let r = (1 + m[0, 0] - m[1, 1] - m[2, 2]).squareRoot()
            w = (m[2, 1] - m[1, 2]) / (2 * r)
            v = Point3(r / 2, (m[0, 1] + m[1, 0]) / (2 * r), (m[0, 2] + m[2, 0]) / (2 * r))
        } else if m[1, 1] >= m[2, 2] {
            let r = (1 - m[0, 0] + m[1, 1] - m[2, 2]).squareRoot()
            w = (m[0, 2] - m[2, 0]) / (2 * r)
            v = Point3((m[0, 1] + m[1, 0]) / (2 * r), r / 2, (m[1, 2] + m[2, 1]) / (2 * r))
        } else {
            let r = (1 - m[0, 0] - m[1, 1] + m[2, 2]).squareRoot()
            w = (m[1, 0] - m[0, 1]) / (2 * r)
            v = Point3((m[0, 2] + m[2, 0]) / (2 * r), (m[1, 2] + m[2, 1]) / (2 * r), r / 2)
        }
        if w < 0 { (w, v) = (-w, -v) }
        let norm = (w * w + v.dot(v)).squareRoot()
        return (w / norm, v / norm)
    }

    public var description: String { "Rotation3D(\(eulerAngles))" }
}
