import XCTest
@testable import NN
import Tensor

/// Kendall et al.'s uncertainty weighting: value, gradients, and the learned optimum s = log L.
final class LossUncertaintyWeightingTests: XCTestCase {
    func testValueAndGradient() throws {
        let weighting = UncertaintyWeighting(tasks: 2)
        weighting.logVariances.value = Tensor([0, Float(log(2.0))])
        let l1 = Variable(Tensor(scalar: 1), requiresGrad: true), l2 = Variable(Tensor(scalar: 4), requiresGrad: true)
        let total = try weighting([l1, l2])
        // 1·1 + 0  +  ½·4 + ln 2
        XCTAssertEqual(total.value.scalar, 3 + 0.69314718, accuracy: 1e-6)
        try total.backward()
        // ∂/∂s_i = 1 − exp(−s_i)·L_i;  ∂/∂L_i = exp(−s_i).
        XCTAssertEqual(weighting.logVariances.grad!.scalars[0], 0, accuracy: 1e-6)
        XCTAssertEqual(weighting.logVariances.grad!.scalars[1], -1, accuracy: 1e-6)
        XCTAssertEqual(l1.grad!.scalar, 1, accuracy: 1e-6)
        XCTAssertEqual(l2.grad!.scalar, 0.5, accuracy: 1e-6)
        XCTAssertEqual(weighting.taskWeights[1], 0.5, accuracy: 1e-6)
        XCTAssertEqual(weighting.namedParameters().map(\.0), ["logVariances"])
    }

    func testGradientMatchesFiniteDifferences() throws {
        let weighting = UncertaintyWeighting(tasks: 3)
        weighting.logVariances.value = Tensor([0.3, -0.5, 1.2])
        let losses = Variable(Tensor([0.7, 2.5, 0.1]), requiresGrad: true)
        let error = try lossGradientError(variables: weighting.parameters() + [losses]) {
            try weighting(losses.split(alongAxis: 0, sizes: [1, 1, 1]))
        }
        XCTAssertLessThan(error, 1e-2)
    }

    func testLearnsLogOfEachTasksLoss() throws {
        // For fixed losses L_i the optimum is s_i = log L_i.
        let weighting = UncertaintyWeighting(tasks: 3)
        let losses: [Float] = [0.5, 2, 8]
        let optimizer = try SGD(weighting.namedParameters(), learningRate: 0.1)
        for _ in 0..<500 {
            optimizer.zeroGrad()
            try weighting(losses.map { Variable(Tensor(scalar: $0)) }).backward()
            try optimizer.step()
        }
        for (s, l) in zip(weighting.logVariances.value.scalars, losses) { XCTAssertEqual(s, log(l), accuracy: 1e-3) }
    }

    func testRejectsWrongInput() {
        let weighting = UncertaintyWeighting(tasks: 2)
        XCTAssertThrowsError(try weighting([Variable(Tensor(scalar: 1))]))
        XCTAssertThrowsError(try weighting([Variable(Tensor(scalar: 1)), Variable(Tensor([1, 2]))])) { error in
            XCTAssertTrue("\(error)".contains("reduce"), "\(error)")
        }
    }
}
