import NN
import Tensor

/// The input of the next stage (spec §3.6).
///
/// `.attentionWeighted`: `A_k(u) = Σ_l M_{k,l}(u)` over the final task's maps, scaled to
/// [0, 1] by its per-image maximum, then `X_{k+1} = concat(F_0, F_0 ⊙ A_k, F_k)`: image evidence
/// re-injected around the current landmark estimates, plus the previous stage's reasoning.
/// Gradients flow through `A_k`. `.plainConcat`: `X_{k+1} = concat(F_0, F_k)`.
public enum AttentionFusion {
    public static func inputChannels(stem: Int, stageOutput: Int, fusion: DeCaFAFusion) -> Int {
        fusion == .attentionWeighted ? 2 * stem + stageOutput : stem + stageOutput
    }

    public static func fuse(stem f0: Variable, stage fk: Variable, maps: Variable, fusion: DeCaFAFusion) throws -> Variable {
        switch fusion {
        case .plainConcat:
            return try Variable.concatenate([f0, fk], alongAxis: 1)
        case .attentionWeighted:
            let a = try attention(maps)
            return try Variable.concatenate([f0, f0 * a, fk], alongAxis: 1)
        }
    }

    /// `[N, K, H, W]` maps → `[N, 1, H, W]` in [0, 1].
    public static func attention(_ maps: Variable) throws -> Variable {
        let (n, h, w) = (maps.shape[0], maps.shape[2], maps.shape[3])
        let sum = try maps.sum(alongAxes: [1], keepingDimensions: true)
        let peak = try sum.reshaped([n, 1, h * w]).max(alongAxis: 2, keepingDimensions: true).reshaped([n, 1, 1, 1])
        return try sum / (peak + 1e-6)
    }
}
