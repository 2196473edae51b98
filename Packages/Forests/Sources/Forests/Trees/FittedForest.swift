import Dispatch
import Foundation
import NN
import Synchronization
import Tensor

/// The fitted state shared by the random-forest classifier and regressor: trees whose
/// leaves hold `outputCount` values (probabilities or target vectors), averaged.
struct FittedForest: Sendable, Equatable {
    var trees: [TreeNodes]
    var featureCount: Int
    var outputCount: Int
    /// Mean decrease of impurity per feature, summing to 1 (all zero for a forest of stumps).
    var importances: [Float]

    /// Tree `t`'s generator: a function of `(seed, t)` alone, so the forest is the same
    /// whichever worker grows which tree.
    static func generator(seed: UInt64, tree t: Int) -> RandomGenerator {
        var z = seed ^ (UInt64(t) &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return RandomGenerator(seed: z ^ (z >> 29))
    }

    /// How often each sample is in tree `t`'s bootstrap (nil: every sample once). Drawn first
    /// from the tree's generator, so OOB scoring can redraw it instead of storing it.
    static func bootstrapCounts(_ config: ForestConfig, sampleCount n: Int, rng: inout RandomGenerator) -> [Int32]? {
        guard config.bootstrap else { return nil }
        let draws = max(1, Int((config.maxSamplesFraction * Double(n)).rounded()))
        var counts = [Int32](repeating: 0, count: n)
        for _ in 0..<draws { counts[rng.bounded(n)] += 1 }
        return counts
    }

    /// Grows `config.treeCount` trees over `config.threads` workers; each worker keeps one
    /// builder (scratch buffers) and takes the next tree index from a shared counter.
    static func train<S: FeatureSource>(source: S, targets: TreeTargets, weights: [Double], config: ForestConfig,
                                        label: String) throws -> FittedForest {
        try config.validate()
        let n = source.sampleCount, treeCount = config.treeCount
        let progress = config.showProgress ? LockedProgress(ProgressReporter(label, total: treeCount, unit: "tree")) : nil
        var grown = [GrownTree?](repeating: nil, count: treeCount)
        let workers = min(config.threads, treeCount)
        grown.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedPointer(buffer.baseAddress!)
            let nextTree = Atomic<Int>(0)
            let work = { (_: Int) in
                let builder = CARTBuilder(config: config.tree, targets: targets, featureCount: source.featureCount)
                var treeWeights = weights
                while true {
                    let t = nextTree.wrappingAdd(1, ordering: .relaxed).oldValue
                    if t >= treeCount { break }
                    var rng = generator(seed: config.seed, tree: t)
                    if let counts = bootstrapCounts(config, sampleCount: n, rng: &rng) {
                        for i in 0..<n { treeWeights[i] = weights[i] * Double(counts[i]) }
                    }
                    out.base[t] = builder.grow(source: source, weights: treeWeights, rng: &rng)
                    progress?.advance()
                }
            }
            if workers == 1 {
                work(0)
            } else {
                withoutActuallyEscaping(work) { work in
                    let box = UncheckedSendable(work)
                    DispatchQueue.concurrentPerform(iterations: workers) { box.value($0) }
                }
            }
        }
        progress?.finish()

        let trees = grown.map { $0! }
        // scikit-learn: normalise each tree's importances, average, normalise again.
        var importances = [Double](repeating: 0, count: source.featureCount)
        for tree in trees {
            let sum = tree.importances.reduce(0, +)
            guard sum > 0 else { continue }
            for f in 0..<importances.count { importances[f] += tree.importances[f] / sum }
        }
        let total = importances.reduce(0, +)
        return FittedForest(trees: trees.map(\.nodes), featureCount: source.featureCount, outputCount: targets.outputCount,
                            importances: importances.map { Float(total > 0 ? $0 / total : 0) })
    }

