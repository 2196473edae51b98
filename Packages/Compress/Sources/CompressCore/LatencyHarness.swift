import Foundation
import NN
import Tensor

/// Wall-clock latency of `ModelGraph.predict`: fixed BLAS threads, warm-up runs, then the
/// median and 90th percentile of N timed runs on a seeded random batch. Comparisons
/// interleave the two models run by run, so a burst of load on the shared machine hits
/// both alike and the ratio stays meaningful even when the times drift.
///
/// Times are only meaningful from release builds; `Measurement.build` says which one ran.
///
/// ```swift
/// let harness = LatencyHarness(threads: 1, warmupRuns: 5, timedRuns: 30)
/// let m = try harness.measure(graph, batch: 32)
/// print(m.medianMilliseconds, m.p90Milliseconds)
/// ```
public struct LatencyHarness: Sendable {
    /// BLAS threads during the measurement (restored afterwards).
    public var threads: Int
    public var warmupRuns: Int
    public var timedRuns: Int
    /// Seed of the random input batch.
    public var seed: UInt64

    public init(threads: Int = 1, warmupRuns: Int = 3, timedRuns: Int = 20, seed: UInt64 = 0) {
        self.threads = max(1, threads)
        self.warmupRuns = max(0, warmupRuns)
        self.timedRuns = max(1, timedRuns)
        self.seed = seed
    }

    /// One model's timing at one batch size.
    public struct Measurement: Sendable, Codable, Equatable {
        public var batch: Int
        public var threads: Int
        public var runs: Int
        public var medianMilliseconds: Double
        public var p90Milliseconds: Double
        public var minimumMilliseconds: Double
        /// "release" or "debug".
        public var build: String
    }

    /// Two models timed in the same interleaved runs.
    public struct Comparison: Sendable, Codable, Equatable {
        public var before: Measurement
        public var after: Measurement
        /// before / after median: above 1 means the compressed model is faster.
        public var speedUp: Double { before.medianMilliseconds / max(after.medianMilliseconds, 1e-12) }
    }

    public static var buildConfiguration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }

    /// Times one graph at one batch size.
    public func measure(_ graph: ModelGraph, batch: Int) throws -> Measurement {
        try timed([graph], batch: batch)[0]
    }

    /// Times two graphs (same input shape) at one batch size, interleaved run by run.
    public func compare(_ before: ModelGraph, _ after: ModelGraph, batch: Int) throws -> Comparison {
        let m = try timed([before, after], batch: batch)
        return Comparison(before: m[0], after: m[1])
    }

    private func timed(_ graphs: [ModelGraph], batch: Int) throws -> [Measurement] {
        guard batch > 0 else { throw TensorError.invalidArgument(op: "LatencyHarness", message: "batch must be positive, got \(batch)") }
        let shape = graphs[0].inputShape
        for g in graphs.dropFirst() where g.inputShape != shape {
            throw TensorError.invalidArgument(op: "LatencyHarness", message: "models take different inputs (\(shape) and \(g.inputShape)); compare models of the same task")
        }
        var rng = RandomGenerator(seed: seed)
        let input = rng.uniform([batch] + shape)
        let savedThreads = BLAS.threads
        BLAS.threads = threads
        defer { BLAS.threads = savedThreads }
        for _ in 0..<warmupRuns { for g in graphs { _ = try g.predict(input) } }
        var times = [[Double]](repeating: [], count: graphs.count)
        let clock = ContinuousClock()
        for run in 0..<timedRuns {
            // Alternate which model goes first so neither always runs on a warmer cache.
            let order = run % 2 == 0 ? Array(graphs.indices) : Array(graphs.indices.reversed())
            for i in order {
                let start = clock.now
                _ = try graphs[i].predict(input)
                let d = clock.now - start
                times[i].append(Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15)
            }
        }
        return times.map { t in
            let s = t.sorted()
            return Measurement(batch: batch, threads: threads, runs: s.count, medianMilliseconds: Self.quantile(s, 0.5),
                               p90Milliseconds: Self.quantile(s, 0.9), minimumMilliseconds: s[0], build: Self.buildConfiguration)
        }
    }

    /// Linear-interpolated quantile of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
