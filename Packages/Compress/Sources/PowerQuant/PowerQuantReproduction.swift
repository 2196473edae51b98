import CompressCore
import Foundation
import NN
import Registry
import Tensor

/// `facet reproduce powerquant`: the spec's small-scale protocol on the 8×8 digits, all in
/// one process, data-free quantizers only.
/// - Q1 (must pass): uniform RTN vs PowerQuant (per-layer a*, and global a*) on `mlp-digits`
///   at W2/W3/W4/W8, per-tensor and per-channel, 5 seeds: accuracy, E(a*) vs E(1), a*.
/// - Q1b (report): W4/A8, W4/A4 and W3 on a small residual depthwise CNN with batch norm,
///   whose BN layers give the activation ranges.
/// - Q2 (report): accuracy and E(a) against a on the grid (W3 per-tensor), Spearman(−E, acc).
/// - Q3 (report): inference time of the decoded PowerQuant model vs the uniform one.
public enum PowerQuantReproduction: MethodReproduction {
    public static let methodID = "powerquant"
    public static let title = "PowerQuant (power-map exponent search) against round-to-nearest uniform quantization, data-free"

    public static func run(_ options: ReproductionOptions) throws -> [ReproductionClaim] {
        let seeds = (0..<options.seedCount(full: 5, quick: 2)).map(UInt64.init)
        let mlpEpochs = options.quick ? 20 : ModelZoo.Architecture.mlpDigits.recipe.epochs
        var start = Date()
        options.log("training mlp-digits, seeds \(seeds.map(String.init).joined(separator: ",")), \(mlpEpochs) epochs")
        let mlps = try seeds.map { try ModelZoo.train(.mlpDigits, seed: $0, epochs: mlpEpochs) }
        let test = try ModelZoo.digits(for: .mlpDigits).test
        options.log(String(format: "float test accuracy: %@  (%.0f s)", ReproStats.percents(mlps.map(\.testAccuracy)),
                           Date().timeIntervalSince(start)))
        var claims: [ReproductionClaim] = []

        start = Date()
        claims.append(try runQ1(mlps, test: test, options))
        options.log(claims.last!.line + String(format: "  (%.0f s)", Date().timeIntervalSince(start)))
        options.log("")

        start = Date()
        claims.append(try runQ1b(seeds: seeds, options))
        options.log(claims.last!.line + String(format: "  (%.0f s)", Date().timeIntervalSince(start)))
        options.log("")

        start = Date()
        claims.append(try runQ2(mlps, test: test, options))
        options.log(claims.last!.line + String(format: "  (%.0f s)", Date().timeIntervalSince(start)))
        options.log("")

        try runQ3(mlps[0].graph, test: test, options)
        return claims
    }
}

/// Small statistics and formatting shared by the experiments.
enum ReproStats {
    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(xs.count, 1)) }

    static func percent(_ x: Double) -> String { String(format: "%.1f", 100 * x) }

    /// "97.8 (min 97.2)".
    static func meanMin(_ xs: [Double]) -> String { "\(percent(mean(xs))) (min \(percent(xs.min() ?? 0)))" }

    /// "97.8/98.1/..." per seed.
    static func percents(_ xs: [Double]) -> String { xs.map(percent).joined(separator: "/") }

    /// Ranks with ties averaged (1-based).
    static func ranks(_ xs: [Double]) -> [Double] {
        let order = xs.indices.sorted { xs[$0] < xs[$1] }
        var ranks = [Double](repeating: 0, count: xs.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && xs[order[j + 1]] == xs[order[i]] { j += 1 }
            let r = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = r }
            i = j + 1
        }
        return ranks
    }

    /// Spearman's rank correlation (Pearson on tie-averaged ranks); 0 when one side is constant.
    static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        let ra = ranks(a), rb = ranks(b)
        let ma = mean(ra), mb = mean(rb)
        var num = 0.0, da = 0.0, db = 0.0
        for i in ra.indices {
            num += (ra[i] - ma) * (rb[i] - mb)
            da += (ra[i] - ma) * (ra[i] - ma)
            db += (rb[i] - mb) * (rb[i] - mb)
        }
        return da > 0 && db > 0 ? num / (da * db).squareRoot() : 0
    }

    static func totalError(_ report: CompressionReport, key: String = "error") -> Double {
        report.perLayer.reduce(0) { $0 + ($1.details[key] ?? 0) }
    }
}
