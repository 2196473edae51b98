#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import NN
import Tensor

/// Adam and AdamW against hand-computed first steps and a Double transcription of PyTorch's
/// algorithms over several steps with changing gradients.
final class OptimizerAdamTests: XCTestCase {
    /// torch.optim.Adam / AdamW (amsgrad off), one parameter, in Double.
    struct Reference {
        var p: [Double], m: [Double], v: [Double], t = 0
        let lr: Double, b1: Double, b2: Double, eps: Double, wd: Double, decoupled: Bool

        init(_ p: [Float], lr: Float, b1: Float = 0.9, b2: Float = 0.999, eps: Float = 1e-8, wd: Float, decoupled: Bool) {
            self.p = p.map(Double.init)
            m = Array(repeating: 0, count: p.count)
            v = m
            (self.lr, self.b1, self.b2, self.eps, self.wd, self.decoupled) = (Double(lr), Double(b1), Double(b2), Double(eps), Double(wd), decoupled)
        }

        mutating func step(_ grad: [Float]) {
            t += 1
            for i in p.indices {
                var g = Double(grad[i])
                if decoupled { p[i] *= 1 - lr * wd } else { g += wd * p[i] }
                m[i] = b1 * m[i] + (1 - b1) * g
                v[i] = b2 * v[i] + (1 - b2) * g * g
                let mHat = m[i] / (1 - pow(b1, Double(t))), vHat = v[i] / (1 - pow(b2, Double(t)))
                p[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
        }
    }

    func testFirstStepMovesEachWeightByTheLearningRate() throws {
        // After one step m̂ = g and v̂ = g², so the update is η·g/(|g| + ε).
        let p = Variable(Tensor([1, -1, 0.5]), requiresGrad: true)
        p.grad = Tensor([0.5, -2, 1e-3])
        try Adam([p], learningRate: 0.1).step()
        let expected = [1 - 0.1 * 0.5 / (0.5 + 1e-8), -1 + 0.1 * 2 / (2 + 1e-8), 0.5 - 0.1 * 1e-3 / (1e-3 + 1e-8)]
        for (a, b) in zip(p.value.scalars, expected) { XCTAssertEqual(Double(a), b, accuracy: 1e-6) }
    }

    func testAdamWDecaysTheWeightBeforeTheAdamStep() throws {
        // p ← p·(1 − 0.1·0.1) = 0.99, then − 0.1·sign(g).
        let p = Variable(Tensor([1, 1]), requiresGrad: true)
        p.grad = Tensor([3, -3])
        try AdamW([p], learningRate: 0.1, weightDecay: 0.1).step()
        XCTAssertEqual(p.value.scalars[0], 0.89, accuracy: 1e-6)
        XCTAssertEqual(p.value.scalars[1], 1.09, accuracy: 1e-6)
        // Adam's coupled L2 instead adds λp to g (here g + 0.1 = 3.1 and −2.9): still ± η.
        let q = Variable(Tensor([1, 1]), requiresGrad: true)
        q.grad = Tensor([3, -3])
        try Adam([q], learningRate: 0.1, weightDecay: 0.1).step()
        XCTAssertEqual(q.value.scalars[0], 0.9, accuracy: 1e-6)
        XCTAssertEqual(q.value.scalars[1], 1.1, accuracy: 1e-6)
    }

    func testManyStepsMatchPyTorchFormulas() throws {
        var rng = RandomGenerator(seed: 21)
        for (decoupled, wd) in [(false, Float(0)), (false, 0.05), (true, 0.05)] {
            let start = rng.normal([6]).scalars
            var reference = Reference(start, lr: 0.01, b1: 0.8, b2: 0.99, eps: 1e-6, wd: wd, decoupled: decoupled)
            let p = Variable(Tensor(start), requiresGrad: true)
            let optimizer: Adam = decoupled
                ? try AdamW([p], learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: wd)
                : try Adam([p], learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: wd)
            for _ in 0..<25 {
                let g = rng.normal([6]).scalars
                p.grad = Tensor(g)
                try optimizer.step()
                reference.step(g)
            }
            for (a, b) in zip(p.value.scalars, reference.p) {
                XCTAssertEqual(Double(a), b, accuracy: 1e-5 * max(1, abs(b)), "decoupled \(decoupled), wd \(wd)")
            }
        }
    }

    func testStepCountsArePerParameter() throws {
        // A parameter without a gradient on a step keeps its own count (bias correction).
        let a = Variable(Tensor([0]), requiresGrad: true), b = Variable(Tensor([0]), requiresGrad: true)
        let optimizer = try Adam([a, b], learningRate: 0.1)
        a.grad = Tensor([1])
        try optimizer.step()
        b.grad = Tensor([1])
        try optimizer.step()
        XCTAssertEqual(optimizer.steps, [2, 1])
        // b's first step is a full η step, as a's was.
        XCTAssertEqual(b.value.scalars[0], -0.1, accuracy: 1e-6)
    }

    func testAdamConvergesOnAQuadratic() throws {
        let c = Variable(Tensor([3, -2, 0.5]))
        let x = Variable(Tensor(zeros: [3]), requiresGrad: true)
        let optimizer = try Adam([x], learningRate: 0.05)
        for step in 0..<2000 {
            optimizer.learningRate = 0.05 * (1 - Float(step) / 2000)
            optimizer.zeroGrad()
            try (x - c).squared().sum().backward()
            try optimizer.step()
        }
        for (v, target) in zip(x.value.scalars, c.value.scalars) { XCTAssertEqual(v, target, accuracy: 1e-3) }
    }

    func testInvalidHyperparametersThrow() {
        let p = Variable(Tensor([1]), requiresGrad: true)
        XCTAssertThrowsError(try Adam([p], beta1: 1))
        XCTAssertThrowsError(try AdamW([p], beta2: -0.1))
        XCTAssertThrowsError(try Adam([p], epsilon: -1))
        XCTAssertThrowsError(try AdamW([p], learningRate: .infinity))
    }
}
