import Foundation
import Tensor

/// T2's data (`thin.md`): 32x32 images of a disc, a square, a triangle or a cross, scaled by
/// s ~ U[0.25, 1] of the largest size, rotated by ±15°, placed at random where they fit, plus
/// Gaussian noise σ = 0.1. The exogenous variable is log s: scale changes how every shape looks
/// (a small triangle and a small disc share most pixels) while leaving the label unchanged.
struct ScaledShapesData {
    static let side = 32
    static let classNames = ["disc", "square", "triangle", "cross"]
    /// Radius of a shape at s = 1, in pixels (its bounding circle then spans 30 of the 32 pixels).
    static let maxRadius: Float = 15

    /// Splits drawn from independent streams of `seed`, so the validation and test sets do not
    /// depend on the training set's size.
    static func task(seed: UInt64, train: Int, validation: Int, test: Int) throws -> NuisanceTask {
        NuisanceTask(train: try split(count: train, seed: seed &* 3 &+ 11),
                     validation: try split(count: validation, seed: seed &* 3 &+ 12),
                     test: try split(count: test, seed: seed &* 3 &+ 13))
    }

    /// Balanced classes (row i has class i mod 4), nuisance = [log s].
    static func split(count n: Int, seed: UInt64) throws -> NuisanceSplit {
        var rng = RandomGenerator(seed: 5_000 &+ seed)
        let plane = side * side
        var pixels = [Float](repeating: 0, count: n * plane), logScale = [Float](), labels = [Int]()
        for i in 0..<n {
            let shape = i % classNames.count
            let s = rng.uniform(0.25, 1), r = s * maxRadius
            let angle = rng.uniform(-15, 15) * .pi / 180
            // The centre keeps the bounding circle inside the image.
            let cx = rng.uniform(r, Float(side) - r), cy = rng.uniform(r, Float(side) - r)
            let c = cos(angle), sn = sin(angle)
            for py in 0..<side {
                for px in 0..<side {
                    // Pixel centre in the shape's frame (unrotated, unit radius).
                    let dx = Float(px) + 0.5 - cx, dy = Float(py) + 0.5 - cy
                    let u = (c * dx + sn * dy) / r, v = (-sn * dx + c * dy) / r
                    let on = contains(shape, u, v)
                    pixels[i * plane + py * side + px] = (on ? 1 : 0) + 0.1 * rng.normalFloat()
                }
            }
            labels.append(shape)
            logScale.append(log(s))
        }
        return NuisanceSplit(x: try Tensor(shape: [n, plane], scalars: pixels), y: labels,
                             nuisance: try Tensor(shape: [n, 1], scalars: logScale))
    }

    /// Whether (u, v) lies in the unit-radius shape: all four fit the unit circle.
    static func contains(_ shape: Int, _ u: Float, _ v: Float) -> Bool {
        switch shape {
        case 0: return u * u + v * v <= 1
        case 1: return abs(u) <= 0.7071 && abs(v) <= 0.7071
        case 2:
            // Equilateral triangle with vertices on the unit circle, apex up (y grows downwards).
            let h: Float = 0.8660254
            guard v <= 0.5, v >= -1 else { return false }
            return abs(u) <= h * (v + 1) / 1.5
        default: return (abs(u) <= 1 && abs(v) <= 0.3) || (abs(u) <= 0.3 && abs(v) <= 1)
        }
    }
}
