/// Cumulative error distribution of per-image errors, with the closed-form area under it and the
/// failure rate (README-facealign §5):
///
///     CED(x) = #{ i : e_i ≤ x } / N
///     AUC@α  = (1/(N·α)) · Σ_i max(0, α − e_i)
///     FR@α   = #{ i : e_i > α } / N
///
/// A NaN or infinite error (a failed prediction) counts as larger than any threshold.
public struct CumulativeErrorDistribution: Sendable, Equatable {
    /// The errors, sorted ascending (non-finite ones last).
    public let sortedErrors: [Float]

    /// Throws when `errors` is empty: a curve of nothing has no meaning.
    public init(errors: [Float]) throws {
        guard !errors.isEmpty else {
            throw FaceAlignError.invalidArgument(op: "CumulativeErrorDistribution", message: "needs at least one error; "
                                                 + "evaluate some images first")
        }
        sortedErrors = errors.map { $0.isFinite ? $0 : .infinity }.sorted()
    }

    public var count: Int { sortedErrors.count }

    /// The fraction of errors at most `x`.
    public func fraction(atMost x: Float) -> Float {
        // Binary search for the first error > x.
        var lo = 0, hi = sortedErrors.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sortedErrors[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return Float(lo) / Float(count)
    }

    /// AUC@α, in [0, 1]; exact (no integration grid).
    public func areaUnderCurve(alpha: Float) throws -> Float {
        try Self.check(alpha)
        var sum = 0.0
        for e in sortedErrors where e < alpha { sum += Double(alpha - e) }
        return Float(sum / (Double(count) * Double(alpha)))
    }

    /// FR@α: the fraction of errors above α.
    public func failureRate(alpha: Float) throws -> Float {
        try Self.check(alpha)
        return 1 - fraction(atMost: alpha)
    }

    /// The curve's corners on [0, maxError]: a step function, so each error contributes a
    /// horizontal then a vertical segment. Plot these points joined by straight lines.
    public func steps(maxError: Float) -> [SIMD2<Float>] {
        var points = [SIMD2<Float>(0, fraction(atMost: 0))]
        var i = 0
        while i < count, sortedErrors[i] <= 0 { i += 1 }
        while i < count, sortedErrors[i] <= maxError {
            let x = sortedErrors[i]
            points.append(SIMD2(x, Float(i) / Float(count)))
            while i < count, sortedErrors[i] == x { i += 1 }
            points.append(SIMD2(x, Float(i) / Float(count)))
        }
        points.append(SIMD2(maxError, Float(i) / Float(count)))
        return points
    }

    /// The curve sampled at `samples` evenly spaced thresholds from 0 to `maxError` (for tables
    /// and CSV files).
    public func sampled(maxError: Float, samples: Int = 101) -> [SIMD2<Float>] {
        let n = max(samples, 2)
        return (0..<n).map { k in
            let x = maxError * Float(k) / Float(n - 1)
            return SIMD2(x, fraction(atMost: x))
        }
    }

    static func check(_ alpha: Float) throws {
        guard alpha.isFinite, alpha > 0 else {
            throw FaceAlignError.invalidArgument(op: "CED", message: "the threshold α must be positive and finite, got \(alpha) "
                                                 + "(the usual ones are 0.08 and 0.10)")
        }
    }
}
