#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gaze error measures.
public enum GazeMetrics {
    /// The angle in degrees between two directions of any positive length.
    ///
    /// atan2(|a × b|, a · b) rather than acos(clamp(â · b̂)): the same angle, but exact near 0°
    /// and 180°, where acos of a rounded cosine loses most of its digits.
    public static func angularError(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> Double {
        let x = SIMD3<Double>(Double(a.x), Double(a.y), Double(a.z))
        let y = SIMD3<Double>(Double(b.x), Double(b.y), Double(b.z))
        let c = SIMD3(x.y * y.z - x.z * y.y, x.z * y.x - x.x * y.z, x.x * y.y - x.y * y.x)
        return atan2((c * c).sum().squareRoot(), (x * y).sum()) * 180 / .pi
    }

    /// The angle between two gaze directions given as angles, through their 3D vectors (not the
    /// norm of the yaw and pitch differences, which overstates errors at large pitch).
    public static func angularError(_ a: GazeAngles, _ b: GazeAngles) -> Double {
        angularError(a.vector, b.vector)
    }

    /// Mean angular error in degrees over pairs; throws when the counts differ or are zero.
    public static func meanAngularError(_ predicted: [GazeAngles], _ truth: [GazeAngles]) throws -> Double {
        guard predicted.count == truth.count, !truth.isEmpty else {
            throw GazeError.invalidArgument("mean angular error needs as many predictions as truths (at least one), got \(predicted.count) and \(truth.count)")
        }
        return zip(predicted, truth).reduce(0) { $0 + angularError($1.0, $1.1) } / Double(truth.count)
    }

    /// Euclidean distance between two screen points (cm), for the 2D task.
    public static func screenError(_ a: SIMD2<Float>, _ b: SIMD2<Float>) -> Double {
        let d = SIMD2<Double>(Double(a.x - b.x), Double(a.y - b.y))
        return (d * d).sum().squareRoot()
    }
}
