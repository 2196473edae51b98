import Forests
import Foundation
import Imaging
import Registry
import Tensor

extension ForestsReproduction {
    /// F2: digits upsampled to 16x16 and rotated by θ uniform in [-180°, 180°), four
    /// rotations per image; the condition is θ in 8 bins of 45°. A plain forest of 160 trees
    /// against a conditional forest of 8 × 20 trees composed by the true bin (oracle) or by
    /// the probabilities of a 100-tree forest that predicts the bin.
    static func runConditional(_ digits: DigitsSplit, _ options: ReproductionOptions) throws -> ReproductionClaim {
        let seeds = options.seedCount(full: 3, quick: 1)
        let rotations = options.quick ? 2 : 4
        options.log("F2: conditional forest on rotated 16x16 digits (\(rotations) rotations per image), \(seeds) seed(s)")
        var plain: [Double] = [], oracle: [Double] = [], oracleLarge: [Double] = [], oracleOverlap: [Double] = [], estimated: [Double] = [], expectation: [Double] = [], binAccuracy: [Double] = []
        for seed in 0..<seeds {
            var rng = RandomGenerator(seed: 1000 + UInt64(seed))
            let train = try RotatedDigits.make(digits.trainX, labels: digits.trainY, rotations: rotations, rng: &rng)
            let test = try RotatedDigits.make(digits.testX, labels: digits.testY, rotations: rotations, rng: &rng)

            let rf = RandomForestClassifier(config: ForestConfig(treeCount: 160, seed: UInt64(seed)))
            try rf.fit(train.x, labels: train.labels, classCount: 10)
            plain.append(ReproductionMath.accuracy(try rf.predict(test.x), test.labels))

            let cf = try ConditionalForest.fit(binCount: RotatedDigits.binCount, bins: train.bins) { rows, bin in
                let forest = RandomForestClassifier(config: ForestConfig(treeCount: 20, seed: UInt64(seed * 100 + bin)))
                try forest.fit(train.x.indexSelect(alongAxis: 0, rows), labels: rows.map { train.labels[$0] }, classCount: 10)
                return forest
            }
            // Diagnostic: the oracle composition with 160 trees per bin, to tell tree count from data per tree.
            let large = try ConditionalForest.fit(binCount: RotatedDigits.binCount, bins: train.bins) { rows, bin in
                let forest = RandomForestClassifier(config: ForestConfig(treeCount: 160, seed: UInt64(seed * 100 + bin)))
                try forest.fit(train.x.indexSelect(alongAxis: 0, rows), labels: rows.map { train.labels[$0] }, classCount: 10)
                return forest
            }
            // Variant: each bin's forest also learns from its two neighbouring bins (soft overlap).
            let overlapping = try ConditionalForest.fit(binCount: RotatedDigits.binCount, bins: train.bins, overlap: 1, circular: true) { rows, bin in
                let forest = RandomForestClassifier(config: ForestConfig(treeCount: 20, seed: UInt64(seed * 100 + bin)))
                try forest.fit(train.x.indexSelect(alongAxis: 0, rows), labels: rows.map { train.labels[$0] }, classCount: 10)
                return forest
            }
            let binForest = RandomForestClassifier(config: ForestConfig(treeCount: 100, seed: UInt64(seed) + 7))
            try binForest.fit(train.x, labels: train.bins, classCount: RotatedDigits.binCount)
            let binProbabilities = try binForest.predictProba(test.x)
            binAccuracy.append(try ReproductionMath.accuracy(probabilities: binProbabilities, test.bins))

            let x = test.x.scalars, width = test.x.shape[1], q = binProbabilities.scalars, k = RotatedDigits.binCount
            var right = (oracle: 0, large: 0, overlap: 0, drawn: 0, expected: 0)
            for i in 0..<test.labels.count {
                let sample = Array(x[(i * width)..<((i + 1) * width)])
                var oneHot = [Float](repeating: 0, count: k)
                oneHot[test.bins[i]] = 1
                let estimate = Array(q[(i * k)..<((i + 1) * k)])
                let pOracle = try cf.predict(sample: sample, condition: oneHot, treeBudget: 160, mode: .draw(seed: UInt64(i)))
                let pDrawn = try cf.predict(sample: sample, condition: estimate, treeBudget: 160, mode: .draw(seed: UInt64(i)))
                let pExpected = try cf.predict(sample: sample, condition: estimate, treeBudget: 160, mode: .expectation)
                if argmax(pOracle) == test.labels[i] { right.oracle += 1 }
                if argmax(try large.predict(sample: sample, condition: oneHot, treeBudget: 160, mode: .expectation)) == test.labels[i] {
                    right.large += 1
                }
                if argmax(try overlapping.predict(sample: sample, condition: oneHot, treeBudget: 160, mode: .draw(seed: UInt64(i)))) == test.labels[i] {
                    right.overlap += 1
                }
                if argmax(pDrawn) == test.labels[i] { right.drawn += 1 }
                if argmax(pExpected) == test.labels[i] { right.expected += 1 }
            }
            let n = Double(test.labels.count)
            oracle.append(Double(right.oracle) / n)
            oracleLarge.append(Double(right.large) / n)
            oracleOverlap.append(Double(right.overlap) / n)
            estimated.append(Double(right.drawn) / n)
            expectation.append(Double(right.expected) / n)
        }
        var table = ResultTable(header: ["model", "test accuracy"])
        table.append(["(a) random forest, 160 trees", ReproductionMath.meanSpread(plain)])
        table.append(["(b) conditional 8 × 20, true bin (oracle)", ReproductionMath.meanSpread(oracle)])
        table.append(["(b') conditional 8 × 160, true bin (diagnostic)", ReproductionMath.meanSpread(oracleLarge)])
        table.append(["(b'') conditional 8 × 20, ±1-bin overlap, true bin", ReproductionMath.meanSpread(oracleOverlap)])
        table.append(["(c) conditional, estimated bins, draw N = 160", ReproductionMath.meanSpread(estimated)])
        table.append(["(c') conditional, estimated bins, expectation", ReproductionMath.meanSpread(expectation)])
        table.append(["bin classifier (100 trees), bin accuracy", ReproductionMath.meanSpread(binAccuracy)])
        options.log(table.render())
        let a = ReproductionMath.mean(plain), b = ReproductionMath.mean(oracle), c = ReproductionMath.mean(estimated)
        let modes = abs(c - ReproductionMath.mean(expectation))
        let holds = b >= a + 0.05 && c >= a + 0.01 && modes < 0.01
        let points = { (x: Double) in String(format: "%+.1f", 100 * x) }
        return ReproductionClaim(experiment: "F2", holds: holds,
                                 summary: "oracle \(points(b - a)) points (bar +5), estimated \(points(c - a)) points (bar +1) over the plain forest; draw vs expectation \(String(format: "%.1f", 100 * modes)) points (bar < 1)")
    }

