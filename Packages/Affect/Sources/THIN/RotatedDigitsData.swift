import Foundation
import Imaging
import NN
import Tensor

/// T1's data (`thin.md`): 8x8 digits / 16, stratified split 59.5 / 10.5 / 30 (train /
/// validation / test) with seed s, upsampled to 16x16 (bilinear), rotated about the centre by
/// θ uniform in [−180°, 180°) with bilinear sampling and zero fill; nuisance = (cos θ, sin θ).
/// Rotations are drawn once per seed and stored, so every model sees the same data.
enum RotatedDigitsData {
    static let side = 16

    static func task(seed: UInt64, trainRotations: Int, testRotations: Int) throws -> NuisanceTask {
        let all = try Digits.loadAll(layout: .flat)
        let labels = all.labels!.values
        let parts = try stratifiedSplit(labels: labels, fractions: [0.595, 0.105, 0.3], seed: seed)
        var rng = RandomGenerator(seed: 2_000 + seed)
        func split(_ part: [Int], copies: Int) throws -> NuisanceSplit {
            let (x, y, angle) = try rotate(all.inputs.indexSelect(alongAxis: 0, part), part.map { labels[$0] }, copies: copies, rng: &rng)
            return NuisanceSplit(x: x, y: y, nuisance: angle)
        }
        // Train and test draw first, so they stay the data of the first T1 runs.
        let train = try split(parts[0], copies: trainRotations), test = try split(parts[2], copies: testRotations)
        return NuisanceTask(train: train, validation: try split(parts[1], copies: testRotations), test: test)
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
