import Tensor

/// A fitted tree and the impurity each feature removed (for importances).
struct GrownTree: Sendable {
    var nodes: TreeNodes
    /// Σ over the tree's splits on feature f of `W·I − W_L·I_L − W_R·I_R` (weighted counts).
    var importances: [Double]
}

/// Grows CART trees. One builder per worker: its scratch buffers are sized once and
/// reused for every node, candidate feature and tree, so the split search never allocates.
///
/// The split search (`CARTBuilder+Split.swift`) is where training time goes: gather one
/// feature for the node's samples, sort (value, sample) keys, sweep once with running
/// statistics that give each position's impurity in O(1).
final class CARTBuilder {
    let config: TreeConfig
    let targets: TreeTargets
    let featureCount: Int
    let maxFeatures: Int
    /// Classes or outputs: the length of every statistics vector.
    let width: Int

    // Scratch, all sized for the full training set.
    var samples: UnsafeMutablePointer<Int32>
    var gathered: UnsafeMutablePointer<Float>
    var keys: UnsafeMutablePointer<UInt64>
    var features: UnsafeMutablePointer<Int32>
    // Statistics vectors: node totals, running left part, running right part, candidate.
    var total: UnsafeMutablePointer<Double>
    var leftStats: UnsafeMutablePointer<Double>
    var rightStats: UnsafeMutablePointer<Double>
    let capacity: Int

    init(config: TreeConfig, targets: TreeTargets, featureCount: Int) {
        self.config = config
        self.targets = targets
        self.featureCount = featureCount
        maxFeatures = config.maxFeatures.resolve(featureCount: featureCount)
        width = targets.outputCount
        capacity = max(targets.sampleCount, 1)
        samples = .allocate(capacity: capacity)
        gathered = .allocate(capacity: capacity)
        keys = .allocate(capacity: capacity)
        features = .allocate(capacity: max(featureCount, 1))
        total = .allocate(capacity: width)
        leftStats = .allocate(capacity: width)
        rightStats = .allocate(capacity: width)
    }

    deinit {
        samples.deallocate(); gathered.deallocate(); keys.deallocate(); features.deallocate()
        total.deallocate(); leftStats.deallocate(); rightStats.deallocate()
    }

    /// A node waiting to be grown: its samples are `samples[start..<end]`.
    private struct Pending {
        var start: Int, end: Int, depth: Int, parent: Int, isLeft: Bool
    }

    /// Grows one tree on the samples with weight > 0. `weights` has one entry per sample of
    /// the source (0 = not in this tree's training set).
    func grow<S: FeatureSource>(source: S, weights: [Double], rng: inout RandomGenerator) -> GrownTree {
        precondition(weights.count == targets.sampleCount && source.sampleCount == targets.sampleCount)
        var count = 0
        for i in 0..<weights.count where weights[i] > 0 {
            samples[count] = Int32(i)
            count += 1
        }
        for f in 0..<featureCount { features[f] = Int32(f) }
        var tree = TreeNodes(outputCount: width)
        var importances = [Double](repeating: 0, count: featureCount)
        guard count > 0 else {
            // Nothing to learn from (all weights zero): one uniform / zero leaf.
            _ = tree.appendNode()
            tree.valueOffset[0] = 0
            tree.values = [Float](repeating: targets.isClassification ? 1 / Float(width) : 0, count: width)
            return GrownTree(nodes: tree, importances: importances)
        }

        weights.withUnsafeBufferPointer { w in
            let context = SplitContext(weights: w.baseAddress!, labels: targets.labels, values: targets.values)
            context.withPointers { labels, values in
                var stack = [Pending(start: 0, end: count, depth: 0, parent: -1, isLeft: false)]
                while let node = stack.popLast() {
                    let index = tree.appendNode()
                    if node.parent >= 0 {
                        if node.isLeft { tree.left[node.parent] = Int32(index) } else { tree.right[node.parent] = Int32(index) }
                    }
                    let n = node.end - node.start
                    let (weight, impurity) = nodeStatistics(node.start, node.end, w.baseAddress!, labels, values)
                    var leaf = n < config.minSamplesSplit || n < 2 * config.minSamplesLeaf || isPure(impurity, weight)
                    if let d = config.maxDepth, node.depth >= d { leaf = true }
                    var split: Split? = nil
                    if !leaf {
                        split = findSplit(source: source, start: node.start, end: node.end, weight: weight,
                                          weights: w.baseAddress!, labels: labels, values: values, rng: &rng)
                    }
                    if let s = split,
                       let outcome = applySplit(s, source: source, start: node.start, end: node.end, weight: weight, impurity: impurity,
                                                weights: w.baseAddress!, labels: labels, values: values) {
                        tree.feature[index] = Int32(s.feature)
                        tree.threshold[index] = s.threshold
                        importances[s.feature] += outcome.decrease
                        // Right pushed first so the left child comes right after its parent.
                        stack.append(Pending(start: outcome.middle, end: node.end, depth: node.depth + 1, parent: index, isLeft: false))
                        stack.append(Pending(start: node.start, end: outcome.middle, depth: node.depth + 1, parent: index, isLeft: true))
                    } else {
                        // `total` still holds this node's statistics: the split search only reads it.
                        tree.valueOffset[index] = Int32(tree.values.count)
                        for k in 0..<width { tree.values.append(Float(total[k] / weight)) }
                    }
                }
            }
        }
        return GrownTree(nodes: tree, importances: importances)
    }

