/// Lin's concordance correlation coefficient, the valence/arousal metric of AVEC and AffectNet:
///
///     CCC = 2·cov(x, y) / (var x + var y + (mean x − mean y)²)
///
/// with population (1/N) moments. Unlike Pearson's r it falls when predictions are shifted or
/// scaled, so a regressor must agree with the labels, not merely correlate.
public enum ConcordanceCorrelation {
    public static func ccc(predicted x: [Float], truth y: [Float]) throws -> Double {
        guard x.count == y.count, !x.isEmpty else {
            throw AffectError.invalidArgument("ccc: need as many predictions as labels and at least one, got \(x.count) and \(y.count)")
        }
        guard x.allSatisfy({ $0.isFinite }), y.allSatisfy({ $0.isFinite }) else {
            throw AffectError.invalidArgument("ccc: values must be finite")
        }
        let n = Double(x.count)
        let mx = x.reduce(0.0) { $0 + Double($1) } / n, my = y.reduce(0.0) { $0 + Double($1) } / n
        var vx = 0.0, vy = 0.0, cov = 0.0
        for (a, b) in zip(x, y) {
            let dx = Double(a) - mx, dy = Double(b) - my
            vx += dx * dx
            vy += dy * dy
            cov += dx * dy
        }
        vx /= n; vy /= n; cov /= n
        let denominator = vx + vy + (mx - my) * (mx - my)
        // Both constant and equal: perfect agreement, though the formula reads 0/0.
        return denominator == 0 ? 1 : 2 * cov / denominator
    }
}
