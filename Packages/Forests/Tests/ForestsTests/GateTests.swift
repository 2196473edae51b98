import NN
import Tensor
import XCTest
@testable import Forests

/// A gate that sends every row to one expert (to test the mixture against that expert).
private final class OneHotGate: Module, Gate, @unchecked Sendable {
    let expertCount: Int, chosen: Int
    init(experts: Int, chosen: Int) { expertCount = experts; self.chosen = chosen }
    func weights(_ g: Variable) throws -> Variable {
        var w = Tensor(zeros: [g.shape[0], expertCount])
        w.withUnsafeMutableBufferPointer { b in for i in 0..<g.shape[0] { b[i * expertCount + chosen] = 1 } }
        return Variable(w)
    }
}

final class GateTests: XCTestCase {
    override func setUp() { Initializer.seed(11) }

    private func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return rng.normal(shape)
    }

    func testTreeGateWeightsSumToOneAndStartBalanced() throws {
        let sample = random([200, 2], seed: 1)
        let gate = try TreeGate(depth: 3, gatingSize: 2, sample: sample)
        XCTAssertEqual(gate.expertCount, 8)
        let w = try gate.weights(Variable(sample)).value
        for s in try w.sum(alongAxes: [1]).scalars { XCTAssertEqual(s, 1, accuracy: 1e-5) }
        let stats = try gate.statistics(gatingInputs: sample)
        XCTAssertEqual(stats.usageEntropy, Float(Foundation.log(8.0)), accuracy: 1e-3)   // balanced start
    }

    func testTreeGateGradientsMatchFiniteDifferences() throws {
        let gate = try TreeGate(depth: 2, gatingSize: 3, beta: 1, weightStd: 1)
        let g = Variable(random([5, 3], seed: 2), requiresGrad: true)
        let r = Variable(random([5, 4], seed: 3))
        let error = try GradientCheck.maxRelativeError(variables: [g] + gate.parameters()) {
            try (gate.weights(g) * r).sum()
        }
        XCTAssertLessThan(error, 2e-2)
    }

    func testMixtureFindsItsParametersAndGradientsFlow() throws {
        let gate = try TreeGate(depth: 1, gatingSize: 2, weightStd: 1)
        let moe = try TreeGatedMixture(gate: gate, experts: [Linear(3, 2), Linear(3, 2)], balanceWeight: 0.1)
        XCTAssertEqual(moe.parameters().count, 2 + 2 * 2)
        let x = Variable(random([6, 3], seed: 4), requiresGrad: true)
        let g = Variable(random([6, 2], seed: 5), requiresGrad: true)
        let y = Variable(random([6, 2], seed: 6))
        for objective in [TreeGatedMixture.Objective.cooperative, .competitive] {
            moe.objective = objective
            let error = try GradientCheck.maxRelativeError(variables: [x, g] + moe.parameters()) {
                try moe.loss(x, gatingInput: g) { try ($0 - y).squared().sum(alongAxes: [1]) }
            }
            XCTAssertLessThan(error, 2e-2, "\(objective)")
        }
    }

    func testMixtureEqualsTheChosenExpertUnderAOneHotGate() throws {
        let experts: [any Layer] = (0..<4).map { _ in Linear(3, 2) }
        let x = Variable(random([7, 3], seed: 7)), g = Variable(random([7, 2], seed: 8))
        let moe = try TreeGatedMixture(gate: OneHotGate(experts: 4, chosen: 2), experts: experts)
        let mixed = try moe(x, gatingInput: g).value
        XCTAssertLessThan(try (mixed - experts[2](x).value).abs().max(), 1e-6)

        // A tree gate with a huge β and inputs deep on one side of every split acts the same.
        let gate = try TreeGate(depth: 2, gatingSize: 2, beta: 1e4, weightStd: 1)
        gate.router.weights.value = Tensor(shape: [2, 3], repeating: 1)
        let treeMoe = try TreeGatedMixture(gate: gate, experts: experts, mixing: .probabilities)
        let farRight = Variable(Tensor(shape: [7, 2], repeating: -5))          // every node says right → leaf 3
        let probabilities = try treeMoe(x, gatingInput: farRight).value
        XCTAssertLessThan(try (probabilities - experts[3](x).value.softmax(alongAxis: 1)).abs().max(), 1e-5)
        treeMoe.routing = .greedy
        XCTAssertLessThan(try (treeMoe(x, gatingInput: farRight).value - probabilities).abs().max(), 1e-6)
    }

    func testGreedyMixtureEvaluatesEachRowsTopExpert() throws {
        let experts: [any Layer] = (0..<4).map { _ in Linear(3, 1) }
        let gate = try TreeGate(depth: 2, gatingSize: 2, weightStd: 1)
        let moe = try TreeGatedMixture(gate: gate, experts: experts, routing: .greedy)
        let x = Variable(random([20, 3], seed: 9)), gt = random([20, 2], seed: 10)
        let out = try moe(x, gatingInput: Variable(gt)).value.scalars
        let chosen = try gate.greedyExperts(gt)
        for i in 0..<20 {
            let row = Variable(try x.value.indexSelect(alongAxis: 0, [i]))
            XCTAssertEqual(out[i], try experts[chosen[i]](row).value.scalars[0], accuracy: 1e-5)
        }
    }

    func testBalanceLossIsZeroWhenEvenAndPositiveWhenCollapsed() throws {
        let even = Variable(Tensor(shape: [4, 4], repeating: 0.25))
        XCTAssertEqual(try TreeGatedMixture.balanceLoss(weights: even).value.scalars[0], 0, accuracy: 1e-6)
        var collapsed = Tensor(zeros: [4, 4])
        collapsed.withUnsafeMutableBufferPointer { b in for i in 0..<4 { b[i * 4] = 1 } }
        XCTAssertEqual(try TreeGatedMixture.balanceLoss(weights: Variable(collapsed)).value.scalars[0],
                       Float(Foundation.log(4.0)), accuracy: 1e-5)
    }

    func testSoftmaxAndUniformGatesAndStatistics() throws {
        let g = random([10, 3], seed: 12)
        let softmax = try SoftmaxGate(gatingSize: 3, experts: 5)
        for s in try softmax.weights(Variable(g)).value.sum(alongAxes: [1]).scalars { XCTAssertEqual(s, 1, accuracy: 1e-5) }
        let uniform = try UniformGate(experts: 4)
        let stats = try uniform.statistics(gatingInputs: g, labels: ["yaw": (0..<10).map(Float.init)])
        XCTAssertEqual(stats.usage, [0.25, 0.25, 0.25, 0.25])
        XCTAssertEqual(stats.labelMeans["yaw"]!, [4.5, 4.5, 4.5, 4.5])
        XCTAssertThrowsError(try TreeGatedMixture(gate: uniform, experts: [Linear(2, 1)]))
        XCTAssertThrowsError(try uniform.statistics(gatingInputs: g, labels: ["yaw": [1]]))
    }
}
