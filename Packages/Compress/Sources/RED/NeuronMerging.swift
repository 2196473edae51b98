import CompressCore
import NN
import Tensor

/// Step 2 of RED: neurons of a layer that compute the same function are merged.
/// - Identical neurons (bit-equal incoming rows and biases, `-0.0` read as `0.0`, in every
///   producer of a residual-tied group) keep the first member; every consumer column of the
///   others is added to the kept one's (`ModelGraph.mergingChannels`). Exact.
/// - A neuron with all-zero incoming weights outputs the constant act(b): it is removed and
///   act(b)·(its consumer columns) is added to the consumer biases, where that is exact
///   (dense consumers, unpadded convs, no residual tie). Exact.
/// - With a tolerance ε > 0, neurons within ε · median row norm of each other (single
///   linkage) merge too; the kept row is the member with the largest outgoing norm. Not exact.
public enum NeuronMerging {
    public struct LayerOutcome: Sendable, Equatable {
        public var identicalMerged = 0
        public var constantFolded = 0
        public var distanceMerged = 0
        /// The distance-merge tolerance used for this layer (0: exact merge only).
        public var tolerance = 0.0
        /// Why the layer was left alone, if it was.
        public var skipped: String?
    }

    /// Merges every channel group of `graph` (batch norm already folded).
    ///
    /// With `removeShare`, each layer gets its own tolerance, the smallest that removes
    /// round(share · width) of its neurons by the distance merge (on the rows as they are once
    /// the earlier layers are merged); `tolerance` is then ignored.
    public static func run(_ graph: ModelGraph, tolerance: Double, removeShare: Double? = nil) throws -> (graph: ModelGraph, layers: [String: LayerOutcome]) {
        var graph = graph
        var outcomes: [String: LayerOutcome] = [:]
        let keys = try graph.channelGroups().map(\.producers)
        for producers in keys {
            var outcome = LayerOutcome()
            guard producers.allSatisfy({ p in
                switch graph.node(named: p)?.op {
                case .dense?, .conv2d(_, _, 1)?: return true
                default: return false
                }
            }) else { continue }
            // Constants first: single-producer groups with a plain consumer path only.
            if producers.count == 1, let group = try group(graph, producers) {
                let (g, n) = try foldConstants(graph, group: group)
                graph = g
                outcome.constantFolded = n
            }
            if let group = try group(graph, producers) {
                let classes = identicalClasses(graph, group: group)
                do {
                    graph = try mergeClasses(graph, group: group, classes: classes)
                    outcome.identicalMerged = classes.reduce(0) { $0 + $1.count - 1 }
                } catch let error as GraphError {
                    outcome.skipped = "\(error)"
                }
            }
            if tolerance > 0 || removeShare != nil, outcome.skipped == nil, let group = try group(graph, producers) {
                var eps = tolerance
                if let share = removeShare {
                    let already = outcome.identicalMerged + outcome.constantFolded
                    let goal = Int((share * Double(group.width + already)).rounded()) - already
                    eps = goal > 0 ? layerTolerance(graph, group: group, removing: goal) : 0
                }
                outcome.tolerance = eps
                let clusters = eps > 0 ? try distanceClusters(graph, group: group, tolerance: eps) : []
                if !clusters.isEmpty {
                    do {
                        var g = graph
                        for cluster in clusters { try adoptRepresentative(&g, group: group, cluster: cluster) }
                        graph = try mergeClasses(g, group: group, classes: clusters)
                        outcome.distanceMerged = clusters.reduce(0) { $0 + $1.count - 1 }
                    } catch let error as GraphError {
                        outcome.skipped = "\(error)"
                    }
                }
            }
            for p in producers { outcomes[p] = outcome }
        }
        return (graph, outcomes)
    }

    static func group(_ graph: ModelGraph, _ producers: [String]) throws -> ChannelGroup? {
        try graph.channelGroups().first { $0.producers == producers }
    }

    /// A slot's incoming rows and biases over all its tied producers, in slot order of refs.
    static func row(_ graph: ModelGraph, slot: [ChannelRef]) -> [Float] {
        var out: [Float] = []
        for ref in slot {
            let w = graph.tensors["\(ref.node).weight"]!
            let length = w.count / w.shape[0]
            w.withUnsafeBufferPointer { p in out.append(contentsOf: p[(ref.channel * length)..<((ref.channel + 1) * length)]) }
            out.append(graph.tensors["\(ref.node).bias"]?.withUnsafeBufferPointer { $0[ref.channel] } ?? 0)
        }
        return out
    }

    /// Groups of slots whose rows are bit-identical (with -0.0 read as 0.0), each ascending, in order of first member.
    static func identicalClasses(_ graph: ModelGraph, group: ChannelGroup) -> [[Int]] {
        var bySignature: [[UInt32]: Int] = [:]
        var classes: [[Int]] = []
        for (s, slot) in group.slots.enumerated() {
            let signature = row(graph, slot: slot).map { $0 == 0 ? 0 : $0.bitPattern }
            if let c = bySignature[signature] { classes[c].append(s) } else {
                bySignature[signature] = classes.count
                classes.append([s])
            }
        }
        return classes.filter { $0.count > 1 }
    }

