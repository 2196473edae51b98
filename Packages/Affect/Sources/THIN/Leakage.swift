import Tensor

/// Exogenous leakage: R² on test of a ridge regression (α = 10⁻³ × mean Gram diagonal) from a representation to the
/// nuisance target, fitted on train. 0 when z carries no linear trace of the nuisance.
enum Leakage {
    static func ridgeR2(trainZ: Tensor, trainY: Tensor, testZ: Tensor, testY: Tensor, alpha: Float = 1) throws -> Double {
        let d = trainZ.shape[1]
        let mean = try trainZ.mean(alongAxes: [0], keepingDimensions: true), yMean = try trainY.mean(alongAxes: [0], keepingDimensions: true)
        let z = try trainZ - mean, y = try trainY - yMean
        var g = try z.matmul(z, transposeSelf: true).scalars
        // Relative ridge: the Gram matrix grows with N and with the feature scale, and dead ReLU
        // columns make it singular, so α is a fraction of its mean diagonal.
        let ridge = alpha * 1e-3 * max((0..<d).reduce(Float(0)) { $0 + g[$1 * d + $1] } / Float(d), 1e-6)
        for i in 0..<d { g[i * d + i] += ridge }
        let gram = try Tensor(shape: [d, d], scalars: g)
        let w = try gram.inverse().matmul(z.matmul(y, transposeSelf: true))               // [d, T]
        let prediction = try (testZ - mean).matmul(w) + yMean
        let residual = try (testY - prediction).squared().scalars.reduce(0, +)
        let total = try (testY - testY.mean(alongAxes: [0], keepingDimensions: true)).squared().scalars.reduce(0, +)
        return 1 - Double(residual) / Double(max(total, 1e-12))
    }
}
