import Foundation
import GazeCore
import Tensor

/// Per-eye inference latency, for `tools/bench gaze`.
public enum DeeSCoLatency {
    public struct Measurement: Sendable, Equatable {
        public var batchSize: Int
        /// Median over repeats of (batch time / batch size), milliseconds.
        public var millisecondsPerEye: Double
        public var repeats: Int
    }

    /// Times `estimator.estimate` (the whole ensemble, crops in, `GazeEstimate`s out) on random
    /// crops at each batch size: one warm-up call, then `repeats` timed calls; the median is
    /// reported, robust to a shared machine's hiccups.
    public static func measure(_ estimator: any GazeEstimator, batchSizes: [Int] = [1, 16], repeats: Int = 50,
                               seed: UInt64 = 0) throws -> [Measurement] {
        guard repeats >= 1, batchSizes.allSatisfy({ $0 >= 1 }) else {
            throw GazeError.invalidArgument("latency needs ≥ 1 repeat and batch sizes ≥ 1, got \(repeats), \(batchSizes)")
        }
        var rng = RandomGenerator(seed: seed)
        return try batchSizes.map { b in
            let crops = rng.uniform([b] + estimator.inputShape)
            _ = try estimator.estimate(crops)
            var times: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try estimator.estimate(crops)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(b))
            }
            times.sort()
            return Measurement(batchSize: b, millisecondsPerEye: times[times.count / 2], repeats: repeats)
        }
    }
}
