import CompressCore
import Foundation
import NN
import Registry
import Tensor

/// RED (Yvinec et al., NeurIPS 2021): data-free structured compression by finding the
/// redundancy of a trained network. Step 0 folds batch norm; step 1 hashes every layer's
/// weights to the modes of their density (`KDEHashing`); step 2 merges neurons that became
/// identical, and folds constant neurons into the next bias (`NeuronMerging`); step 3
/// replaces k×k convs by uneven depthwise separable ones where that saves multiplications
/// (`UnevenDepthwiseSeparation`). No data is read; the compression ratio is an outcome.
///
/// ```swift
/// let red = REDPruner()                                   // REDConfig() defaults
/// let result = try red.prune(model, target: PruningTarget(.methodDefault), data: nil)
/// print(result.report.parameters, result.report.perLayer.map(\.details))
/// try result.storage?.save(to: url)                       // hashed weights as codebooks
/// ```
///
/// `.neuronRatio(r)` (an extension) picks the distance-merge tolerance that removes about
/// 1 − r of the mergeable neurons; parameter and multiplication budgets are refused.
public struct REDPruner: Pruner, Sendable {
    public var config: REDConfig

    public init(config: REDConfig = REDConfig()) { self.config = config }

    public var descriptor: MethodDescriptor { REDPlugin.descriptor }

    public func prune(_ model: ModelGraph, target: PruningTarget, data: RecordingDataSource?) throws -> CompressionResult {
        try config.validate()
        let start = Date()
        var removeShare: Double? = nil
        switch target.kind {
        case .methodDefault: break
        case .neuronRatio(let keep):
            guard keep > 0, keep <= 1 else {
                throw REDError.unsupportedTarget("a neuron ratio is the kept share in (0, 1], got \(keep)")
            }
            removeShare = 1 - keep
        case .parameterRatio, .macRatio:
            throw REDError.unsupportedTarget("RED takes no parameter or multiplication budget: its compression is the redundancy it finds. Use the default target, or a neuron ratio (distance merge, not exact)")
        }
        let before = try CostModel.count(model)

        // Step 0: judge neurons on what they compute.
        var graph = try model.foldingBatchNorm()
        let layerNames = graph.nodes.filter { Self.isWeightLayer($0.op) }.map(\.name)
        guard !layerNames.isEmpty else {
            throw REDError.nothingToCompress("the model has no dense or convolution layer to compress")
        }
        var details: [String: [String: Double]] = [:]
        var bits: [String: Int] = [:]

        // Step 1: adaptive hashing, layer by layer.
        if config.hashing {
            for name in layerNames {
                let w = graph.tensors["\(name).weight"]!
                let hashed = try KDEHashing.hash(w.scalars, bandwidthScale: config.bandwidthScale,
                                                 minModes: config.minModes, gridSize: config.gridSize)
                graph.tensors["\(name).weight"] = try Tensor(shape: w.shape, scalars: hashed.values)
                details[name, default: [:]]["modes"] = Double(hashed.levels.count)
                details[name, default: [:]]["bandwidth"] = hashed.bandwidth
                details[name, default: [:]]["bandwidth halvings"] = Double(hashed.halvings)
                details[name, default: [:]]["relative weight error"] = hashed.relativeError
                bits[name] = max(1, Int(ceil(log2(Double(max(hashed.levels.count, 2))))))
                if config.hashBiases, let b = graph.tensors["\(name).bias"], b.count > 1 {
                    let hb = try KDEHashing.hash(b.scalars, bandwidthScale: config.bandwidthScale,
                                                 minModes: config.minModes, gridSize: config.gridSize)
                    graph.tensors["\(name).bias"] = try Tensor(shape: b.shape, scalars: hb.values)
                    details[name, default: [:]]["bias modes"] = Double(hb.levels.count)
                }
            }
        }

        // Step 2: merge what became identical (or close, with a tolerance).
        let tolerance = config.mergeTolerance
        let merged = try NeuronMerging.run(graph, tolerance: tolerance, removeShare: removeShare.flatMap { $0 > 0 ? $0 : nil })
        graph = merged.graph
        for (name, o) in merged.layers {
            details[name, default: [:]]["neurons merged"] = Double(o.identicalMerged + o.distanceMerged)
            details[name, default: [:]]["identical neurons merged"] = Double(o.identicalMerged)
            details[name, default: [:]]["constant neurons folded"] = Double(o.constantFolded)
            if o.tolerance > 0 {
                details[name, default: [:]]["distance-merged neurons"] = Double(o.distanceMerged)
                details[name, default: [:]]["merge tolerance"] = o.tolerance
            }
            if o.skipped != nil { details[name, default: [:]]["merge skipped"] = 1 }
        }

        // Step 3: uneven depthwise separation of k×k convs.
        if config.unevenDepthwise {
            let separated = try UnevenDepthwiseSeparation.apply(graph, minGain: config.udsMinGain)
            graph = separated.graph
            for (name, o) in separated.layers {
                details[name, default: [:]]["unique kernels per input channel"] = o.uniqueKernelsPerChannel
                details[name, default: [:]]["uds planes"] = Double(o.planes)
                details[name, default: [:]]["uds multiplication saving"] = o.gain
                details[name, default: [:]]["uds replaced"] = o.replaced ? 1 : 0
            }
        }

        let after = try CostModel.count(graph)
        let storage = config.hashing ? try Self.codebookStorage(graph) : nil
        let perLayer = layerNames.map { name in
            CompressionReport.LayerReport(name: name, shapeBefore: model.tensors["\(name).weight"]?.shape ?? [],
                                          shapeAfter: graph.tensors["\(name).weight"]?.shape ?? [],
                                          bits: bits[name] ?? 32, details: details[name] ?? [:])
        }
        var hyper = [
            "bandwidth-scale": "\(config.bandwidthScale)", "min-modes": "\(config.minModes)", "grid-size": "\(config.gridSize)",
            "merge-tolerance": "\(tolerance)", "uneven-depthwise": "\(config.unevenDepthwise)", "uds-min-gain": "\(config.udsMinGain)",
            "hash-biases": "\(config.hashBiases)", "hashing": "\(config.hashing)",
        ]
        if case .neuronRatio(let r) = target.kind { hyper["neuron-ratio"] = "\(r)" }
        let report = CompressionReport(
            methodID: descriptor.id, methodVersion: descriptor.version.description, hyperparameters: hyper,
            dataAccess: data?.access ?? .none,
            parameters: .init(before: before.parameters, after: after.parameters),
            multiplications: .init(before: before.multiplications, after: after.multiplications),
            additions: .init(before: before.additions, after: after.additions),
            modelBytes: .init(before: CostModel.bytes(model), after: storage.map(CostModel.bytes) ?? CostModel.bytes(graph)),
            perLayer: perLayer, wallTimeSeconds: Date().timeIntervalSince(start))
        return CompressionResult(model: graph, storage: storage, report: report)
    }

