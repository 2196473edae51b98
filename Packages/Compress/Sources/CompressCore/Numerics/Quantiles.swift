/// Sample quantiles with linear interpolation between order statistics (Hyndman–Fan type 7,
/// the default of NumPy and R), accumulated in double precision.
public enum Quantiles {
    /// The `p`-quantile (p in 0...1) of values already sorted ascending; NaN when empty.
    public static func quantile(sorted values: UnsafeBufferPointer<Float>, _ p: Double) -> Double {
        let n = values.count
        guard n > 0 else { return .nan }
        let position = min(max(p, 0), 1) * Double(n - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, n - 1)
        let fraction = position - Double(low)
        return Double(values[low]) + fraction * (Double(values[high]) - Double(values[low]))
    }

    /// The `p`-quantiles of unsorted values (sorted once).
    public static func quantiles(_ values: [Float], _ ps: [Double]) -> [Double] {
        let sorted = values.sorted()
        return sorted.withUnsafeBufferPointer { s in ps.map { quantile(sorted: s, $0) } }
    }

    /// The median of unsorted values; NaN when empty.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted(), n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    /// Interquartile range: q(0.75) − q(0.25).
    public static func interquartileRange(_ values: [Float]) -> Double {
        let q = quantiles(values, [0.25, 0.75])
        return q[1] - q[0]
    }
}
