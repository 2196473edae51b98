/// A robust 1-D minimiser for functions with small discontinuities (quantization errors):
/// evaluate on an even grid (plus any points that must be tried, such as the identity
/// exponent 1), then refine by golden section between the neighbours of the best grid
/// point. The answer is the best point ever evaluated, so it is never worse than any grid
/// or required point.
public struct GridThenGolden: Sendable, Equatable {
    public var range: ClosedRange<Double>
    public var gridPoints: Int
    /// Points always evaluated (e.g. 1, the uniform quantizer).
    public var required: [Double]
    public var tolerance: Double

    public init(range: ClosedRange<Double>, gridPoints: Int, required: [Double] = [], tolerance: Double = 1e-3) {
        precondition(gridPoints >= 2, "a grid needs at least two points")
        self.range = range
        self.gridPoints = gridPoints
        self.required = required
        self.tolerance = tolerance
    }

    /// The sorted grid: `gridPoints` evenly spaced points of `range` plus the required ones.
    public var grid: [Double] {
        let (lo, hi) = (range.lowerBound, range.upperBound)
        var points = (0..<gridPoints).map { lo + (hi - lo) * Double($0) / Double(gridPoints - 1) }
        for r in required {
            // Snap a grid point that is a rounding error away, else add the point.
            if let i = points.firstIndex(where: { abs($0 - r) < 1e-9 }) { points[i] = r } else { points.append(r) }
        }
        return points.sorted()
    }

    public struct Result: Sendable, Equatable {
        public var x: Double
        public var value: Double
        /// Every grid point with its value (the curve, for reports and ablations).
        public var curve: [(x: Double, value: Double)]

        public static func == (a: Result, b: Result) -> Bool {
            a.x == b.x && a.value == b.value && a.curve.map(\.x) == b.curve.map(\.x) && a.curve.map(\.value) == b.curve.map(\.value)
        }
    }

    public func minimize(_ f: (Double) throws -> Double) rethrows -> Result {
        let xs = grid
        let curve = try xs.map { (x: $0, value: try f($0)) }
        var bestIndex = 0
        for i in curve.indices where curve[i].value < curve[bestIndex].value { bestIndex = i }
        var best = (x: curve[bestIndex].x, value: curve[bestIndex].value)
        let lo = xs[max(bestIndex - 1, 0)], hi = xs[min(bestIndex + 1, xs.count - 1)]
        if hi - lo > tolerance {
            let refined = try GoldenSection.minimize(in: lo...hi, tolerance: tolerance, f)
            if refined.value < best.value { best = refined }
        }
        return Result(x: best.x, value: best.value, curve: curve)
    }
}
