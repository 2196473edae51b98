import Foundation
import NN
import Registry
import Tensor

/// The data-free structured pruning baseline (`baseline-magnitude`): every channel group of
/// the graph loses the same fraction of its slots, those with the smallest L2 (or L1) norm of
/// incoming weights, and the channels are cut out with `ModelGraph.removingChannels`, so the
/// pruned model is physically smaller. No fine-tuning, no data.
///
/// - The norm of a slot covers every producer channel tied into it (both branches of a
///   residual add) (from Li et al. 2017, extended to tied groups: implementation choice).
/// - Incoming weights are read with batch norm folded into its producer, so a channel that
///   batch norm scales down ranks low (implementation choice: raw conv weights before a batch
///   norm say little about what the channel contributes).
/// - `.parameterRatio` / `.macRatio` search the uniform fraction: the smallest one whose
///   pruned graph keeps at most the asked share; `.neuronRatio` uses it directly
///   (each group removes round(fraction · width) slots, at most width − 1).
public struct MagnitudePruner: Pruner, Sendable {
    public enum Norm: String, Sendable, CaseIterable {
        case l1, l2
    }

    public var norm: Norm
    /// The kept share of parameters when the target is `.methodDefault`.
    public var defaultRatio: Double

    public init(norm: Norm = .l2, defaultRatio: Double = 0.5) {
        self.norm = norm
        self.defaultRatio = defaultRatio
    }

    public var descriptor: MethodDescriptor { MagnitudePruningPlugin.descriptor }

