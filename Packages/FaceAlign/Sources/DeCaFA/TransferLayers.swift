import NN
import Tensor

/// The chained transfer layers of one stage (spec §3.4): one convolution per task, coarse to
/// fine, mapping the stage features to that task's landmark logits.
///
/// Chained: `Z_m = T_m(concat(F_k, Z_{m−1}))` (the first reads `F_k` alone), so each task
/// refines from the coarser one's answer while still seeing the features. Unchained (ablation):
/// every `Z_m = T_m(F_k)`.
///
/// The last conv of each transfer layer starts with zero bias and weights of std 1e-3: every
/// map starts near uniform, every landmark near the crop centre, and no map starts saturated.
public final class ChainedTransferLayers: Module, @unchecked Sendable {
    let transfers: [Conv2d]
    public let chained: Bool
    public let counts: [Int]

    public init(featureChannels: Int, counts: [Int], chained: Bool, kernel: Int, rng: inout RandomGenerator) {
        self.chained = chained
        self.counts = counts
        var layers: [Conv2d] = []
        for (m, k) in counts.enumerated() {
            let input = featureChannels + (chained && m > 0 ? counts[m - 1] : 0)
            let conv = Conv2d(input, k, kernel: kernel, padding: kernel / 2)
            conv.weight.value = rng.normal(conv.weight.shape, std: 1e-3)
            conv.bias?.value = Tensor(zeros: [k])
            layers.append(conv)
        }
        transfers = layers
    }

    /// `[N, C, H, W]` features → one `[N, K_m, H, W]` logit tensor per task.
    public func callAsFunction(_ features: Variable) throws -> [Variable] {
        var out: [Variable] = []
        for (m, t) in transfers.enumerated() {
            let input = chained && m > 0 ? try Variable.concatenate([features, out[m - 1]], alongAxis: 1) : features
            out.append(try t(input))
        }
        return out
    }
}