    private static func argmax(_ p: [Float]) -> Int { p.indices.max { p[$0] < p[$1] }! }
}

/// The rotated-digits data of F2.
enum RotatedDigits {
    static let side = 16
    static let binCount = 8

    /// Each 8x8 image upsampled to 16x16 (bilinear), then `rotations` copies each rotated by
    /// its own θ about the centre (bilinear, zero outside); bin = ⌊(θ + 180°) / 45°⌋.
    static func make(_ images: Tensor, labels: [Int], rotations: Int,
                     rng: inout RandomGenerator) throws -> (x: Tensor, labels: [Int], bins: [Int]) {
        let n = images.shape[0]
        let up = try images.reshaped([n, 1, 8, 8]).resized(height: side, width: side).scalars
        let plane = side * side
        var out = [Float](repeating: 0, count: n * rotations * plane)
        var outLabels: [Int] = [], bins: [Int] = []
        outLabels.reserveCapacity(n * rotations)
        bins.reserveCapacity(n * rotations)
        up.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for i in 0..<n {
                    for r in 0..<rotations {
                        let theta = rng.uniform(-180, 180)
                        let row = i * rotations + r
                        ImageOps.rotatePlane(source.baseAddress! + i * plane, into: target.baseAddress! + row * plane, side: side, degrees: theta)
                        outLabels.append(labels[i])
                        bins.append(min(binCount - 1, Int((theta + 180) / 45)))
                    }
                }
            }
        }
        return (try Tensor(shape: [n * rotations, plane], scalars: out), outLabels, bins)
    }
}