    /// Mean of the trees' leaf values for each row of a [N, featureCount] tensor, as [N, outputCount].
    func predict(_ x: Tensor, threads: Int) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == featureCount else {
            throw ForestError.invalidArgument("predict: input of shape \(x.shape) does not fit a forest trained on \(featureCount) features; give [samples, \(featureCount)]")
        }
        let rows = x.shape[0]
        var out = [Float](repeating: 0, count: rows * outputCount)
        x.withUnsafeBufferPointer { xs in
            guard let base = xs.baseAddress else { return }
            let stride = featureCount
            accumulate(rows: rows, threads: threads, into: &out) { view, i in view.leaf(row: base + i &* stride) }
        }
        return try Tensor(shape: [rows, outputCount], scalars: out)
    }

    /// The same for every sample of a feature source (features read on demand).
    func predict<S: FeatureSource>(source: S, threads: Int) throws -> Tensor {
        guard source.featureCount == featureCount else {
            throw ForestError.invalidArgument("predict: the source has \(source.featureCount) features, the forest was trained on \(featureCount)")
        }
        let rows = source.sampleCount
        var out = [Float](repeating: 0, count: rows * outputCount)
        accumulate(rows: rows, threads: threads, into: &out) { view, i in view.leaf(source: source, sample: i) }
        return try Tensor(shape: [rows, outputCount], scalars: out)
    }

    /// Splits the rows into chunks over workers; inside a chunk, trees are the outer loop so
    /// one tree's arrays stay in cache while it routes the whole chunk.
    private func accumulate(rows: Int, threads: Int, into out: inout [Float], leaf: (TreeView, Int) -> Int) {
        let k = outputCount, scale = 1 / Float(trees.count)
        let chunk = 64
        let chunks = (rows + chunk - 1) / chunk
        out.withUnsafeMutableBufferPointer { o in
            let dst = UncheckedPointer(o.baseAddress!)
            trees.withViews { views in
                let body = { (c: Int) in
                    let lo = c * chunk, hi = min(rows, lo + chunk)
                    for view in views {
                        for i in lo..<hi {
                            let node = leaf(view, i)
                            let src = view.values + Int(view.valueOffset[node])
                            let row = dst.base + i &* k
                            for j in 0..<k { row[j] += src[j] }
                        }
                    }
                    for i in (lo * k)..<(hi * k) { dst.base[i] *= scale }
                }
                withoutActuallyEscaping(body) { body in
                    let box = UncheckedSendable(body)
                    if threads <= 1 || chunks <= 1 {
                        for c in 0..<chunks { box.value(c) }
                    } else {
                        DispatchQueue.concurrentPerform(iterations: chunks) { box.value($0) }
                    }
                }
            }
        }
    }

    /// Out-of-bag predictions: each sample averaged over the trees whose bootstrap missed
    /// it (bootstraps redrawn from the trees' generators). `nil` rows were in every bag.
    func outOfBag<S: FeatureSource>(source: S, config: ForestConfig) -> [[Float]?] {
        let n = source.sampleCount, k = outputCount
        var sums = [Float](repeating: 0, count: n * k)
        var votes = [Int](repeating: 0, count: n)
        trees.withViews { views in
            for (t, view) in views.enumerated() {
                var rng = Self.generator(seed: config.seed, tree: t)
                guard let counts = Self.bootstrapCounts(config, sampleCount: n, rng: &rng) else { continue }
                for i in 0..<n where counts[i] == 0 {
                    let node = view.leaf(source: source, sample: i)
                    let src = view.values + Int(view.valueOffset[node])
                    for j in 0..<k { sums[i * k + j] += src[j] }
                    votes[i] += 1
                }
            }
        }
        return (0..<n).map { i in
            votes[i] == 0 ? nil : (0..<k).map { sums[i * k + $0] / Float(votes[i]) }
        }
    }

    /// Adds tree `t`'s leaf values for one dense sample into `into`.
    func accumulate(tree t: Int, sample: UnsafePointer<Float>, into: UnsafeMutablePointer<Float>) {
        let tree = trees[t]
        let node = tree.leaf { sample[$0] }
        let start = Int(tree.valueOffset[node])
        for j in 0..<outputCount { into[j] += tree.values[start + j] }
    }
}

/// A pointer handed to concurrent workers that each write disjoint elements.
struct UncheckedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A progress reporter that several tree-growing workers may advance.
final class LockedProgress: @unchecked Sendable {
    private let reporter: ProgressReporter
    private let lock = NSLock()
    init(_ reporter: ProgressReporter) { self.reporter = reporter }
    func advance() { lock.lock(); reporter.advance(); lock.unlock() }
    func finish() { lock.lock(); reporter.finish(); lock.unlock() }
}
