import CompressCore
import Foundation
import NN
import Registry
import Tensor

/// `facet reproduce red`: RED on the digits zoo, data-free, no fine-tuning.
/// R2: bandwidth sweep (modes, weight error, accuracy, duplicates, unique kernels, UDS savings);
/// R3a: a planted-redundancy mlp-digits (every hidden neuron duplicated with 1e-6·std noise)
/// against L2 magnitude pruning and Srinivas–Babu merging at RED's parameter count;
/// R3b: the same comparison on the natural models (mlp, cnn, wide-mlp), with the hashing and
/// UDS ablations. R1 (exactness) is the REDTests suite.
public enum REDReproduction: MethodReproduction {
    public static let methodID = "red"
    public static let title = "RED against L2 magnitude pruning and Srinivas-Babu merging at equal parameters, data-free, no fine-tuning"

    public static func run(_ options: ReproductionOptions) throws -> [ReproductionClaim] {
        let seeds = options.seedCount(full: 3, quick: 1)
        let zoo = try Zoo(seeds: seeds, quick: options.quick, log: options.log)
        var claims: [ReproductionClaim] = []
        for experiment in [runSweep, runPlanted, runNatural] {
            let start = Date()
            let claim = try experiment(zoo, options)
            options.log(claim.line + String(format: "  (%.0f s)", Date().timeIntervalSince(start)))
            options.log("")
            claims.append(claim)
        }
        return claims
    }

    /// The trained models and test splits, trained once per (architecture, seed).
    final class Zoo {
        let seeds: Int
        let quick: Bool
        private var models: [String: ModelZoo.TrainedModel] = [:]
        private var tests: [ModelZoo.Architecture: TensorDataset] = [:]
        let log: @Sendable (String) -> Void

        init(seeds: Int, quick: Bool, log: @escaping @Sendable (String) -> Void) throws {
            self.seeds = seeds
            self.quick = quick
            self.log = log
        }

        func epochs(_ a: ModelZoo.Architecture) -> Int? {
            guard quick else { return nil }
            switch a {
            case .mlpDigits: return 20
            case .cnnDigits: return 10
            case .wideMLPDigits: return 12
            case .deepMLPDigits: return 20
            }
        }

        func model(_ a: ModelZoo.Architecture, seed: Int) throws -> ModelZoo.TrainedModel {
            let key = "\(a.rawValue)#\(seed)"
            if let m = models[key] { return m }
            let start = Date()
            let m = try ModelZoo.train(a, seed: UInt64(seed), epochs: epochs(a))
            log(String(format: "  trained %@ seed %d: test accuracy %.4f (%.0f s)", a.rawValue, seed, m.testAccuracy, Date().timeIntervalSince(start)))
            models[key] = m
            return m
        }

        func test(_ a: ModelZoo.Architecture) throws -> TensorDataset {
            if let t = tests[a] { return t }
            let t = try ModelZoo.digits(for: a).test
            tests[a] = t
            return t
        }

        func accuracy(_ graph: ModelGraph, _ a: ModelZoo.Architecture) throws -> Double {
            try ModelZoo.accuracy(graph, on: test(a))
        }
    }

    // MARK: - shared helpers

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(xs.count, 1)) }
    static func pct(_ x: Double) -> String { String(format: "%.2f", 100 * x) }
    /// `mean (min; per-seed values)` in percent.
    static func seedsCell(_ xs: [Double]) -> String {
        xs.count > 1 ? "\(pct(mean(xs))) (min \(pct(xs.min()!)); \(xs.map(pct).joined(separator: "/")))" : pct(mean(xs))
    }

    /// mlp-digits with every neuron of fc1 and fc2 duplicated: the copy's row and bias are
    /// copied, its weights get independent Gaussian noise of `noise`·std(W_l), and the outgoing
    /// columns are split 0.3 (original) / 0.7 (copy).
    static func plantDuplicates(_ graph: ModelGraph, noise: Double, seed: UInt64) throws -> ModelGraph {
        var random = SplitMix(seed: seed)
        var tensors = graph.tensors
        for (layer, consumer) in [("fc1", "fc2"), ("fc2", "fc3")] {
            let w = tensors["\(layer).weight"]!, b = tensors["\(layer).bias"]!
            let (n, d) = (w.shape[0], w.shape[1])
            let ws = w.scalars
            let m = ws.reduce(0) { $0 + Double($1) } / Double(ws.count)
            let std = (ws.reduce(0) { $0 + (Double($1) - m) * (Double($1) - m) } / Double(ws.count)).squareRoot()
            let copy = ws.map { $0 + Float(noise * std * random.normal()) }
            tensors["\(layer).weight"] = try Tensor(shape: [2 * n, d], scalars: ws + copy)
            tensors["\(layer).bias"] = try Tensor(shape: [2 * n], scalars: b.scalars + b.scalars)
            let c = tensors["\(consumer).weight"]!
            let o = c.shape[0], cs = c.scalars, inputs = c.shape[1]
            precondition(inputs == n)
            var split = [Float](repeating: 0, count: o * 2 * n)
            for r in 0..<o {
                for j in 0..<n {
                    split[r * 2 * n + j] = 0.3 * cs[r * n + j]
                    split[r * 2 * n + n + j] = 0.7 * cs[r * n + j]
                }
            }
            tensors["\(consumer).weight"] = try Tensor(shape: [o, 2 * n], scalars: split)
        }
        return try ModelGraph(nodes: graph.nodes, tensors: tensors, output: graph.output)
    }

    /// A seeded generator for the planted noise (SplitMix64, Box–Muller).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func normal() -> Double {
            let u = max(uniform(), 1e-300), v = uniform()
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
    }

    /// Magnitude (L2) and Srinivas–Babu at the kept parameter share `ratio`.
    static func baselines(_ graph: ModelGraph, ratio: Double) throws -> (magnitude: CompressionResult, srinivasBabu: CompressionResult) {
        let target = PruningTarget(.parameterRatio(min(1, ratio)))
        return (try MagnitudePruner(norm: .l2).prune(graph, target: target, data: nil),
                try SrinivasBabuMerger().prune(graph, target: target, data: nil))
    }

    static func merged(_ r: CompressionResult) -> Int {
        Int(r.report.perLayer.reduce(0) { $0 + ($1.details["neurons merged"] ?? 0) })
    }
}
