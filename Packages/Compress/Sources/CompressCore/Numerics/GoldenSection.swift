/// Golden-section search for the minimum of a function of one variable on an interval.
///
/// The function is assumed unimodal on the bracket; when it is not (a quantization error
/// has small jumps from rounding), the result is a local minimum inside the bracket, so
/// callers bracket it first with a coarse grid (see `GridThenGolden`).
///
/// ```swift
/// let m = GoldenSection.minimize(in: 0...2, tolerance: 1e-6) { ($0 - 0.7) * ($0 - 0.7) }
/// // m.x ≈ 0.7
/// ```
public enum GoldenSection {
    /// The abscissa and value of the best point evaluated; the bracket shrinks until it is
    /// narrower than `tolerance`. Each step costs one evaluation.
    public static func minimize(in interval: ClosedRange<Double>, tolerance: Double = 1e-3,
                                _ f: (Double) throws -> Double) rethrows -> (x: Double, value: Double) {
        precondition(tolerance > 0, "golden-section tolerance must be positive")
        let invPhi = (5.0.squareRoot() - 1) / 2          // 0.618…
        var a = interval.lowerBound, b = interval.upperBound
        var c = b - invPhi * (b - a), d = a + invPhi * (b - a)
        var fc = try f(c), fd = try f(d)
        var best = fc <= fd ? (x: c, value: fc) : (x: d, value: fd)
        while b - a > tolerance {
            if fc <= fd {
                b = d; d = c; fd = fc
                c = b - invPhi * (b - a)
                fc = try f(c)
                if fc < best.value { best = (c, fc) }
            } else {
                a = c; c = d; fc = fd
                d = a + invPhi * (b - a)
                fd = try f(d)
                if fd < best.value { best = (d, fd) }
            }
        }
        return best
    }
}
