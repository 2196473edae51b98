import CompressCore

/// Step 1 of RED: adaptive scalar hashing of one layer. The weights' Gaussian KDE is built
/// (bandwidth = scale × Silverman, halved until the density has `minModes` modes), and each
/// weight is replaced by the mode of its basin, the basins being split at the density minima.
/// The layer then holds at most K distinct values, all exact copies of a mode.
public enum KDEHashing {
    public struct LayerHash: Sendable {
        /// The hashed weights (same order as the input).
        public var values: [Float]
        /// The modes (hash levels), ascending.
        public var levels: [Float]
        /// Bandwidth finally used, and how many times the guard halved it.
        public var bandwidth: Double
        public var halvings: Int
        /// ‖w − ŵ‖ / ‖w‖.
        public var relativeError: Double
    }

    public static func hash(_ weights: [Float], bandwidthScale: Double, minModes: Int, gridSize: Int) throws -> LayerHash {
        let distinct = Set(weights.map { $0 == 0 ? 0 : $0 }).count
        let silverman = SilvermanBandwidth.bandwidth(weights)
        guard distinct > 1, silverman > 0 else {
            return LayerHash(values: weights, levels: Array(Set(weights)).sorted(), bandwidth: 0, halvings: 0, relativeError: 0)
        }
        // A layer with few distinct values cannot show more modes than values.
        let wanted = min(minModes, distinct)
        var h = bandwidthScale * silverman
        var halvings = 0
        var modes: [Double] = [], boundaries: [Double] = []
        while true {
            let kde = try BinnedKDE(values: weights, bandwidth: h, gridSize: gridSize)
            (modes, boundaries) = kde.modesAndBoundaries()
            if modes.count >= wanted || halvings >= 40 { break }
            h /= 2
            halvings += 1
        }
        let levels = modes.map { Float($0) }
        let cuts = boundaries
        var hashed = [Float](repeating: 0, count: weights.count)
        weights.withUnsafeBufferPointer { w in
            hashed.withUnsafeMutableBufferPointer { out in
                for i in 0..<w.count {
                    // Basin k holds (cut[k−1], cut[k]]: the first cut ≥ w.
                    let v = Double(w[i])
                    var lo = 0, hi = cuts.count
                    while lo < hi { let mid = (lo + hi) / 2; if cuts[mid] < v { lo = mid + 1 } else { hi = mid } }
                    let level = levels[lo]
                    out[i] = level == 0 ? 0 : level          // -0.0 never survives as a level
                }
            }
        }
        let error = ReconstructionError.relative(weights, hashed).squareRoot()
        return LayerHash(values: hashed, levels: levels, bandwidth: h, halvings: halvings, relativeError: error)
    }
}
