import XCTest
@testable import NN
import Tensor

/// Cross-entropy (smoothing, class weights) and binary cross-entropy with logits (positive
/// weights, soft targets, extreme logits) against hand-computed values and finite differences.
final class LossClassificationTests: XCTestCase {
    let logits = Variable(try! Tensor(shape: [2, 3], scalars: [1, 2, 3, 0.5, -1, 1.5]))
    let labels = IndexTensor([2, 0])
    let weights = Tensor([1, 2, 0.5])

    func testCrossEntropyValues() throws {
        // −log softmax: row 0 label 2: log(e + e² + e³) − 3; row 1 label 0.
        let none = try Loss.crossEntropy(logits: logits, labels: labels, reduction: .none).value.scalars
        XCTAssertEqual(none[0], 0.40760596, accuracy: 1e-6)
        XCTAssertEqual(none[1], 1.37153903, accuracy: 1e-6)
        XCTAssertEqual(try Loss.crossEntropy(logits: logits, labels: labels).value.scalar, 0.88957250, accuracy: 1e-6)
        XCTAssertEqual(try Loss.crossEntropy(logits: logits, labels: labels, reduction: .sum).value.scalar, 1.77914499, accuracy: 1e-6)
    }

    func testLabelSmoothingAndClassWeights() throws {
        // ε = 0.1: 0.9·nll + (0.1/3)·Σ_c −log p_c per row.
        let smoothed = try Loss.crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1, reduction: .none).value.scalars
        XCTAssertEqual(smoothed[0], 0.50760596, accuracy: 1e-6)
        XCTAssertEqual(smoothed[1], 1.3882057, accuracy: 1e-6)
        XCTAssertEqual(try Loss.crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1).value.scalar, 0.94790583, accuracy: 1e-6)
        // Weights: the mean divides by w[2] + w[0] = 1.5 (PyTorch's weighted mean).
        XCTAssertEqual(try Loss.crossEntropy(logits: logits, labels: labels, classWeights: weights).value.scalar, 1.05022801, accuracy: 1e-6)
        let both = try Loss.crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1, classWeights: weights, reduction: .none)
        XCTAssertEqual(both.value.scalars[0], 0.36431005, accuracy: 1e-6)
        XCTAssertEqual(both.value.scalars[1], 1.47773135, accuracy: 1e-6)
        XCTAssertEqual(try Loss.crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1, classWeights: weights).value.scalar,
                       1.22802760, accuracy: 1e-6)
        XCTAssertEqual(try Loss.crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1, classWeights: weights,
                                             reduction: .sum).value.scalar, 1.84204140, accuracy: 1e-6)
    }

    func testCrossEntropyGradientIsSoftmaxMinusTarget() throws {
        let x = Variable(logits.value, requiresGrad: true)
        try Loss.crossEntropy(logits: x, labels: labels, reduction: .sum).backward()
        let p = try logits.value.softmax(alongAxis: 1)
        let expected = try p - Tensor.oneHot(labels, classes: 3)
        for (a, b) in zip(x.grad!.scalars, expected.scalars) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }

    func testCrossEntropyRejectsBadInput() {
        XCTAssertThrowsError(try Loss.crossEntropy(logits: logits, labels: IndexTensor([3, 0]))) { error in
            XCTAssertTrue("\(error)".contains("label 3 at row 0"), "\(error)")
        }
        XCTAssertThrowsError(try Loss.crossEntropy(logits: logits, labels: IndexTensor([1])))
        XCTAssertThrowsError(try Loss.crossEntropy(logits: logits, labels: labels, labelSmoothing: 1.5))
        XCTAssertThrowsError(try Loss.crossEntropy(logits: logits, labels: labels, classWeights: Tensor([1, 2])))
        XCTAssertThrowsError(try Loss.crossEntropy(logits: logits, labels: labels, classWeights: Tensor([0, 1, 0]))) { error in
            XCTAssertTrue("\(error)".contains("weight 0"), "\(error)")
        }
        XCTAssertThrowsError(try Loss.crossEntropy(logits: Variable(Tensor([1, 2])), labels: IndexTensor([0])))
    }

    func testCrossEntropyGradientsMatchFiniteDifferences() throws {
        var rng = RandomGenerator(seed: 3)
        let x = rng.normal([4, 5], std: 2)
        let y = IndexTensor([4, 0, 2, 2])
        let w = Tensor([0.5, 1, 2, 1.5, 0.25])
        let cases: [(String, ([Variable]) throws -> Variable)] = [
            ("plain", { try Loss.crossEntropy(logits: $0[0], labels: y) }),
            ("smoothing", { try Loss.crossEntropy(logits: $0[0], labels: y, labelSmoothing: 0.2) }),
            ("weights", { try Loss.crossEntropy(logits: $0[0], labels: y, classWeights: w) }),
            ("both, none", { try lossProjection(Loss.crossEntropy(logits: $0[0], labels: y, labelSmoothing: 0.1,
                                                                  classWeights: w, reduction: .none)) }),
        ]
        for (name, f) in cases {
            XCTAssertLessThan(try lossGradientError([x], f), 1e-2, name)
        }
    }

    func testBinaryCrossEntropyValues() throws {
        // Rows: x = 0, z = 1 → ln 2; soft target z = 0.3 at x = 2: softplus(2) − 0.6;
        // positive weight 3 at x = 0.5, z = 1: 3·softplus(−0.5); x = −1.5, z = 0: softplus(−1.5).
        let x = Variable(Tensor([0, 2, 0.5, -1.5])), z = Variable(Tensor([1, 0.3, 1, 0]))
        let pw = Tensor([1, 1, 3, 3])
        let out = try Loss.binaryCrossEntropyWithLogits(logits: x, targets: z, positiveWeight: pw, reduction: .none).value.scalars
        let expected: [Float] = [0.69314718, 1.52692801, 1.42223095, 0.20141328]
        for (o, e) in zip(out, expected) { XCTAssertEqual(o, e, accuracy: 1e-6) }
        XCTAssertEqual(try Loss.binaryCrossEntropyWithLogits(logits: x, targets: z, positiveWeight: pw).value.scalar,
                       expected.reduce(0, +) / 4, accuracy: 1e-6)
    }

    func testPerClassPositiveWeightsBroadcastOverRows() throws {
        // [2, 2] logits, one weight per class (column).
        let x = Variable(Tensor(shape: [2, 2], repeating: 0)), z = Variable(Tensor(shape: [2, 2], repeating: 1))
        let out = try Loss.binaryCrossEntropyWithLogits(logits: x, targets: z, positiveWeight: Tensor([1, 4]), reduction: .none)
        for (o, e) in zip(out.value.scalars, [1, 4, 1, 4].map { Float($0) * 0.69314718 }) { XCTAssertEqual(o, e, accuracy: 1e-6) }
        XCTAssertThrowsError(try Loss.binaryCrossEntropyWithLogits(logits: x, targets: z, positiveWeight: Tensor([1, 2, 3])))
        XCTAssertThrowsError(try Loss.binaryCrossEntropyWithLogits(logits: x, targets: Variable(Tensor([1, 1]))))
    }

    func testBinaryCrossEntropyIsStableForExtremeLogits() throws {
        let x = Variable(Tensor([100, -100, 100, -100]), requiresGrad: true)
        let z = Variable(Tensor([1, 1, 0, 0]), requiresGrad: true)
        let loss = try Loss.binaryCrossEntropyWithLogits(logits: x, targets: z, reduction: .none)
        // Exact to Float32: log(1 + e⁻¹⁰⁰) ≈ e⁻¹⁰⁰ ≈ 3.7e-44 survives as a subnormal.
        for (l, e) in zip(loss.value.scalars, [0, 100, 100, 0] as [Float]) { XCTAssertEqual(l, e, accuracy: 1e-30) }
        try loss.sum().backward()
        for (g, e) in zip(x.grad!.scalars, [0, -1, 1, 0] as [Float]) { XCTAssertEqual(g, e, accuracy: 1e-30) }  // σ(x) − z
        XCTAssertEqual(z.grad!.scalars, [-100, 100, -100, 100])  // −x
        let weighted = try Loss.binaryCrossEntropyWithLogits(logits: Variable(Tensor([-100])), targets: Variable(Tensor([1])),
                                                             positiveWeight: Tensor([5]))
        XCTAssertEqual(weighted.value.scalar, 500)
    }

    func testBinaryCrossEntropyGradientsMatchFiniteDifferences() throws {
        var rng = RandomGenerator(seed: 8)
        let x = rng.normal([3, 4], std: 2)
        let z = rng.uniform([3, 4])                      // soft targets
        let pw = Tensor([0.5, 1, 2, 4])
        let cases: [(String, ([Variable]) throws -> Variable)] = [
            ("plain", { try Loss.binaryCrossEntropyWithLogits(logits: $0[0], targets: $0[1]) }),
            ("positive weights", { try Loss.binaryCrossEntropyWithLogits(logits: $0[0], targets: $0[1], positiveWeight: pw) }),
            ("none", { try lossProjection(Loss.binaryCrossEntropyWithLogits(logits: $0[0], targets: $0[1], positiveWeight: pw,
                                                                            reduction: .none)) }),
        ]
        for (name, f) in cases {
            XCTAssertLessThan(try lossGradientError([x, z], f), 1e-2, name)
        }
    }
}
