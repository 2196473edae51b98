import Foundation
import Imaging
import NN
import Tensor

/// T1's data (`thin.md`): 8x8 digits / 16, stratified 70/30 split with seed s (15 % of the
/// train part held out as validation, unused here), upsampled to 16x16 (bilinear), rotated
/// about the centre by θ uniform in [−180°, 180°) with bilinear sampling and zero fill.
/// Rotations are drawn once per seed and stored, so every model sees the same data.
struct RotatedDigitsData {
    static let side = 16
    let trainX: Tensor, trainY: [Int], trainAngle: Tensor     // angle as (cos θ, sin θ)
    let testX: Tensor, testY: [Int], testAngle: Tensor

    init(seed: UInt64, trainRotations: Int, testRotations: Int) throws {
        let all = try Digits.loadAll(layout: .flat)
        let labels = all.labels!.values
        let parts = try stratifiedSplit(labels: labels, fractions: [0.595, 0.105, 0.3], seed: seed)
        var rng = RandomGenerator(seed: 2_000 + seed)
        (trainX, trainY, trainAngle) = try Self.rotate(all.inputs.indexSelect(alongAxis: 0, parts[0]), parts[0].map { labels[$0] },
                                                       copies: trainRotations, rng: &rng)
        (testX, testY, testAngle) = try Self.rotate(all.inputs.indexSelect(alongAxis: 0, parts[2]), parts[2].map { labels[$0] },
                                                    copies: testRotations, rng: &rng)
    }

    static func rotate(_ images: Tensor, _ labels: [Int], copies: Int,
                       rng: inout RandomGenerator) throws -> (Tensor, [Int], Tensor) {
        let n = images.shape[0], plane = side * side
        // Rotate after upsampling: rotating 8x8 images loses most of a stroke to interpolation.
        let up = try images.reshaped([n, 1, 8, 8]).resized(height: side, width: side).scalars
        var out = [Float](repeating: 0, count: n * copies * plane)
        var outLabels: [Int] = [], angles: [Float] = []
        up.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for i in 0..<n {
                    for r in 0..<copies {
                        let degrees = rng.uniform(-180, 180)
                        ImageOps.rotatePlane(source.baseAddress! + i * plane, into: target.baseAddress! + (i * copies + r) * plane, side: side, degrees: degrees)
                        outLabels.append(labels[i])
                        let a = degrees * .pi / 180
                        angles += [cos(a), sin(a)]
                    }
                }
            }
        }
        return (try Tensor(shape: [n * copies, plane], scalars: out), outLabels, try Tensor(shape: [n * copies, 2], scalars: angles))
    }
}

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
