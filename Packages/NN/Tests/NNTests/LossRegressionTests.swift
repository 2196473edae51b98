import XCTest
@testable import NN
import Tensor

/// MSE, L1, smooth L1, Huber and Wing against hand-computed values and finite differences.
final class LossRegressionTests: XCTestCase {
    let prediction = Variable(Tensor([1, 2, 3, -2]))
    let target = Variable(Tensor([1, 1, 1, 1]))      // residuals 0, 1, 2, -3

    func testMSEAndL1Reductions() throws {
        XCTAssertEqual(try Loss.mse(prediction, target).value.scalar, 14.0 / 4, accuracy: 1e-6)
        XCTAssertEqual(try Loss.mse(prediction, target, reduction: .sum).value.scalar, 14)
        XCTAssertEqual(try Loss.mse(prediction, target, reduction: .none).value.scalars, [0, 1, 4, 9])
        XCTAssertEqual(try Loss.l1(prediction, target).value.scalar, 1.5)
        XCTAssertEqual(try Loss.l1(prediction, target, reduction: .sum).value.scalar, 6)
        XCTAssertEqual(try Loss.l1(prediction, target, reduction: .none).value.scalars, [0, 1, 2, 3])
    }

    func testSmoothL1AndHuberRegimes() throws {
        let p = Variable(Tensor([0.5, 1, 2, -3, 0.25])), t = Variable(Tensor(zeros: [5]))
        // β = 1: 0.5·0.25 = 0.125 (quadratic), |1| − 0.5, 2 − 0.5, 3 − 0.5, 0.5·0.0625.
        XCTAssertEqual(try Loss.smoothL1(p, t, reduction: .none).value.scalars, [0.125, 0.5, 1.5, 2.5, 0.03125])
        // β = 0.5: d = 0.25 is quadratic: 0.5·0.0625/0.5 = 0.0625; d = 0.5 is linear: 0.5 − 0.25.
        XCTAssertEqual(try Loss.smoothL1(p, t, beta: 0.5, reduction: .none).value.scalars, [0.25, 0.75, 1.75, 2.75, 0.0625])
        // β = 0 is L1.
        XCTAssertEqual(try Loss.smoothL1(p, t, beta: 0, reduction: .none).value.scalars, [0.5, 1, 2, 3, 0.25])
        // Huber δ = 2: 0.5d² inside, 2(|d| − 1) outside.
        XCTAssertEqual(try Loss.huber(p, t, delta: 2, reduction: .none).value.scalars, [0.125, 0.5, 2, 4, 0.03125])
        XCTAssertThrowsError(try Loss.smoothL1(p, t, beta: -1))
        XCTAssertThrowsError(try Loss.huber(p, t, delta: 0))
    }

    func testWingBothRegimesAndContinuity() throws {
        // w = 10, ε = 2: C = 10 − 10·ln 6.
        let c = 10 - 10 * log(6.0)
        let p = Variable(Tensor([1, -4, 12, 10, 0])), t = Variable(Tensor(zeros: [5]))
        let out = try Loss.wing(p, t, w: 10, epsilon: 2, reduction: .none).value.scalars
        let expected = [10 * log(1.5), 10 * log(3.0), 12 - c, 10 - c, 0]
        for (o, e) in zip(out, expected) { XCTAssertEqual(Double(o), e, accuracy: 1e-5) }
        // The two regimes meet at |d| = w: w·ln(1 + w/ε) = w − C.
        let below = try Loss.wing(Variable(Tensor([9.9999])), Variable(Tensor([0])), reduction: .sum).value.scalar
        XCTAssertEqual(Double(below), 10 - c, accuracy: 1e-3)
        // Slopes: w/(ε + |d|) in the log regime, 1 in the linear one.
        let x = Variable(Tensor([1, -4, 12]), requiresGrad: true)
        try Loss.wing(x, Variable(Tensor(zeros: [3])), reduction: .sum).backward()
        let g = x.grad!.scalars
        XCTAssertEqual(g[0], 10.0 / 3, accuracy: 1e-5)
        XCTAssertEqual(g[1], -10.0 / 6, accuracy: 1e-5)
        XCTAssertEqual(g[2], 1, accuracy: 1e-6)
        XCTAssertThrowsError(try Loss.wing(p, t, w: 0))
    }

    func testBroadcastTargetAndShapeErrors() throws {
        // A [3] target broadcasts over a [2, 3] prediction; its gradient sums over the rows.
        let p = Variable(Tensor(shape: [2, 3], repeating: 1), requiresGrad: true)
        let t = Variable(Tensor([0, 1, 3]), requiresGrad: true)
        let loss = try Loss.mse(p, t, reduction: .sum)
        XCTAssertEqual(loss.value.scalar, 2 * (1 + 0 + 4))
        try loss.backward()
        XCTAssertEqual(t.grad!.scalars, [-4, 0, 8])
        XCTAssertThrowsError(try Loss.l1(p, Variable(Tensor([1, 2])))) { error in
            XCTAssertTrue("\(error)".contains("do not broadcast"), "\(error)")
        }
    }

    func testGradientsMatchFiniteDifferences() throws {
        var rng = RandomGenerator(seed: 5)
        // Residuals kept away from every kink (0, ±β, ±δ, ±w) by more than the step.
        let target = rng.normal([3, 4])
        let offsets: [Float] = [0.3, -0.7, 1.6, -2.4, 0.45, -0.2, 3.1, -12.5, 0.8, -1.3, 14, -0.55]
        let p = try target + Tensor(shape: [3, 4], scalars: offsets)
        let cases: [(String, ([Variable]) throws -> Variable)] = [
            ("mse", { try Loss.mse($0[0], $0[1]) }),
            ("l1", { try Loss.l1($0[0], $0[1], reduction: .sum) }),
            ("smoothL1", { try Loss.smoothL1($0[0], $0[1], beta: 1) }),
            ("smoothL1 β=0.5", { try Loss.smoothL1($0[0], $0[1], beta: 0.5, reduction: .sum) }),
            ("huber", { try Loss.huber($0[0], $0[1], delta: 2) }),
            ("wing", { try Loss.wing($0[0], $0[1], w: 10, epsilon: 2) }),
            ("wing small", { try Loss.wing($0[0], $0[1], w: 1, epsilon: 0.5, reduction: .sum) }),
            ("mse none", { try lossProjection(Loss.mse($0[0], $0[1], reduction: .none)) }),
            ("wing none", { try lossProjection(Loss.wing($0[0], $0[1], reduction: .none)) }),
        ]
        for (name, f) in cases {
            let error = try lossGradientError([p, target], f)
            XCTAssertLessThan(error, 1e-2, name)
        }
    }
}
