import Foundation
import Geometry

/// How the synthetic head is placed before a pinhole camera.
///
/// A model point X maps to the camera frame as `R·(X − pivot) + (offset.x, offset.y, distance)`
/// with `R = pose.rotation` (see `HeadPose.rotation`: the `HeadPose` convention, positive yaw
/// turning the face towards the image right, positive pitch raising the chin), then projects
/// with `focalLength` and `principalPoint` (pixels, the toolkit's pixel-centre convention).
public struct FaceCamera: Sendable, Equatable, Codable {
    public var pose: HeadPose
    /// Camera-to-pivot distance in model units (10 cm): 8 is a portrait at 80 cm.
    public var distance: Float
    /// Sideways and vertical shift of the head in the camera frame, model units.
    public var offset: SIMD2<Float>
    public var focalLength: Float
    public var principalPoint: SIMD2<Float>

    /// The point the head turns about: on the neck's axis, below the ears.
    public static let pivot = SIMD3<Float>(0, 0.35, 0.1)

    public init(pose: HeadPose, distance: Float = 8, offset: SIMD2<Float> = .zero, focalLength: Float, principalPoint: SIMD2<Float>) {
        self.pose = pose
        self.distance = distance
        self.offset = offset
        self.focalLength = focalLength
        self.principalPoint = principalPoint
    }

    public var intrinsics: CameraIntrinsics {
        CameraIntrinsics(focalLength: Double(focalLength), principalPoint: Point2(Double(principalPoint.x), Double(principalPoint.y)))
    }

    /// The same view at `factor` times the resolution (supersampling, zoomed crops).
    public func scaled(by factor: Float, shift: SIMD2<Float> = .zero) -> FaceCamera {
        var c = self
        c.focalLength *= factor
        c.principalPoint = principalPoint * factor + shift
        return c
    }

    /// A fast Float form of the transform for hot loops.
    var transform: CameraTransform { CameraTransform(self) }

    public func project(_ p: SIMD3<Float>) -> SIMD2<Float> { transform.project(transform.toCamera(p)) }
}

struct CameraTransform {
    let r0, r1, r2: SIMD3<Float>
    let translation: SIMD3<Float>
    let focal: Float
    let principal: SIMD2<Float>

    init(_ c: FaceCamera) {
        let m = c.pose.rotation.matrix
        r0 = SIMD3(Float(m[0, 0]), Float(m[0, 1]), Float(m[0, 2]))
        r1 = SIMD3(Float(m[1, 0]), Float(m[1, 1]), Float(m[1, 2]))
        r2 = SIMD3(Float(m[2, 0]), Float(m[2, 1]), Float(m[2, 2]))
        translation = SIMD3(c.offset.x, c.offset.y, c.distance) - SIMD3((r0 * FaceCamera.pivot).sum(), (r1 * FaceCamera.pivot).sum(), (r2 * FaceCamera.pivot).sum())
        focal = c.focalLength
        principal = c.principalPoint
    }

    @inline(__always) func rotate(_ v: SIMD3<Float>) -> SIMD3<Float> { SIMD3((r0 * v).sum(), (r1 * v).sum(), (r2 * v).sum()) }
    @inline(__always) func toCamera(_ p: SIMD3<Float>) -> SIMD3<Float> { rotate(p) + translation }
    @inline(__always) func project(_ q: SIMD3<Float>) -> SIMD2<Float> {
        SIMD2(focal * q.x / q.z + principal.x, focal * q.y / q.z + principal.y)
    }
}

/// A directional light with ambient fill, in the camera frame.
public struct FaceLighting: Sendable, Equatable, Codable {
    /// Unit vector from the face towards the light (camera frame: x right, y down, z away):
    /// (0, 0, −1) lights the face from the camera.
    public var direction: SIMD3<Float>
    public var ambient: Float
    public var diffuse: Float
    public var specular: Float
    public var color: SIMD3<Float>

    public init(direction: SIMD3<Float>, ambient: Float = 0.45, diffuse: Float = 0.65, specular: Float = 0.12,
                color: SIMD3<Float> = SIMD3(1, 1, 1)) {
        let n = (direction * direction).sum().squareRoot()
        self.direction = n > 0 ? direction / n : SIMD3(0, 0, -1)
        self.ambient = ambient
        self.diffuse = diffuse
        self.specular = specular
        self.color = color
    }

    /// Soft light from the upper left of the camera.
    public static let studio = FaceLighting(direction: SIMD3(-0.4, -0.5, -0.8))
}