    /// Merges every member of each class into its first member. Sources go in descending
    /// order so the slots still to be merged keep their positions.
    static func mergeClasses(_ graph: ModelGraph, group: ChannelGroup, classes: [[Int]]) throws -> ModelGraph {
        var pairs: [(source: Int, target: Int)] = []
        for c in classes { for s in c.dropFirst() { pairs.append((s, c[0])) } }
        pairs.sort { $0.source > $1.source }
        var g = graph
        for (source, target) in pairs { g = try g.mergingChannels(group, source: source, into: target) }
        return g
    }

    /// Removes the all-zero neurons whose constant output folds exactly into consumer biases.
    static func foldConstants(_ graph: ModelGraph, group: ChannelGroup) throws -> (ModelGraph, Int) {
        let producer = group.producers[0]
        guard let trace = try ChannelConsumers.trace(graph, producer: producer), trace.constantFoldable(graph) else { return (graph, 0) }
        let w = graph.tensors["\(producer).weight"]!
        let length = w.count / w.shape[0]
        let bias = graph.tensors["\(producer).bias"]?.scalars
        var constant: [Int] = []
        w.withUnsafeBufferPointer { p in
            for (s, slot) in group.slots.enumerated() {
                let c = slot[0].channel
                if !p[(c * length)..<((c + 1) * length)].contains(where: { $0 != 0 }) { constant.append(s) }
            }
        }
        if constant.count >= group.width { constant.removeFirst() }     // a layer keeps at least one channel
        guard !constant.isEmpty else { return (graph, 0) }
        var tensors = graph.tensors
        for s in constant {
            let c = group.slots[s][0].channel
            try trace.foldConstant(&tensors, channel: c, value: bias?[c] ?? 0)
        }
        var g = graph
        g.tensors = tensors
        return (try g.removingChannels(group, slots: constant), constant.count)
    }

    /// Pairwise squared distances between the slots' rows, and the median row norm.
    static func distances(_ graph: ModelGraph, group: ChannelGroup) -> (d: [Double], n: Int, median: Double) {
        let rows = group.slots.map { row(graph, slot: $0).map(Double.init) }
        let n = rows.count
        var d = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                var s = 0.0
                rows[i].withUnsafeBufferPointer { a in
                    rows[j].withUnsafeBufferPointer { b in for t in 0..<a.count { let e = a[t] - b[t]; s += e * e } }
                }
                d[i * n + j] = s
                d[j * n + i] = s
            }
        }
        let median = Quantiles.median(rows.map { ($0.reduce(0) { $0 + $1 * $1 }).squareRoot() })
        return (d, n, median)
    }

    /// Single-linkage clusters (size ≥ 2, each ascending) at distance ≤ tolerance · median norm.
    static func clusters(d: [Double], n: Int, threshold: Double) -> [[Int]] {
        var parent = Array(0..<n)
        func root(_ x: Int) -> Int { var r = x; while parent[r] != r { r = parent[r] }; return r }
        let limit = threshold * threshold
        for i in 0..<n {
            for j in (i + 1)..<n where d[i * n + j] <= limit {
                let (a, b) = (root(i), root(j))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var members: [Int: [Int]] = [:]
        for i in 0..<n { members[root(i), default: []].append(i) }
        return members.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }
    }

    static func distanceClusters(_ graph: ModelGraph, group: ChannelGroup, tolerance: Double) throws -> [[Int]] {
        let (d, n, median) = distances(graph, group: group)
        var found = clusters(d: d, n: n, threshold: tolerance * median)
        // Keep at least one channel in the group.
        if found.count == 1, found[0].count == n { found[0].removeLast() }
        return found
    }

    /// Writes the incoming row of the cluster member with the largest outgoing norm into the
    /// cluster's first member (the one that is kept), in every producer of the group.
    static func adoptRepresentative(_ graph: inout ModelGraph, group: ChannelGroup, cluster: [Int]) throws {
        var best = cluster[0]
        if group.producers.count == 1, let trace = try ChannelConsumers.trace(graph, producer: group.producers[0]) {
            var bestNorm = -1.0
            for s in cluster {
                let norm = trace.outgoing(graph, channel: group.slots[s][0].channel).reduce(0.0) { $0 + Double($1) * Double($1) }
                if norm > bestNorm { (best, bestNorm) = (s, norm) }
            }
        }
        guard best != cluster[0] else { return }
        for (from, to) in zip(group.slots[best], group.slots[cluster[0]]) {
            for name in ["weight", "bias"] {
                guard var t = graph.tensors["\(from.node).\(name)"] else { continue }
                let length = t.count / t.shape[0]
                t.withUnsafeMutableBufferPointer { p in
                    for k in 0..<length { p[to.channel * length + k] = p[from.channel * length + k] }
                }
                graph.tensors["\(from.node).\(name)"] = t
            }
        }
    }

    /// The smallest tolerance whose single-linkage clusters remove at least `count` of the
    /// group's neurons (bisection on the merge count, which grows with the tolerance).
    static func layerTolerance(_ graph: ModelGraph, group: ChannelGroup, removing count: Int) -> Double {
        let (d, n, median) = distances(graph, group: group)
        guard median > 0 else { return 0 }
        let goal = min(count, n - 1)
        func removed(_ eps: Double) -> Int { clusters(d: d, n: n, threshold: eps * median).reduce(0) { $0 + $1.count - 1 } }
        var hi = 1.0
        while removed(hi) < goal && hi < 1e3 { hi *= 2 }
        var lo = 0.0
        for _ in 0..<50 {
            let mid = (lo + hi) / 2
            if removed(mid) >= goal { hi = mid } else { lo = mid }
        }
        return hi
    }
}
