import XCTest
@testable import NN
import Tensor

/// Learning-rate schedules: values at given steps, composition, and purity.
final class ScheduleTests: XCTestCase {
    func testStepDecay() throws {
        let s = try StepDecay(base: 0.1, gamma: 0.5, every: 3)
        let rates = (0..<8).map { s.learningRate(at: $0) }
        let expected: [Float] = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025]
        for (r, e) in zip(rates, expected) { XCTAssertEqual(r, e, accuracy: 1e-8) }
        XCTAssertEqual(s.learningRate(at: -5), 0.1)
        XCTAssertThrowsError(try StepDecay(base: 0.1, every: 0))
    }

    func testCosineAnnealing() throws {
        let s = try CosineAnnealing(base: 1, minimum: 0.1, steps: 100)
        XCTAssertEqual(s.learningRate(at: 0), 1, accuracy: 1e-7)
        XCTAssertEqual(s.learningRate(at: 50), 0.55, accuracy: 1e-6)                      // halfway: the mean
        XCTAssertEqual(s.learningRate(at: 25), Float(0.1 + 0.9 * (1 + cos(Double.pi / 4)) / 2), accuracy: 1e-6)
        XCTAssertEqual(s.learningRate(at: 100), 0.1, accuracy: 1e-7)
        XCTAssertEqual(s.learningRate(at: 1000), 0.1, accuracy: 1e-7)                     // held at the minimum
        let rates = (0...100).map { s.learningRate(at: $0) }
        XCTAssertTrue(zip(rates, rates.dropFirst()).allSatisfy { $0 >= $1 })
    }

    func testLinearWarmupThenCosine() throws {
        let cosine = try CosineAnnealing(base: 1e-3, minimum: 0, steps: 10)
        let s = try LinearWarmup(steps: 4, startFactor: 0.25, then: cosine)
        // Warm-up: factor 0.25 + 0.75·t/4 of cosine(0) = 1e-3.
        let warm = (0..<4).map { s.learningRate(at: $0) }
        for (r, e) in zip(warm, [0.25e-3, 0.4375e-3, 0.625e-3, 0.8125e-3]) { XCTAssertEqual(Double(r), e, accuracy: 1e-9) }
        // Then the cosine from its own step 0.
        for t in 4..<20 { XCTAssertEqual(s.learningRate(at: t), cosine.learningRate(at: t - 4)) }
        // Warm-up from zero reaches the base at the switch; zero warm-up steps is the schedule itself.
        let fromZero = try LinearWarmup(steps: 5, then: ConstantSchedule(0.2))
        XCTAssertEqual(fromZero.learningRate(at: 0), 0)
        XCTAssertEqual(fromZero.learningRate(at: 5), 0.2)
        XCTAssertEqual(try LinearWarmup(steps: 0, then: cosine).learningRate(at: 3), cosine.learningRate(at: 3))
        XCTAssertThrowsError(try LinearWarmup(steps: 2, startFactor: 2, then: cosine))
    }

    func testWarmupComposesWithStepDecayAndAppliesToAnOptimizer() throws {
        let s = try LinearWarmup(steps: 2, startFactor: 0.5, then: StepDecay(base: 0.4, gamma: 0.1, every: 2))
        let expected: [Float] = [0.2, 0.3, 0.4, 0.4, 0.04, 0.04, 0.004]
        for (t, e) in expected.enumerated() { XCTAssertEqual(s.learningRate(at: t), e, accuracy: 1e-7, "step \(t)") }
        let optimizer = try SGD([Variable(Tensor([0]), requiresGrad: true)], learningRate: 1)
        s.apply(to: optimizer, at: 4)
        XCTAssertEqual(optimizer.learningRate, s.learningRate(at: 4))
        // Pure: asking again, in any order, gives the same rates.
        XCTAssertEqual((0..<7).reversed().map { s.learningRate(at: $0) }, (0..<7).map { s.learningRate(at: $0) }.reversed())
    }
}
