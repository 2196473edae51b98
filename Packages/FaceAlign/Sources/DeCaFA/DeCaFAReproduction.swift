import FaceAlignCore
import Foundation
import NN
import Registry
import Tensor

/// The small-scale reproduction of spec §7: DeCaFA-small (C) against one stage of equal size
/// (A), plain stacking (B), its one-at-a-time ablations (C−chain, C−IS), and the coarse-data
/// experiment (D1: 150 fine images; D2: the same plus 1850 images with only the 5-point task),
/// on the same synthetic data with the same optimiser steps.
public enum DeCaFAReproduction: MethodReproduction {
    public static let methodID = "decafa"
    public static let title = "DeCaFA-small vs one stage, plain stacking and its ablations (synthetic world, S = 48, r = 2, group norm)"

    /// §7 hard split: yaw ±45°, pitch ±25°, roll ±20°, occluders p = 0.25 (the world's `.hard`
    /// preset goes to ±75° yaw, so the spec's ranges are set on `.medium` instead).
    public static var hardWorld: SyntheticFaceConfig {
        var c = SyntheticFaceConfig.medium
        c.yawRange = 45; c.pitchRange = 25; c.rollRange = 20
        c.occlusionProbability = 0.25
        return c
    }

    struct Variant {
        var id: String
        var config: DeCaFAConfig
        var fineCount: Int?      // D1 / D2: only this many 68-point images
        var coarse: Bool = false // D2: the rest carry only the 5-point task
    }

    static func variants(quick: Bool) throws -> [Variant] {
        var c = DeCaFAConfig.reproduction
        c.stageWeights = [0.5, 1]
        // Group norm in every variant (spec §3.3 allows it): without it all variants sit on the
        // mean-shape plateau for most of the budget (Docs/methods/decafa.md).
        c.normalizationGroups = 4
        var b = c
        b.taskNames = ["ibug68"]; b.chainedTransfer = false; b.stageWeights = [1, 1]; b.fusion = .plainConcat
        var noChain = c
        noChain.chainedTransfer = false
        var noIS = c
        noIS.stageWeights = [1, 1]
        let a = try singleStageMatching(c)
        var out = [Variant(id: "A", config: a), Variant(id: "B", config: b), Variant(id: "C", config: c)]
        if !quick {
            out += [Variant(id: "C-chain", config: noChain), Variant(id: "C-IS", config: noIS),
                    Variant(id: "D1", config: c, fineCount: 150), Variant(id: "D2", config: c, fineCount: 150, coarse: true)]
        }
        return out
    }

    /// One stage, 68-point task only, widths scaled so the parameter count matches `c`'s.
    static func singleStageMatching(_ c: DeCaFAConfig) throws -> DeCaFAConfig {
        let target = try DeCaFANetwork(c).parameterCount
        var best = c, bestGap = Int.max
        for step in 0...60 {
            let f = 1 + Double(step) * 0.025
            var a = c
            a.stageCount = 1; a.taskNames = ["ibug68"]; a.stageWeights = [1]
            a.widths = c.widths.map { Int((Double($0) * f).rounded()) }
            let gap = abs(try DeCaFANetwork(a).parameterCount - target)
            if gap < bestGap { best = a; bestGap = gap }
        }
        return best
    }

