import XCTest
@testable import NN
import Tensor

/// SGD against hand-computed updates (PyTorch's formulas) and on a quadratic.
final class OptimizerSGDTests: XCTestCase {
    func parameter(_ values: [Float], grad: [Float]) -> Variable {
        let p = Variable(Tensor(values), requiresGrad: true)
        p.grad = Tensor(grad)
        return p
    }

    func assertClose(_ a: [Float], _ b: [Double], accuracy: Double = 1e-6, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (x, y) in zip(a, b) { XCTAssertEqual(Double(x), y, accuracy: accuracy, "\(a) vs \(b)", file: file, line: line) }
    }

    func testPlainStepAndWeightDecay() throws {
        let p = parameter([1, 2], grad: [0.5, -1])
        try SGD([p], learningRate: 0.1).step()
        assertClose(p.value.scalars, [0.95, 2.1])
        // λ = 0.1: g + λp = [0.6, −0.8].
        let q = parameter([1, 2], grad: [0.5, -1])
        try SGD([q], learningRate: 0.1, weightDecay: 0.1).step()
        assertClose(q.value.scalars, [0.94, 2.08])
    }

    func testMomentumNesterovAndDampeningOverTwoSteps() throws {
        // Constant gradient g = 1, p₀ = 0, η = 0.1, μ = 0.9.
        func run(_ make: (Variable) throws -> SGD) throws -> [Float] {
            let p = parameter([0], grad: [1])
            let optimizer = try make(p)
            var out: [Float] = []
            for _ in 0..<2 { try optimizer.step(); out.append(p.value.scalars[0]) }
            return out
        }
        // b₁ = 1 → −0.1; b₂ = 0.9 + 1 = 1.9 → −0.29.
        assertClose(try run { try SGD([$0], learningRate: 0.1, momentum: 0.9) }, [-0.1, -0.29])
        // Nesterov: step g + μb: 1.9 then 1 + 0.9·1.9 = 2.71.
        assertClose(try run { try SGD([$0], learningRate: 0.1, momentum: 0.9, nesterov: true) }, [-0.19, -0.461])
        // Dampening 0.5: the first buffer is g (undamped), then 0.9 + 0.5 = 1.4.
        assertClose(try run { try SGD([$0], learningRate: 0.1, momentum: 0.9, dampening: 0.5) }, [-0.1, -0.24])
        // With weight decay the buffer starts from g + λp.
        let p = parameter([1], grad: [1])
        let optimizer = try SGD([p], learningRate: 0.1, momentum: 0.5, weightDecay: 0.2)
        try optimizer.step()            // d = 1.2, b = 1.2, p = 0.88
        try optimizer.step()            // d = 1.176, b = 0.6 + 1.176 = 1.776, p = 0.88 − 0.1776
        assertClose(p.value.scalars, [0.7024])
    }

    func testParametersWithoutGradientsAreSkippedAndTiedOnesUpdatedOnce() throws {
        let a = parameter([1], grad: [1]), b = Variable(Tensor([5]), requiresGrad: true)
        let optimizer = try SGD([("a", a), ("b", b), ("tied", a)], learningRate: 0.5, momentum: 0.9)
        try optimizer.step()
        XCTAssertEqual(a.value.scalars, [0.5])
        XCTAssertEqual(b.value.scalars, [5])
        XCTAssertEqual(optimizer.namedParameters.map(\.0), ["a", "b"])
        XCTAssertEqual(Set(optimizer.state().keys).filter { $0.hasPrefix("state.") }, ["state.a.momentum_buffer"])
        optimizer.zeroGrad()
        XCTAssertNil(a.grad)
    }

    func testNonFiniteGradientThrowsAndChangesNothing() throws {
        let a = parameter([1, 2], grad: [0.1, 0.1]), b = parameter([3], grad: [.nan])
        let optimizer = try SGD([("first", a), ("second", b)], learningRate: 0.1, momentum: 0.9)
        XCTAssertThrowsError(try optimizer.step()) { error in
            XCTAssertEqual(error as? OptimizerError, .nonFiniteGradient(parameter: "second"))
            XCTAssertTrue("\(error)".contains("'second'"), "\(error)")
        }
        XCTAssertEqual(a.value.scalars, [1, 2])
        XCTAssertEqual(b.value.scalars, [3])
        XCTAssertTrue(optimizer.state().keys.allSatisfy { !$0.hasPrefix("state.") })
        b.grad = Tensor([.infinity])
        XCTAssertThrowsError(try optimizer.step())
    }

    func testAParameterThatChangedShapeIsRefused() throws {
        let p = parameter([1, 2, 3], grad: [1, 1, 1])
        let optimizer = try SGD([("w", p)], learningRate: 0.1, momentum: 0.9)
        try optimizer.step()
        p.value = Tensor([1, 2])                        // e.g. pruned
        p.grad = Tensor([1, 1])
        XCTAssertThrowsError(try optimizer.step()) { error in
            XCTAssertEqual(error as? OptimizerError, .shape(key: "state.w.momentum_buffer", expected: [2], found: [3]))
        }
        XCTAssertEqual(p.value.scalars, [1, 2])
        p.grad = Tensor([1, 1, 1])
        XCTAssertThrowsError(try optimizer.step())
    }

    func testInvalidHyperparametersThrow() {
        let p = parameter([1], grad: [1])
        XCTAssertThrowsError(try SGD([p], learningRate: -1))
        XCTAssertThrowsError(try SGD([p], learningRate: 0.1, nesterov: true))
        XCTAssertThrowsError(try SGD([p], learningRate: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true))
        XCTAssertThrowsError(try SGD([p], learningRate: 0.1, weightDecay: -0.1))
        let optimizer = try! SGD([p], learningRate: 0.1)
        optimizer.learningRate = .nan
        XCTAssertThrowsError(try optimizer.step())
    }

    func testMomentumMinimisesAnIllConditionedQuadratic() throws {
        // f(x) = ½ Σ aᵢ (xᵢ − cᵢ)², curvatures 1…20: gradients come from autograd, as in training.
        let a = Variable(Tensor([1, 5, 20])), c = Variable(Tensor([3, -2, 0.5]))
        let x = Variable(Tensor(zeros: [3]), requiresGrad: true)
        let optimizer = try SGD([x], learningRate: 0.04, momentum: 0.8, nesterov: true)
        for _ in 0..<300 {
            optimizer.zeroGrad()
            try (a * (x - c).squared() * 0.5).sum().backward()
            try optimizer.step()
        }
        for (v, target) in zip(x.value.scalars, c.value.scalars) { XCTAssertEqual(v, target, accuracy: 1e-4) }
    }
}