    static func isWeightLayer(_ op: GraphOp) -> Bool {
        switch op {
        case .dense, .conv2d, .depthwiseConv2d: return true
        default: return false
        }
    }

    /// The hashed weights in their compact form: each weight tensor with at most 256 distinct
    /// values becomes a codebook of its values and ⌈log2 K⌉-bit codes (at least 2 bits).
    static func codebookStorage(_ graph: ModelGraph) throws -> QuantizedModel {
        var quantized: [String: QuantizedTensor] = [:]
        for node in graph.nodes {
            switch node.op {
            case .dense, .conv2d, .depthwiseConv2d, .unevenDepthwiseConv2d: break
            default: continue
            }
            let name = "\(node.name).weight"
            guard let w = graph.tensors[name] else { continue }
            let values = w.scalars
            let levels = Array(Set(values.map { $0 == 0 ? 0 : $0 })).sorted()
            guard levels.count <= 256 else { continue }
            let b = max(2, Int(ceil(log2(Double(levels.count)))))
            let offset = 1 << (b - 1)
            let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($0.element.bitPattern, $0.offset) })
            let codes = values.map { position[($0 == 0 ? 0 : $0).bitPattern]! - offset }
            quantized[name] = try QuantizedTensor(shape: w.shape, bits: b, codes: codes, scales: [1], decoding: .codebook(levels: levels))
        }
        return QuantizedModel(graph: graph, quantized: quantized)
    }
}
