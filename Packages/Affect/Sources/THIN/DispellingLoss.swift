import NN
import Tensor

/// The exogenous dispelling loss: pushes the nuisance information out of the endogenous
/// representation z_n without needing nuisance labels (identity labels do not exist on
/// in-the-wild FER data).
///
/// The paper's exact formula could not be confirmed; this is the toolkit's default
/// (`thin.md`, Losses): with Ẑ_n, Ẑ_x the batch-standardised representations (zero mean,
/// unit variance per column, ε = 1e-5) and C = (1/B) Ẑ_nᵀ Ẑ_x,
///
///     L_dis = (1 / (d_n·d_x)) Σ_ij C_ij²
///
/// the mean squared cross-correlation: 0 exactly when no column of z_n correlates linearly
/// with any column of z_x on the batch, 1 when they are the same single feature. z_x is
/// detached, so the gradient reaches the endogenous network only (the exogenous one must
/// not learn to hide the nuisance). For independent random features it is ≈ 1/B, so use
/// batches ≥ 64.
///
/// ```swift
/// let l = try DispellingLoss.crossCorrelation(endogenous: zN, exogenous: zX)   // scalar Variable
/// ```
public enum DispellingLoss {
    public static let epsilon: Float = 1e-5

    public static func crossCorrelation(endogenous zN: Variable, exogenous zX: Variable) throws -> Variable {
        guard zN.shape.count == 2, zX.shape.count == 2, zN.shape[0] == zX.shape[0] else {
            throw NNError.invalidArgument("DispellingLoss: representations must be [B, d_n] and [B, d_x] with the same B, got \(zN.shape) and \(zX.shape); flatten feature maps first")
        }
        let b = zN.shape[0]
        guard b >= 2 else {
            throw NNError.invalidArgument("DispellingLoss: a batch of \(b) row has no correlation to estimate; use batches of 64 or more")
        }
        let n = try standardised(zN)
        let x = try standardised(zX.detached())
        let c = try n.matmul(x, transposeSelf: true) / Float(b)                    // [d_n, d_x]
        return c.squared().mean()
    }

    /// (z − mean) / sqrt(var + ε) per column over the batch.
    static func standardised(_ z: Variable) throws -> Variable {
        let centred = try z - z.mean(alongAxes: [0], keepingDimensions: true)
        let scale = (try centred.squared().mean(alongAxes: [0], keepingDimensions: true) + epsilon).sqrt()
        return try centred / scale
    }
}
