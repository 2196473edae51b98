import Foundation
import NN
import Registry
import Tensor

/// The Srinivas & Babu (2015) data-free neuron merging baseline ("Data-free parameter pruning
/// for deep neural networks", BMVC 2015). In each layer, repeatedly find the pair (i kept,
/// j removed) with the smallest saliency ⟨a_j²⟩ · ‖r_i − r_j‖² (r: incoming weights and
/// bias, a: outgoing weights), delete j and add its outgoing weights, scaled by the norm
/// ratio ‖r_j‖ / ‖r_i‖, into i's: a_i ← a_i + (‖r_j‖/‖r_i‖)·a_j. Exact when r_j = α·r_i with
/// α > 0 and a positively homogeneous activation (ReLU); no data is read.
///
/// Layers handled: dense and ungrouped conv2d producers whose channels reach dense / conv2d
/// consumers through activations, pooling and flatten (`ChannelConsumers`); channels tied by
/// residual adds or read by batch norm / depthwise convs are left alone.
///
/// ```swift
/// let merger = SrinivasBabuMerger()
/// let result = try merger.prune(model, target: PruningTarget(.parameterRatio(0.7)), data: nil)
/// ```
public struct SrinivasBabuMerger: Pruner, Sendable {
    public init() {}

    public var descriptor: MethodDescriptor { SrinivasBabuPlugin.descriptor }

    public func prune(_ model: ModelGraph, target: PruningTarget, data: RecordingDataSource?) throws -> CompressionResult {
        let start = Date()
        let before = try CostModel.count(model)
        let layers = try Self.prunableLayers(model)
        guard !layers.isEmpty else {
            throw GraphError.invalidSurgery("baseline-srinivas-babu found no prunable dense or conv layer (channels of residual adds, batch norms and depthwise convs are not handled); fold batch norm first")
        }
        let counts = try UniformNeuronBudget.counts(model, layers: layers, target: target)
        var graph = model
        var perLayer: [CompressionReport.LayerReport] = []
        for layer in layers {
            let k = counts[layer.producer] ?? 0
            let shapeBefore = graph.tensors["\(layer.producer).weight"]!.shape
            if k > 0 { graph = try Self.merge(graph, producer: layer.producer, removing: k) }
            perLayer.append(.init(name: layer.producer, shapeBefore: shapeBefore,
                                  shapeAfter: graph.tensors["\(layer.producer).weight"]!.shape,
                                  details: ["neurons merged": Double(k)]))
        }
        let after = try CostModel.count(graph)
        let report = CompressionReport(
            methodID: descriptor.id, methodVersion: descriptor.version.description,
            hyperparameters: ["target": "\(target.kind)"], dataAccess: data?.access ?? .none,
            parameters: .init(before: before.parameters, after: after.parameters),
            multiplications: .init(before: before.multiplications, after: after.multiplications),
            additions: .init(before: before.additions, after: after.additions),
            modelBytes: .init(before: CostModel.bytes(model), after: CostModel.bytes(graph)),
            perLayer: perLayer, wallTimeSeconds: Date().timeIntervalSince(start))
        return CompressionResult(model: graph, report: report)
    }

    /// Producers of single-producer channel groups whose channels reach plain consumers.
    static func prunableLayers(_ graph: ModelGraph) throws -> [(producer: String, width: Int)] {
        var out: [(String, Int)] = []
        for group in try graph.channelGroups() where group.producers.count == 1 {
            let p = group.producers[0]
            guard let node = graph.node(named: p) else { continue }
            switch node.op {
            case .dense, .conv2d(_, _, 1): break
            default: continue
            }
            guard try ChannelConsumers.trace(graph, producer: p) != nil, group.width > 1 else { continue }
            out.append((p, group.width))
        }
        return out
    }

