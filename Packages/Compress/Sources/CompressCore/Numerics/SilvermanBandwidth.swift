#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Silverman's rule-of-thumb bandwidth for a 1-D Gaussian kernel density estimate:
/// h = 0.9 · min(σ, IQR / 1.34) · n^(−1/5). A zero IQR (more than half the values equal)
/// falls back to σ, so a layer with a few outliers around a spike still gets a positive
/// bandwidth; 0 only when every value is the same.
public enum SilvermanBandwidth {
    public static func bandwidth(_ values: [Float]) -> Double {
        let n = values.count
        guard n > 1 else { return 0 }
        var mean = 0.0
        for v in values { mean += Double(v) }
        mean /= Double(n)
        var squares = 0.0
        for v in values { let d = Double(v) - mean; squares += d * d }
        let std = (squares / Double(n - 1)).squareRoot()
        let iqr = Quantiles.interquartileRange(values) / 1.34
        let spread = iqr > 0 ? min(std, iqr) : std
        return 0.9 * spread * pow(Double(n), -0.2)
    }
}
