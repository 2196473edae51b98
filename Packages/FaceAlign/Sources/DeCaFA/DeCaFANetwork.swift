import FaceAlignCore
import NN
import Tensor

/// Everything one forward pass produces.
public struct DeCaFAOutput {
    /// `points[k][m]`: `[N, K_m, 2]` landmarks of task m after stage k, in crop pixels.
    public var points: [[Variable]]
    /// `maps[k]`: the final task's `[N, K, H, W]` attention maps after stage k.
    public var maps: [Variable]

    /// The output: last task, last stage.
    public var final: Variable { points[points.count - 1][points[0].count - 1] }
}

/// The DeCaFA cascade (spec §3): stem → stage 1 → transfer layers → attention maps → fusion →
/// stage 2 → … Every stage predicts every task.
///
/// Input: `[N, C, S, S]` crops, each standardised to zero mean and unit variance
/// (`DeCaFANetwork.standardize`). Output: landmarks in crop pixels.
///
/// ```swift
/// let net = try DeCaFANetwork(DeCaFAConfig(), seed: 1)
/// let out = try net(Variable(crops))          // out.final: [N, 68, 2]
/// ```
public final class DeCaFANetwork: Module, @unchecked Sendable {
    public let config: DeCaFAConfig
    let stemConv: Conv2d
    let stemDown: Conv2d?
    let stages: [UNetStage]
    let heads: [ChainedTransferLayers]
    /// `β_m`, one learnable temperature per task, shared by the stages, initialised to 1.
    let betas: [Variable]

    /// Builds the model with weights drawn from `seed` (reproducible).
    public init(_ config: DeCaFAConfig, seed: UInt64 = 0) throws {
        try config.validate()
        self.config = config
        Initializer.seed(seed)
        var rng = RandomGenerator(seed: seed &+ 0x9E37_79B9)
        let c0 = config.stemChannels
        stemConv = Conv2d(config.inputChannels, c0, kernel: 3, padding: 1)
        stemDown = config.workingStride == 2 ? Conv2d(c0, c0, kernel: 3, stride: 2, padding: 1) : nil
        let counts = config.tasks.map(\.count)
        var stages: [UNetStage] = []
        var heads: [ChainedTransferLayers] = []
        for k in 0..<config.stageCount {
            let input = k == 0 ? c0 : AttentionFusion.inputChannels(stem: c0, stageOutput: config.widths[0], fusion: config.fusion)
            stages.append(UNetStage(inChannels: input, widths: config.widths, normalizationGroups: config.normalizationGroups))
            heads.append(ChainedTransferLayers(featureChannels: config.widths[0], counts: counts,
                                               chained: config.chainedTransfer, kernel: config.transferKernel, rng: &rng))
        }
        self.stages = stages
        self.heads = heads
        betas = counts.map { _ in Variable(Tensor([1]), requiresGrad: true) }
    }

    public func callAsFunction(_ x: Variable) throws -> DeCaFAOutput {
        let c = config
        guard x.shape.count == 4, x.shape[1] == c.inputChannels, x.shape[2] == c.inputSize, x.shape[3] == c.inputSize else {
            throw FaceAlignError.invalidArgument(op: "DeCaFA", message: "expects crops of shape [N, \(c.inputChannels), \(c.inputSize), \(c.inputSize)], got \(x.shape)")
        }
        var f0 = try stemConv(x).relu()
        if let stemDown { f0 = try stemDown(f0).relu() }
        var input = f0
        var points: [[Variable]] = []
        var maps: [Variable] = []
        for k in 0..<stages.count {
            let fk = try stages[k](input)
            let logits = try heads[k](fk)
            var stagePoints: [Variable] = []
            var lastMaps: Variable?
            for (m, z) in logits.enumerated() {
                let mk = try AttentionMaps.spatialSoftmax(z, beta: betas[m])
                stagePoints.append(try AttentionMaps.softArgmax(mk, stride: c.workingStride))
                lastMaps = mk
            }
            points.append(stagePoints)
            maps.append(lastMaps!)
            if k + 1 < stages.count {
                input = try AttentionFusion.fuse(stem: f0, stage: fk, maps: lastMaps!, fusion: c.fusion)
            }
        }
        return DeCaFAOutput(points: points, maps: maps)
    }

    /// Per-image standardisation (zero mean, unit variance; spec §3.8) of `[N, C, H, W]` or
    /// `[C, H, W]` crops, in place. A flat image becomes zeros.
    public static func standardize(_ x: inout Tensor) {
        let n = x.rank == 4 ? x.shape[0] : 1
        let per = x.count / max(1, n)
        x.withUnsafeMutableBufferPointer { b in
            for i in 0..<n {
                let base = b.baseAddress! + i &* per
                var mean = 0.0, sq = 0.0
                for j in 0..<per { let v = Double(base[j]); mean += v; sq += v * v }
                mean /= Double(per)
                let variance = max(0, sq / Double(per) - mean * mean)
                let inv = Float(1 / (variance.squareRoot() + 1e-3))
                let m = Float(mean)
                for j in 0..<per { base[j] = (base[j] - m) * inv }
            }
        }
    }
}