    /// Removes `k` neurons of `producer` by Srinivas–Babu merging.
    static func merge(_ graph: ModelGraph, producer: String, removing k: Int) throws -> ModelGraph {
        guard let group = try graph.channelGroups().first(where: { $0.producers == [producer] }),
              let trace = try ChannelConsumers.trace(graph, producer: producer) else {
            throw GraphError.invalidSurgery("'\(producer)' is not a mergeable layer")
        }
        let channels = group.slots.map { $0[0].channel }
        let n = channels.count
        precondition(k < n, "removing \(k) of \(n) neurons")
        let w = graph.tensors["\(producer).weight"]!
        let rowLength = w.count / w.shape[0]
        let bias = graph.tensors["\(producer).bias"]?.scalars
        let weights = w.scalars
        let rows: [[Double]] = channels.map { c in
            var r = weights[(c * rowLength)..<((c + 1) * rowLength)].map(Double.init)
            if let bias { r.append(Double(bias[c])) }
            return r
        }
        let norms = rows.map { ($0.reduce(0) { $0 + $1 * $1 }).squareRoot() }
        var outgoing = channels.map { trace.outgoing(graph, channel: $0).map(Double.init) }
        var meanSquare = outgoing.map { a in a.reduce(0) { $0 + $1 * $1 } / Double(max(a.count, 1)) }
        var distance = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                var d = 0.0
                for t in 0..<rows[i].count { let e = rows[i][t] - rows[j][t]; d += e * e }
                distance[i * n + j] = d
                distance[j * n + i] = d
            }
        }
        var alive = [Bool](repeating: true, count: n)
        distance.withUnsafeBufferPointer { dist in
            for _ in 0..<k {
                var best = (keep: -1, drop: -1, saliency: Double.infinity)
                for j in 0..<n where alive[j] {
                    let weight = meanSquare[j]
                    for i in 0..<n where i != j && alive[i] {
                        let s = weight * dist[i * n + j]
                        if s < best.saliency { best = (i, j, s) }
                    }
                }
                let (i, j) = (best.keep, best.drop)
                let ratio = norms[i] > 0 ? norms[j] / norms[i] : 1
                for t in 0..<outgoing[i].count { outgoing[i][t] += ratio * outgoing[j][t] }
                meanSquare[i] = outgoing[i].reduce(0) { $0 + $1 * $1 } / Double(max(outgoing[i].count, 1))
                alive[j] = false
            }
        }
        var tensors = graph.tensors
        for s in 0..<n where alive[s] { trace.setOutgoing(&tensors, channel: channels[s], outgoing[s].map { Float($0) }) }
        var updated = graph
        updated.tensors = tensors
        return try updated.removingChannels(group, slots: (0..<n).filter { !alive[$0] })
    }
}

/// How many neurons to remove per layer so that every prunable layer loses the same fraction
/// and the model meets a parameter or multiplication budget (the baselines' shared rule).
public enum UniformNeuronBudget {
    /// Neurons to remove per producer. `.neuronRatio(r)` keeps round(r·width) per layer;
    /// `.parameterRatio` / `.macRatio` search the smallest common fraction that meets the budget.
    public static func counts(_ graph: ModelGraph, layers: [(producer: String, width: Int)],
                              target: PruningTarget) throws -> [String: Int] {
        func counts(fraction f: Double) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: layers.map { ($0.producer, min($0.width - 1, Int((f * Double($0.width)).rounded()))) })
        }
        switch target.kind {
        case .neuronRatio(let r):
            guard r > 0, r <= 1 else { throw GraphError.invalidSurgery("neuron ratio \(r) must be in (0, 1]") }
            return counts(fraction: 1 - r)
        case .parameterRatio(let r), .macRatio(let r):
            guard r > 0, r <= 1 else { throw GraphError.invalidSurgery("budget ratio \(r) must be in (0, 1]") }
            let useParameters: Bool
            if case .parameterRatio = target.kind { useParameters = true } else { useParameters = false }
            let base = try CostModel.count(graph)
            let budget = Double(useParameters ? base.parameters : base.multiplications) * r
            func cost(_ f: Double) throws -> Double {
                var g = graph
                for (p, k) in counts(fraction: f) where k > 0 {
                    guard let group = try g.channelGroups().first(where: { $0.producers == [p] }) else { continue }
                    g = try g.removingChannels(group, slots: Array((group.width - k)..<group.width))
                }
                let c = try CostModel.count(g)
                return Double(useParameters ? c.parameters : c.multiplications)
            }
            if try cost(0) <= budget { return counts(fraction: 0) }
            var (lo, hi) = (0.0, 1.0)
            for _ in 0..<30 {
                let mid = (lo + hi) / 2
                if try cost(mid) <= budget { hi = mid } else { lo = mid }
                if hi - lo < 1e-4 { break }
            }
            return counts(fraction: hi)
        case .methodDefault:
            throw GraphError.invalidSurgery("this baseline needs a budget: give a neuron, parameter or multiplication ratio")
        }
    }
}

/// `baseline-srinivas-babu`: the data-free neuron merging baseline of `red` and `red-plus-plus`.
public enum SrinivasBabuPlugin: MethodPlugin {
    public static let descriptor = MethodDescriptor(
        id: "baseline-srinivas-babu", title: "Data-free neuron merging (Srinivas & Babu)",
        version: try! SemanticVersion("1.0.0"), task: .pruning, package: "Compress",
        citation: Citation(authors: ["S. Srinivas", "R. V. Babu"], title: "Data-free parameter pruning for deep neural networks",
                           venue: "BMVC", year: 2015, arxiv: "1507.06149"),
        summary: "Merges the most similar pair of neurons (saliency ⟨a_j²⟩·‖r_i − r_j‖²), adding the removed neuron's outgoing weights, scaled by the norm ratio, into the kept one's; no data, no fine-tuning.")

    public static func make(_ configuration: MethodConfiguration) throws -> SrinivasBabuMerger { SrinivasBabuMerger() }
}