    /// Fills `total` with the node's statistics (class weights, or weighted target sums) and
    /// returns the node's weight and impurity.
    func nodeStatistics(_ start: Int, _ end: Int, _ w: UnsafePointer<Double>,
                        _ labels: UnsafePointer<Int32>?, _ values: UnsafePointer<Float>?) -> (weight: Double, impurity: Double) {
        for k in 0..<width { total[k] = 0 }
        var weight = 0.0, squares = 0.0
        if let labels {
            for i in start..<end {
                let s = Int(samples[i])
                total[Int(labels[s])] += w[s]
                weight += w[s]
            }
            return (weight, classImpurity(total, weight))
        }
        let y = values!
        for i in start..<end {
            let s = Int(samples[i]), ws = w[s]
            let row = y + s &* width
            for k in 0..<width {
                let v = Double(row[k])
                total[k] += ws * v
                squares += ws * v * v
            }
            weight += ws
        }
        var meanSquare = 0.0
        for k in 0..<width { meanSquare += (total[k] / weight) * (total[k] / weight) }
        return (weight, max(0, squares / weight - meanSquare))
    }

    /// Gini or entropy of weighted class counts.
    func classImpurity(_ counts: UnsafePointer<Double>, _ weight: Double) -> Double {
        guard weight > 0 else { return 0 }
        var acc = 0.0
        if config.criterion == .gini {
            for c in 0..<width { let p = counts[c] / weight; acc += p * p }
            return 1 - acc
        }
        for c in 0..<width where counts[c] > 0 { let p = counts[c] / weight; acc -= p * log(p) }
        return acc
    }

    private func isPure(_ impurity: Double, _ weight: Double) -> Bool {
        if targets.isClassification { return impurity <= 1e-12 }
        // MSE from sums carries rounding of the targets' magnitude.
        var scale = 0.0
        for k in 0..<width { scale += (total[k] / weight) * (total[k] / weight) }
        return impurity <= 1e-12 * max(scale, 1)
    }
}

/// Raw pointers to the targets for the duration of one tree.
struct SplitContext {
    let weights: UnsafePointer<Double>
    let labels: [Int32]
    let values: [Float]

    func withPointers<R>(_ body: (UnsafePointer<Int32>?, UnsafePointer<Float>?) -> R) -> R {
        labels.withUnsafeBufferPointer { l in
            values.withUnsafeBufferPointer { v in
                body(l.isEmpty ? nil : l.baseAddress, v.isEmpty ? nil : v.baseAddress)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