    public func prune(_ model: ModelGraph, target: PruningTarget, data: RecordingDataSource?) throws -> CompressionResult {
        let clock = ContinuousClock(), start = clock.now
        let groups = try model.channelGroups()
        guard !groups.isEmpty else {
            throw GraphError.invalidSurgery("the model has no prunable channel group (only input, output or grouped-conv channels)")
        }
        let norms = try slotNorms(model, groups: groups)
        let orders = norms.map { n in n.indices.sorted { (n[$0], $0) < (n[$1], $1) } }
        func plan(_ fraction: Double) -> [(group: ChannelGroup, slots: [Int])] {
            zip(groups, orders).compactMap { group, order in
                let k = min(group.width - 1, Int((fraction * Double(group.width)).rounded()))
                return k > 0 ? (group, Array(order.prefix(k)).sorted()) : nil
            }
        }
        let before = try CostModel.count(model)
        var fraction: Double
        var pruned: ModelGraph
        switch target.kind {
        case .neuronRatio(let keep):
            guard keep > 0, keep <= 1 else { throw Self.badRatio(keep) }
            fraction = 1 - keep
            pruned = try model.removingChannels(plan(fraction))
        case .parameterRatio(let keep):
            (fraction, pruned) = try search(model, keep: keep, plan: plan, groups: groups, measure: { $0.parameters }, before: before.parameters, what: "parameters")
        case .macRatio(let keep):
            (fraction, pruned) = try search(model, keep: keep, plan: plan, groups: groups, measure: { $0.multiplications }, before: before.multiplications, what: "multiplications")
        case .methodDefault:
            (fraction, pruned) = try search(model, keep: defaultRatio, plan: plan, groups: groups, measure: { $0.parameters }, before: before.parameters, what: "parameters")
        }
        let after = try CostModel.count(pruned)
        let removed = Dictionary(plan(fraction).map { ($0.group.id, $0.slots.count) }, uniquingKeysWith: +)
        var layers: [CompressionReport.LayerReport] = []
        for group in groups {
            for producer in group.producers {
                let w = model.tensor(producer, "weight")?.shape ?? [], w2 = pruned.tensor(producer, "weight")?.shape ?? []
                layers.append(.init(name: producer, shapeBefore: w, shapeAfter: w2,
                                    details: ["group": Double(group.id), "width": Double(group.width), "removed": Double(removed[group.id] ?? 0)]))
            }
        }
        let d = clock.now - start
        let report = CompressionReport(
            methodID: descriptor.id, methodVersion: descriptor.version.description,
            hyperparameters: ["norm": norm.rawValue, "target": Self.describe(target.kind), "fraction": String(format: "%.4f", fraction)],
            dataAccess: data?.access ?? .none,      // never reads it: recorded, not assumed
            parameters: .init(before: before.parameters, after: after.parameters),
            multiplications: .init(before: before.multiplications, after: after.multiplications),
            additions: .init(before: before.additions, after: after.additions),
            modelBytes: .init(before: CostModel.bytes(model), after: CostModel.bytes(pruned)),
            perLayer: layers,
            wallTimeSeconds: Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        return CompressionResult(model: pruned, report: report)
    }

    /// For each group, each slot's norm of incoming weights (batch norm folded).
    public func slotNorms(_ model: ModelGraph, groups: [ChannelGroup]) throws -> [[Double]] {
        let folded = (try? model.foldingBatchNorm()) ?? model
        var rowCache: [String: [Double]] = [:]
        func rows(_ node: String) -> [Double] {
            if let r = rowCache[node] { return r }
            var r: [Double] = []
            if let n = folded.node(named: node), let w = folded.tensor(node, "weight") {
                let l1 = norm == .l1
                if case .unevenDepthwiseConv2d = n.op, let index = folded.tensor(node, "index") {
                    // An output's incoming weights are the filters of the planes it sums.
                    let per = w.count / w.shape[0]
                    let planeNorm: [Double] = w.withUnsafeBufferPointer { p in
                        (0..<w.shape[0]).map { Self.accumulate(UnsafeBufferPointer(rebasing: p[$0 * per ..< ($0 + 1) * per]), l1: l1) }
                    }
                    let (o, c) = (index.shape[0], index.shape[1]), idx = index.scalars
                    r = (0..<o).map { row in (0..<c).reduce(0.0) { s, k in idx[row * c + k] > 0 ? s + planeNorm[Int(idx[row * c + k]) - 1] : s } }
                } else {
                    let per = w.count / w.shape[0]
                    r = w.withUnsafeBufferPointer { p in
                        (0..<w.shape[0]).map { Self.accumulate(UnsafeBufferPointer(rebasing: p[$0 * per ..< ($0 + 1) * per]), l1: l1) }
                    }
                }
            }
            rowCache[node] = r
            return r
        }
        return groups.map { group in
            group.slots.map { refs in
                let total = refs.reduce(0.0) { s, ref in s + (rows(ref.node).indices.contains(ref.channel) ? rows(ref.node)[ref.channel] : 0) }
                return norm == .l2 ? total.squareRoot() : total
            }
        }
    }

    public func slotNorms(_ model: ModelGraph) throws -> [[Double]] { try slotNorms(model, groups: try model.channelGroups()) }

    /// Σ|w| (L1) or Σw² (L2, rooted once the tied rows are summed).
    private static func accumulate(_ p: UnsafeBufferPointer<Float>, l1: Bool) -> Double {
        var s: Double = 0
        if l1 { for v in p { s += Double(abs(v)) } } else { for v in p { s += Double(v) * Double(v) } }
        return s
    }

    /// The smallest uniform fraction whose pruned graph keeps at most `keep` of the measure.
    private func search(_ model: ModelGraph, keep: Double, plan: (Double) -> [(group: ChannelGroup, slots: [Int])],
                        groups: [ChannelGroup], measure: (CostModel.Summary) -> Int, before: Int,
                        what: String) throws -> (Double, ModelGraph) {
        guard keep > 0, keep <= 1 else { throw Self.badRatio(keep) }
        let goal = keep * Double(before)
        if Double(before) <= goal { return (0, model) }
        // The plan only changes where round(f · width) steps: search those points.
        var candidates = Set<Double>()
        for g in groups where g.width > 1 { for j in 1..<g.width { candidates.insert((Double(j) - 0.5) / Double(g.width) + 1e-9) } }
        let points = candidates.sorted()
        func evaluate(_ f: Double) throws -> (Int, ModelGraph) {
            let g = try model.removingChannels(plan(f))
            return (measure(try CostModel.count(g)), g)
        }
        guard let last = points.last else { throw Self.unreachable(keep, reachable: 1, what: what) }
        let most = try evaluate(last)
        guard Double(most.0) <= goal else {
            throw Self.unreachable(keep, reachable: Double(most.0) / Double(before), what: what)
        }
        var (lo, hi) = (0, points.count - 1)     // points[hi] always reaches the goal
        var best = most.1
        while lo < hi {
            let mid = (lo + hi) / 2
            let r = try evaluate(points[mid])
            if Double(r.0) <= goal { hi = mid; best = r.1 } else { lo = mid + 1 }
        }
        return (points[hi], best)
    }

    static func badRatio(_ r: Double) -> GraphError {
        .invalidSurgery("a pruning ratio is the kept share in (0, 1], got \(r); e.g. --ratio 0.5 keeps half")
    }

    static func unreachable(_ keep: Double, reachable: Double, what: String) -> GraphError {
        .invalidSurgery(String(format: "uniform magnitude pruning cannot keep only %.3f of the %@: removing all but one channel of every group still keeps %.3f (input, output and grouped-conv channels are not prunable); ask for a ratio of at least %.3f", keep, what, reachable, reachable))
    }

    static func describe(_ kind: PruningTarget.Kind) -> String {
        switch kind {
        case .parameterRatio(let r): return "parameters \(r)"
        case .macRatio(let r): return "multiplications \(r)"
        case .neuronRatio(let r): return "neurons \(r)"
        case .methodDefault: return "default"
        }
    }
}

/// Registry entry of `baseline-magnitude`; its product is a `MagnitudePruner`.
public enum MagnitudePruningPlugin: MethodPlugin {
    public static let descriptor = MethodDescriptor(
        id: "baseline-magnitude", title: "Magnitude structured pruning (baseline)", version: try! SemanticVersion("1.0.0"),
        task: .pruning, package: "Compress",
        citation: Citation(authors: ["H. Li", "A. Kadav", "I. Durdanovic", "H. Samet", "H. P. Graf"],
                           title: "Pruning Filters for Efficient ConvNets", venue: "ICLR", year: 2017, arxiv: "1608.08710"),
        summary: "Data-free baseline: removes the same fraction of every channel group, the channels with the smallest L2 (or L1) norm of incoming weights (batch norm folded), without fine-tuning; the pruned graph is physically smaller.",
        hyperparameters: [
            .choice("norm", default: "l2", choices: MagnitudePruner.Norm.allCases.map(\.rawValue), doc: "Norm of a channel's incoming weights."),
            .float("default-ratio", default: 0.5, range: 0.01...1, doc: "Kept share of the parameters when no target is given."),
        ])

    public static func make(_ configuration: MethodConfiguration) throws -> MagnitudePruner {
        MagnitudePruner(norm: MagnitudePruner.Norm(rawValue: try configuration.string("norm"))!,
                        defaultRatio: try configuration.float("default-ratio"))
    }
}