    public static func run(_ options: ReproductionOptions) throws -> [ReproductionClaim] {
        let quick = options.quick
        let trainCount = quick ? 600 : 2000
        // §7 asks 12 epochs; 8 keep the 21 trainings of the full protocol under an hour on 2
        // cores (the spec's rule: fewer epochs for every variant alike).
        let epochs = quick ? 6 : 8
        let batch = 16
        let steps = epochs * (trainCount / batch)
        let seeds = options.seedCount(full: 3, quick: 1)
        let testCount = quick ? 200 : 500
        options.log("data: \(trainCount) training faces (world seed 101, §7 hard ranges), test \(testCount) per split (seed 202); S = 48, r = 2; \(steps) steps of batch \(batch), Adam 2e-3 cosine; \(seeds) seed(s)")
        let train = try DeCaFAFaceSet.synthetic(config: hardWorld, seed: 101, count: trainCount, renderSize: 64)
        var easyWorld = SyntheticFaceConfig.easy
        easyWorld.imageSize = 64
        let tests = [("easy", try DeCaFAFaceSet.synthetic(config: easyWorld, seed: 202, count: testCount, renderSize: 64)),
                     ("hard", try DeCaFAFaceSet.synthetic(config: hardWorld, seed: 202, count: testCount, renderSize: 64))]
        var table = ResultTable(header: ["variant", "params", "split", "NME io %", "stage NMEs %", "AUC@0.08", "FR@0.08 %"])
        for (name, split) in tests {
            let base = try DeCaFAEvaluation.meanShapeBaseline(on: split)
            table.rows.append(["mean shape", "0", name, String(format: "%.2f", 100 * base.interOcular), "-", "-", "-"])
        }
        var hardNME: [String: [Float]] = [:], hardStages: [String: [[Float]]] = [:]
        for variant in try variants(quick: quick) {
            var perSplit: [String: [DeCaFAEvaluation.Report]] = [:]
            var params = 0
            for seed in 0..<seeds {
                var data = train
                if let fine = variant.fineCount {
                    data = try subset(train, fine: fine, coarseRest: variant.coarse)
                }
                var o = DeCaFATraining.Options()
                o.config = variant.config
                o.steps = steps
                o.batchSize = batch
                o.seed = UInt64(seed + 1)
                o.progress = .quiet
                let started = Date()
                let result = try DeCaFATraining.train(o, on: data)
                params = result.network.parameterCount
                let detector = DeCaFADetector(network: result.network)
                for (name, split) in tests { perSplit[name, default: []].append(try DeCaFAEvaluation.evaluate(detector, on: split)) }
                options.log(String(format: "  %@ seed %d: %d steps in %.0f s, hard NME %.2f %%", variant.id, seed + 1, result.steps,
                                   Date().timeIntervalSince(started), 100 * perSplit["hard"]!.last!.meanInterOcular))
            }
            for (name, _) in tests {
                let reports = perSplit[name]!
                let nmes = reports.map(\.meanInterOcular)
                let stageMeans = (0..<variant.config.stageCount).map { k in reports.map { $0.perStage[k] }.reduce(0, +) / Float(reports.count) }
                if name == "hard" { hardNME[variant.id] = nmes; hardStages[variant.id] = reports.map(\.perStage) }
                table.rows.append([variant.id, String(params), name, meanStd(nmes),
                                   stageMeans.map { String(format: "%.2f", 100 * $0) }.joined(separator: " / "),
                                   String(format: "%.3f", reports.map { $0.auc(0.08) }.reduce(0, +) / Float(reports.count)),
                                   String(format: "%.1f", 100 * reports.map { $0.failureRate(0.08) }.reduce(0, +) / Float(reports.count))])
            }
        }
        options.log(table.render())
        func mean(_ id: String) -> Float { let v = hardNME[id] ?? [.nan]; return v.reduce(0, +) / Float(v.count) }
        var claims: [ReproductionClaim] = []
        let factor: Float = quick ? 0.98 : 0.95
        claims.append(ReproductionClaim(experiment: "1 cascade beats one stage", holds: mean("C") <= factor * mean("A"),
                                        summary: String(format: "C %.2f %% vs A %.2f %% (needs ≤ %.2f ×)", 100 * mean("C"), 100 * mean("A"), factor)))
        if !quick {
            let stages = hardStages["C"] ?? []
            let s1 = stages.map { $0[0] }.reduce(0, +) / Float(max(1, stages.count))
            let s2 = stages.map { $0[$0.count - 1] }.reduce(0, +) / Float(max(1, stages.count))
            claims.append(ReproductionClaim(experiment: "2 stage 2 refines", holds: s2 <= 0.97 * s1,
                                            summary: String(format: "stage 1 %.2f %%, final %.2f %%", 100 * s1, 100 * s2)))
            claims.append(ReproductionClaim(experiment: "3 C beats plain stacking", holds: mean("C") < mean("B"),
                                            summary: String(format: "C %.2f %% vs B %.2f %%", 100 * mean("C"), 100 * mean("B"))))
            claims.append(ReproductionClaim(experiment: "4 coarse data helps", holds: mean("D2") <= 0.9 * mean("D1"),
                                            summary: String(format: "D2 %.2f %% vs D1 %.2f %%", 100 * mean("D2"), 100 * mean("D1"))))
            claims.append(ReproductionClaim(experiment: "5 each ingredient counts",
                                            holds: mean("C") < mean("C-chain") && mean("C") < mean("C-IS"),
                                            summary: String(format: "C %.2f %%, C-chain %.2f %%, C-IS %.2f %%", 100 * mean("C"), 100 * mean("C-chain"), 100 * mean("C-IS"))))
        }
        return claims
    }

    /// The first `fine` faces keep their 68 points; with `coarseRest` the others stay with only the
    /// coarse tasks, else they are dropped.
    static func subset(_ set: DeCaFAFaceSet, fine: Int, coarseRest: Bool) throws -> DeCaFAFaceSet {
        if coarseRest {
            var s = set
            s.fine = (0..<set.count).map { $0 < fine }
            return s
        }
        let n = min(fine, set.count)
        return try DeCaFAFaceSet(images: set.images.slice(alongAxis: 0, 0..<n), shapes: Array(set.shapes.prefix(n)),
                                 boxes: Array(set.boxes.prefix(n)))
    }

    static func meanStd(_ v: [Float]) -> String {
        let m = v.reduce(0, +) / Float(v.count)
        guard v.count > 1 else { return String(format: "%.2f", 100 * m) }
        let sd = (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Float(v.count - 1)).squareRoot()
        return String(format: "%.2f ± %.2f", 100 * m, 100 * sd)
    }
}
