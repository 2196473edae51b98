/// Procrustes alignment of 2D shapes (ordered point sets that correspond point by point):
/// remove translation, scale and rotation, keep what differs in form.
public enum Procrustes {
    /// One shape aligned onto another.
    public struct Alignment: Sendable, Equatable {
        /// The similarity taking the shape onto the target.
        public var transform: SimilarityTransform2D
        /// `transform` applied to the shape.
        public var aligned: [Point2]
        /// Root-mean-square distance between aligned and target points, in target units.
        public var rmsResidual: Double
    }

    /// Aligns `shape` onto `target` by the least-squares similarity (Umeyama); the residual
    /// measures how much the shapes differ once pose and size are taken out.
    public static func align(_ shape: [Point2], to target: [Point2]) throws -> Alignment {
        let transform = try SimilarityTransform2D.estimate(from: shape, to: target)
        let aligned = transform.apply(shape)
        return Alignment(transform: transform, aligned: aligned, rmsResidual: rms(aligned, target))
    }

    /// Generalised Procrustes analysis of a set of shapes.
    public struct Generalized: Sendable, Equatable {
        /// The mean shape: centred on the origin, scaled to unit size (root-mean-square distance
        /// of its points from the centroid = 1), and oriented like the first input shape.
        public var meanShape: [Point2]
        /// Each shape aligned onto `meanShape`.
        public var aligned: [[Point2]]
        /// For each shape, the similarity taking it onto `meanShape`.
        public var transforms: [SimilarityTransform2D]
        /// Root-mean-square distance of all aligned points from their mean-shape points.
        public var rmsResidual: Double
        /// Iterations run; `converged` is false when `maxIterations` ran out first.
        public var iterations: Int
        public var converged: Bool
    }

    /// Generalised Procrustes analysis: alternately align every shape onto the current mean and
    /// re-estimate the mean, until the mean moves less than `tolerance` (root-mean-square, in
    /// unit-size coordinates).
    ///
    /// Each new mean is re-normalised to unit size and aligned back onto the previous one: without
    /// that gauge fixing the mean could shrink towards zero or drift in rotation between rounds.
    public static func generalized(_ shapes: [[Point2]], tolerance: Double = 1e-10,
                                   maxIterations: Int = 100) throws -> Generalized {
        let op = "Procrustes.generalized"
        guard let first = shapes.first else { throw GeometryError.tooFewPoints(op: op + " (shapes)", needed: 1, got: 0) }
        for (i, s) in shapes.enumerated() {
            guard s.count == first.count else {
                throw GeometryError.countMismatch(op: op + " (shape 0 and shape \(i))", counts: [first.count, s.count])
            }
            try PointChecks.finite(s, op: op, what: "shape \(i)")
        }
        guard first.count >= 2 else { throw GeometryError.tooFewPoints(op: op, needed: 2, got: first.count) }

        var mean = try unitSize(first, op: op)
        var transforms = [SimilarityTransform2D](repeating: .identity, count: shapes.count)
        var aligned = shapes
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            for (i, s) in shapes.enumerated() {
                transforms[i] = try SimilarityTransform2D.estimate(from: s, to: mean)
                aligned[i] = transforms[i].apply(s)
            }
            var sum = [Point2](repeating: .zero, count: mean.count)
            for s in aligned { for j in s.indices { sum[j] += s[j] } }
            let average = sum.map { $0 / Double(shapes.count) }
            let next = try align(unitSize(average, op: op), to: mean).aligned
            let change = rms(next, mean)
            mean = try unitSize(next, op: op)
            if change < tolerance {
                converged = true
                break
            }
        }
        // Final alignment onto the final mean, so every output refers to the same mean shape.
        var squared = 0.0
        for (i, s) in shapes.enumerated() {
            transforms[i] = try SimilarityTransform2D.estimate(from: s, to: mean)
            aligned[i] = transforms[i].apply(s)
            for (p, q) in zip(aligned[i], mean) { squared += ((p - q) * (p - q)).sum() }
        }
        let residual = (squared / Double(shapes.count * mean.count)).squareRoot()
        return Generalized(meanShape: mean, aligned: aligned, transforms: transforms, rmsResidual: residual,
                           iterations: iterations, converged: converged)
    }

    /// The shape centred on the origin with unit root-mean-square distance from it.
    static func unitSize(_ shape: [Point2], op: String) throws -> [Point2] {
        let c = PointChecks.centroid(shape)
        let centred = shape.map { $0 - c }
        let size = (centred.reduce(0) { $0 + ($1 * $1).sum() } / Double(shape.count)).squareRoot()
        guard size > 0 else {
            throw GeometryError.degenerate(op: op, message: "a shape whose points all coincide has no size or "
                                           + "orientation; remove it from the set")
        }
        return centred.map { $0 / size }
    }

    static func rms(_ a: [Point2], _ b: [Point2]) -> Double {
        var sum = 0.0
        for (p, q) in zip(a, b) { sum += ((p - q) * (p - q)).sum() }
        return (sum / Double(max(a.count, 1))).squareRoot()
    }
}
