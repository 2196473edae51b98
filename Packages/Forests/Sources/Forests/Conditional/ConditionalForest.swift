import Tensor

/// One forest per bin of a conditioning variable ω (head-pose bin, previous expression...),
/// composed at prediction time by an estimated distribution q(ω) (Dantone et al., CVPR 2012).
///
/// - `.draw(seed:)` (the published procedure): a budget of N trees is shared among the bins
///   by largest-remainder rounding of N·q(k); n_k trees are taken from forest k without
///   replacement (wrapping around when n_k exceeds its size) by a seeded generator, and
///   their outputs averaged.
/// - `.expectation`: Σ_k q(k) · mean over all trees of forest k; deterministic, and what
///   the draw mode equals in expectation.
///
/// ```swift
/// let cf = try ConditionalForest.fit(binCount: 8, bins: poseBins) { indices in
///     try RandomForestClassifier.fit(features.subset(indices), labels: ..., config: config)
/// }
/// let p = try cf.predict(sample: x, condition: q, treeBudget: 160, mode: .draw(seed: 1))
/// ```
public struct ConditionalForest<Forest: TreeEnsemble>: Sendable {
    public enum Mode: Sendable, Equatable {
        case draw(seed: UInt64)
        case expectation
    }

    /// The forest of each bin.
    public let forests: [Forest]

    public init(forests: [Forest]) throws {
        guard let first = forests.first else {
            throw TensorError.invalidArgument(op: "ConditionalForest", message: "needs at least one bin")
        }
        guard forests.allSatisfy({ $0.outputCount == first.outputCount && $0.treeCount > 0 }) else {
            throw TensorError.invalidArgument(op: "ConditionalForest", message: "every bin's forest needs trees and the same output size")
        }
        self.forests = forests
    }

    /// Trains one forest per bin on that bin's samples. `bins[i]` is sample i's bin in
    /// 0..<binCount; every bin needs at least `minimumSamples` samples (merge sparse bins first).
    /// `overlap` > 0 also gives each bin the samples of its `overlap` neighbours on each side
    /// (the soft overlap of the specification, off by default); `circular` makes the first and
    /// last bins neighbours (angles).
    public static func fit(binCount: Int, bins: [Int], minimumSamples: Int = 1, overlap: Int = 0, circular: Bool = false,
                           _ fitForest: (_ sampleIndices: [Int], _ bin: Int) throws -> Forest) throws -> ConditionalForest {
        guard overlap >= 0 else {
            throw TensorError.invalidArgument(op: "ConditionalForest.fit", message: "overlap must be ≥ 0, got \(overlap)")
        }
        var members = [[Int]](repeating: [], count: binCount)
        for (i, b) in bins.enumerated() {
            guard b >= 0 && b < binCount else {
                throw TensorError.invalidArgument(op: "ConditionalForest.fit", message: "sample \(i) has bin \(b), outside 0..<\(binCount)")
            }
            for offset in -overlap...overlap {
                var target = b + offset
                if circular { target = ((target % binCount) + binCount) % binCount }
                guard target >= 0 && target < binCount, offset == 0 || target != b else { continue }
                members[target].append(i)
            }
        }
        for k in members.indices where overlap > 0 { members[k] = Array(Set(members[k])).sorted() }
        if let sparse = members.indices.first(where: { members[$0].count < Swift.max(1, minimumSamples) }) {
            throw TensorError.invalidArgument(op: "ConditionalForest.fit",
                                              message: "bin \(sparse) has \(members[sparse].count) samples (needs \(Swift.max(1, minimumSamples))); merge it into a neighbouring bin")
        }
        return try ConditionalForest(forests: members.enumerated().map { try fitForest($0.element, $0.offset) })
    }

    public var binCount: Int { forests.count }
    public var outputCount: Int { forests[0].outputCount }

    /// How many trees each bin contributes to a budget of `budget` trees under `q`:
    /// floor(budget·q_k), then the remaining trees to the largest remainders (ties to the
    /// lower bin), so the counts sum to exactly `budget`.
    public static func allocate(budget: Int, distribution q: [Float]) -> [Int] {
        let exact = q.map { Double($0) * Double(budget) }
        var counts = exact.map { Int($0.rounded(.down)) }
        let left = budget - counts.reduce(0, +)
        let order = exact.indices.sorted { a, b in
            let ra = exact[a] - Double(counts[a]), rb = exact[b] - Double(counts[b])
            return ra != rb ? ra > rb : a < b
        }
        for k in order.prefix(Swift.max(0, left)) { counts[k] += 1 }
        return counts
    }

    /// The composed output for one sample (its feature values) under the bin distribution `q`.
    public func predict(sample: [Float], condition q: [Float], treeBudget: Int, mode: Mode) throws -> [Float] {
        guard q.count == binCount else {
            throw TensorError.shapeMismatch(op: "ConditionalForest.predict", shapes: [[q.count], [binCount]], expected: "one probability per bin")
        }
        guard q.allSatisfy({ $0 >= 0 && $0.isFinite }), q.reduce(0, +) > 0 else {
            throw TensorError.invalidArgument(op: "ConditionalForest.predict", message: "the condition distribution must be non-negative, finite and not all zero")
        }
        let total = q.reduce(0, +)
        let p = q.map { $0 / total }
        var out = [Float](repeating: 0, count: outputCount)
        var scratch = [Float](repeating: 0, count: outputCount)
        sample.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                scratch.withUnsafeMutableBufferPointer { s in
                    switch mode {
                    case .expectation:
                        for (k, forest) in forests.enumerated() where p[k] > 0 {
                            s.update(repeating: 0)
                            for t in 0..<forest.treeCount { forest.accumulate(tree: t, sample: x.baseAddress!, into: s.baseAddress!) }
                            let w = p[k] / Float(forest.treeCount)
                            for j in 0..<outputCount { o[j] += w * s[j] }
                        }
                    case .draw(let seed):
                        var rng = RandomGenerator(seed: seed)
                        let counts = Self.allocate(budget: Swift.max(1, treeBudget), distribution: p)
                        let drawn = counts.reduce(0, +)
                        for (k, forest) in forests.enumerated() where counts[k] > 0 {
                            // Without replacement, wrapping around when more trees are asked than exist.
                            let order = rng.permutation(forest.treeCount)
                            for i in 0..<counts[k] {
                                forest.accumulate(tree: order[i % forest.treeCount], sample: x.baseAddress!, into: o.baseAddress!)
                            }
                        }
                        for j in 0..<outputCount { o[j] /= Float(drawn) }
                    }
                }
            }
        }
        return out
    }
}
