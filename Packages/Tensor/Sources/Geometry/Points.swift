/// A point or vector in the plane, in Double: geometry solves small systems where Float32's
/// seven digits are lost quickly (squared coordinates, normal equations). Image points follow
/// the toolkit's pixel convention: x to the right, y down, pixel (i, j) centred at (j + 0.5, i + 0.5).
///
/// `SIMD2<Float>` shapes convert with `Point2(p)` and back with `SIMD2<Float>(p)`.
public typealias Point2 = SIMD2<Double>

/// A point or vector in space. Camera frames follow the pinhole convention that matches image
/// coordinates: x to the right, y down, z forward along the optical axis (away from the camera).
public typealias Point3 = SIMD3<Double>

extension SIMD2 where Scalar == Double {
    /// The z component of the cross product: positive when `other` is counter-clockwise from
    /// `self` in a y-up frame (clockwise on screen, where y points down).
    @inlinable
    func cross(_ other: SIMD2<Double>) -> Double { x * other.y - y * other.x }
}

extension SIMD3 where Scalar == Double {
    @inlinable
    func dot(_ other: SIMD3<Double>) -> Double { (self * other).sum() }

    @inlinable
    func cross(_ other: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(y * other.z - z * other.y, z * other.x - x * other.z, x * other.y - y * other.x)
    }

    @inlinable
    var length: Double { dot(self).squareRoot() }
}

/// Input checks shared by the estimators.
enum PointChecks {
    static func finite(_ points: [Point2], op: String, what: String) throws {
        guard points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
            throw GeometryError.nonFinite(op: op, what: what)
        }
    }

    static func finite(_ points: [Point3], op: String, what: String) throws {
        guard points.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) else {
            throw GeometryError.nonFinite(op: op, what: what)
        }
    }

    /// Checks that two lists pair up, hold at least `needed` points, and are finite.
    static func pairs(_ source: [Point2], _ target: [Point2], needed: Int, op: String) throws {
        guard source.count == target.count else {
            throw GeometryError.countMismatch(op: op, counts: [source.count, target.count])
        }
        guard source.count >= needed else {
            throw GeometryError.tooFewPoints(op: op, needed: needed, got: source.count)
        }
        try finite(source, op: op, what: "source points")
        try finite(target, op: op, what: "target points")
    }

    static func centroid(_ points: [Point2]) -> Point2 {
        points.reduce(Point2.zero, +) / Double(max(points.count, 1))
    }

    static func centroid(_ points: [Point3]) -> Point3 {
        points.reduce(Point3.zero, +) / Double(max(points.count, 1))
    }
}
