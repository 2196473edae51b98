#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A 1-D Gaussian kernel density estimate evaluated on a regular grid by binning:
/// the values are counted on `gridSize` bins spanning [min − 3h, max + 3h], and the counts
/// are convolved with the Gaussian kernel sampled at the bin spacing and truncated at ±4h.
/// Cost O(n + G·kernel). The density at grid point g (bin centre `x(g)`) approximates
/// d(x) = 1/(n·h) · Σ_i φ((x − w_i)/h).
///
/// ```swift
/// let kde = try BinnedKDE(values: weights, bandwidth: 0.01, gridSize: 4096)
/// let (maxima, minima) = kde.extrema()        // grid indices; kde.x(maxima[0]) is a mode
/// ```
public struct BinnedKDE: Sendable {
    public let bandwidth: Double
    /// Centre of bin 0 and the bin width.
    public let origin: Double
    public let step: Double
    /// Density at every bin centre.
    public let density: [Double]

    public enum KDEError: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String { "kernel density estimate: \(self.message)" }
        var message: String { if case .invalid(let m) = self { return m } else { return "" } }
    }

    public init(values: [Float], bandwidth h: Double, gridSize: Int) throws {
        guard !values.isEmpty else { throw KDEError.invalid("no values to estimate a density from") }
        guard gridSize >= 3 else { throw KDEError.invalid("grid size \(gridSize) is too small; use at least 3 bins (4096 is the default)") }
        guard h > 0, h.isFinite else { throw KDEError.invalid("bandwidth \(h) must be positive and finite") }
        var lo = Double.infinity, hi = -Double.infinity
        for v in values {
            guard v.isFinite else { throw KDEError.invalid("the values hold \(v); remove NaN or infinite weights first") }
            lo = min(lo, Double(v)); hi = max(hi, Double(v))
        }
        let start = lo - 3 * h, span = (hi + 3 * h) - start
        let step = span / Double(gridSize)
        var counts = [Double](repeating: 0, count: gridSize)
        counts.withUnsafeMutableBufferPointer { c in
            for v in values {
                let b = Int((Double(v) - start) / step)
                c[min(max(b, 0), gridSize - 1)] += 1
            }
        }
        // Kernel sampled at the bin spacing, truncated at ±4h; normalised as 1/(n·h)·φ.
        let half = max(0, min(gridSize - 1, Int((4 * h / step).rounded(.down))))
        let norm = 1 / (Double(values.count) * h * (2 * Double.pi).squareRoot())
        var kernel = [Double](repeating: 0, count: 2 * half + 1)
        for j in -half...half {
            let u = Double(j) * step / h
            kernel[j + half] = norm * exp(-0.5 * u * u)
        }
        var density = [Double](repeating: 0, count: gridSize)
        counts.withUnsafeBufferPointer { c in
            kernel.withUnsafeBufferPointer { k in
                density.withUnsafeMutableBufferPointer { d in
                    // Scatter each occupied bin: most bins are empty for a few thousand weights.
                    for b in 0..<gridSize where c[b] != 0 {
                        let count = c[b]
                        let from = max(0, b - half), to = min(gridSize - 1, b + half)
                        for g in from...to { d[g] += count * k[g - b + half] }
                    }
                }
            }
        }
        self.bandwidth = h
        self.origin = start + step / 2
        self.step = step
        self.density = density
    }

    /// The position of grid point `g` (a bin centre).
    public func x(_ g: Int) -> Double { origin + Double(g) * step }

    /// Local maxima and minima of the density, as ascending grid indices: sign changes of
    /// the discrete difference; a plateau (equal neighbours) reports its first index. The
    /// flat zero tails report nothing; a zero gap between two bumps is a minimum.
    public func extrema() -> (maxima: [Int], minima: [Int]) {
        var maxima: [Int] = [], minima: [Int] = []
        var lastSign = 0
        var plateauStart: Int? = nil
        density.withUnsafeBufferPointer { d in
            for i in 0..<(d.count - 1) {
                let diff = d[i + 1] - d[i]
                if diff == 0 {
                    if plateauStart == nil { plateauStart = i }
                    continue
                }
                let sign = diff > 0 ? 1 : -1
                let turn = plateauStart ?? i
                if lastSign > 0 && sign < 0 { maxima.append(turn) }
                if lastSign < 0 && sign > 0 { minima.append(turn) }
                lastSign = sign
                plateauStart = nil
            }
        }
        return (maxima, minima)
    }

    /// The modes (positions of the maxima) and the boundaries between their basins (the
    /// positions of the minima between consecutive modes), both ascending:
    /// `boundaries.count == modes.count − 1`.
    public func modesAndBoundaries() -> (modes: [Double], boundaries: [Double]) {
        let (maxima, minima) = extrema()
        guard !maxima.isEmpty else { return ([], []) }
        var boundaries: [Double] = []
        // The lowest minimum between consecutive maxima (there is exactly one by alternation,
        // but search to be robust to a minimum reported on a plateau edge).
        var m = 0
        for k in 1..<maxima.count {
            while m < minima.count && minima[m] <= maxima[k - 1] { m += 1 }
            var best: Int? = nil
            var j = m
            while j < minima.count && minima[j] < maxima[k] {
                if best == nil || density[minima[j]] < density[best!] { best = minima[j] }
                j += 1
            }
            boundaries.append(x(best ?? (maxima[k - 1] + maxima[k]) / 2))
        }
        return (maxima.map(x), boundaries)
    }
}
