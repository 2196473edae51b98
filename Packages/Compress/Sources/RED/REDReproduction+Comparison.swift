import CompressCore
import Foundation
import NN
import Registry

extension REDReproduction {
    /// R3a: planted redundancy. RED must merge ≥ 95 % of the planted pairs, stay within 0.5
    /// point of the doubled model and beat L2 magnitude pruning at its parameter count by ≥ 5.
    static func runPlanted(_ zoo: Zoo, _ options: ReproductionOptions) throws -> ReproductionClaim {
        options.log("R3a: planted redundancy: mlp-digits with every hidden neuron duplicated (1e-6·std noise, columns split 0.3/0.7), \(zoo.seeds) seed(s)")
        var doubled: [Double] = [], red: [Double] = [], noHash: [Double] = [], magnitude: [Double] = [], sb: [Double] = []
        var mergedShare: [Double] = [], params: [(Int, Int, Int, Int)] = []
        for seed in 0..<zoo.seeds {
            let trained = try zoo.model(.mlpDigits, seed: seed)
            let planted = try plantDuplicates(trained.graph, noise: 1e-6, seed: UInt64(1000 + seed))
            doubled.append(try zoo.accuracy(planted, .mlpDigits))
            let r = try REDPruner().prune(planted, target: PruningTarget(.methodDefault), data: nil)
            red.append(try zoo.accuracy(r.model, .mlpDigits))
            mergedShare.append(Double(merged(r)) / 256)
            let off = try REDPruner(config: REDConfig(hashing: false)).prune(planted, target: PruningTarget(.methodDefault), data: nil)
            noHash.append(try zoo.accuracy(off.model, .mlpDigits))
            let ratio = Double(r.report.parameters.after) / Double(r.report.parameters.before)
            let (m, s) = try baselines(planted, ratio: ratio)
            magnitude.append(try zoo.accuracy(m.model, .mlpDigits))
            sb.append(try zoo.accuracy(s.model, .mlpDigits))
            params.append((r.report.parameters.before, r.report.parameters.after, m.report.parameters.after, s.report.parameters.after))
        }
        var table = ResultTable(header: ["model", "parameters", "accuracy % (mean, min, per seed)"])
        table.append(["doubled model (planted)", "\(params[0].0)", seedsCell(doubled)])
        table.append(["RED, no hashing (ablation)", "\(params[0].0)", seedsCell(noHash)])
        table.append(["RED (default)", "\(params[0].1)", seedsCell(red)])
        table.append(["L2 magnitude at RED's parameters", "\(params[0].2)", seedsCell(magnitude)])
        table.append(["Srinivas-Babu at RED's parameters", "\(params[0].3)", seedsCell(sb)])
        options.log(table.render())
        options.log("planted pairs merged by RED: " + mergedShare.map { String(format: "%.1f %%", 100 * $0) }.joined(separator: ", "))
        let share = mergedShare.min() ?? 0
        let gap = 100 * (mean(doubled) - mean(red)), lead = 100 * (mean(red) - mean(magnitude))
        let holds = share >= 0.95 && gap <= 0.5 && lead >= 5
        return ReproductionClaim(experiment: "R3a", holds: holds, summary: String(
            format: "RED merges %.1f %% of planted pairs (bar 95), is %.2f points below the doubled model (bar 0.5) and %.2f points above magnitude (bar 5); Srinivas-Babu %.2f %%",
            100 * share, gap, lead, 100 * mean(sb)))
    }

    /// R3b: natural models. Hashing must cost ≤ 0.5 point (mean over seeds) and RED must be
    /// no worse than magnitude at its own parameter count minus 0.5 point. Also reported:
    /// merge only (no UDS), and the distance merge at 25 % fewer neurons against magnitude.
    static func runNatural(_ zoo: Zoo, _ options: ReproductionOptions) throws -> ReproductionClaim {
        options.log("R3b: natural models, \(zoo.seeds) seed(s), no fine-tuning")
        var table = ResultTable(header: ["model", "original %", "RED %", "params kept", "mults kept (merge only / +UDS)",
                                         "neurons merged", "magnitude %", "Srinivas-Babu %", "RED ε (25 % neurons) %", "magnitude 25 % %"])
        var failures: [String] = []
        var figures: [String] = []
        for arch in [ModelZoo.Architecture.mlpDigits, .cnnDigits, .wideMLPDigits] {
            var original: [Double] = [], red: [Double] = [], magnitude: [Double] = [], sb: [Double] = []
            var distance: [Double] = [], magnitude25: [Double] = []
            var paramsKept: [Double] = [], multsMerge: [Double] = [], multsUDS: [Double] = [], mergedCounts: [Int] = []
            for seed in 0..<zoo.seeds {
                let trained = try zoo.model(arch, seed: seed)
                let g = trained.graph
                original.append(try zoo.accuracy(g, arch))
                let r = try REDPruner().prune(g, target: PruningTarget(.methodDefault), data: nil)
                red.append(try zoo.accuracy(r.model, arch))
                let ratio = Double(r.report.parameters.after) / Double(r.report.parameters.before)
                paramsKept.append(ratio)
                mergedCounts.append(merged(r))
                multsUDS.append(Double(r.report.multiplications.after) / Double(r.report.multiplications.before))
                let mergeOnly = try REDPruner(config: REDConfig(unevenDepthwise: false)).prune(g, target: PruningTarget(.methodDefault), data: nil)
                multsMerge.append(Double(mergeOnly.report.multiplications.after) / Double(mergeOnly.report.multiplications.before))
                let (m, s) = try baselines(g, ratio: ratio)
                magnitude.append(try zoo.accuracy(m.model, arch))
                sb.append(try zoo.accuracy(s.model, arch))
                let d = try REDPruner().prune(g, target: PruningTarget(.neuronRatio(0.75)), data: nil)
                distance.append(try zoo.accuracy(d.model, arch))
                let m25 = try MagnitudePruner(norm: .l2).prune(g, target: PruningTarget(.neuronRatio(0.75)), data: nil)
                magnitude25.append(try zoo.accuracy(m25.model, arch))
            }
            table.append([arch.rawValue, seedsCell(original), seedsCell(red), String(format: "%.4f", mean(paramsKept)),
                          String(format: "%.3f / %.3f", mean(multsMerge), mean(multsUDS)),
                          mergedCounts.map(String.init).joined(separator: "/"), seedsCell(magnitude), seedsCell(sb),
                          seedsCell(distance), seedsCell(magnitude25)])
            let cost = 100 * (mean(original) - mean(red)), margin = 100 * (mean(red) - mean(magnitude))
            figures.append(String(format: "%@ hashing %+.2f, vs magnitude %+.2f", arch.rawValue, -cost, margin))
            if cost > 0.5 { failures.append(String(format: "%@: hashing costs %.2f points (bar 0.5)", arch.rawValue, cost)) }
            if margin < -0.5 { failures.append(String(format: "%@: RED %.2f points below magnitude (bar −0.5)", arch.rawValue, -margin)) }
        }
        options.log(table.render())
        return ReproductionClaim(experiment: "R3b", holds: failures.isEmpty,
                                 summary: failures.isEmpty ? figures.joined(separator: "; ") + " points" : failures.joined(separator: "; "))
    }
}
