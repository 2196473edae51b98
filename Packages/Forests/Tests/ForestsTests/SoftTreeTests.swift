import NN
import Tensor
import XCTest
@testable import Forests

final class SoftTreeTests: XCTestCase {
    override func setUp() { Initializer.seed(7) }

    private func randomInput(_ shape: [Int], seed: UInt64 = 1) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return rng.normal(shape)
    }

    func testRoutingRowsSumToOneAndOrderLeavesBreadthFirst() throws {
        let router = try SoftRouter(depth: 4, inputSize: 5, weightStd: 1)
        let mu = try router.routing(Variable(randomInput([32, 5]))).value
        XCTAssertEqual(mu.shape, [32, 16])
        for s in try mu.sum(alongAxes: [1]).scalars { XCTAssertEqual(s, 1, accuracy: 1e-5) }
        XCTAssertGreaterThanOrEqual(mu.scalars.min()!, 0)

        // Depth 2 by hand: leaf 0 = d0·d1, leaf 1 = d0(1−d1), leaf 2 = (1−d0)d2, leaf 3 = (1−d0)(1−d2).
        let small = try SoftRouter(depth: 2, inputSize: 3, weightStd: 1)
        let x = Variable(randomInput([1, 3], seed: 2))
        let d = try small.decisions(x).value.scalars
        let m = try small.routing(x).value.scalars
        let expected = [d[0] * d[1], d[0] * (1 - d[1]), (1 - d[0]) * d[2], (1 - d[0]) * (1 - d[2])]
        for (a, b) in zip(m, expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }

    func testClassTreeGradientsMatchFiniteDifferences() throws {
        let tree = try SoftTree(depth: 3, inputSize: 4, leaves: .classDistribution(3), featureIndices: [0, 2, 3], beta: 1.5)
        tree.leafParameters.value = randomInput([8, 3], seed: 3)
        let x = Variable(randomInput([5, 4], seed: 4), requiresGrad: true)
        let labels = IndexTensor([0, 2, 1, 1, 0])
        let error = try GradientCheck.maxRelativeError(variables: [x] + tree.parameters()) {
            try ProbabilityLoss.negativeLogLikelihood(probabilities: tree(x), labels: labels)
        }
        XCTAssertLessThan(error, 2e-2)
    }

    func testVectorTreeGradientsMatchFiniteDifferences() throws {
        let tree = try SoftTree(depth: 2, inputSize: 3, leaves: .vector(2))
        let x = Variable(randomInput([6, 3], seed: 5), requiresGrad: true)
        let r = Variable(randomInput([6, 2], seed: 6))
        let error = try GradientCheck.maxRelativeError(variables: [x] + tree.parameters()) {
            try (tree(x) * r).sum()
        }
        XCTAssertLessThan(error, 2e-2)
    }

    func testClassOutputIsAProbabilityVector() throws {
        let tree = try SoftTree(depth: 3, inputSize: 4, leaves: .classDistribution(5))
        tree.leafParameters.value = randomInput([8, 5], seed: 8)
        let p = try tree(Variable(randomInput([10, 4]))).value
        for s in try p.sum(alongAxes: [1]).scalars { XCTAssertEqual(s, 1, accuracy: 1e-5) }
    }

    func testGreedyEqualsSoftAsBetaGrows() throws {
        let tree = try SoftTree(depth: 4, inputSize: 6, leaves: .vector(3))
        let x = randomInput([64, 6], seed: 9)
        let greedy = try tree.predictGreedy(x)
        var previous = Float.infinity
        for beta: Float in [1, 10, 100, 1e5] {
            tree.beta = beta
            let soft = try Autograd.noGrad { try tree(Variable(x)).value }
            let gap = try (soft - greedy).abs().max()
            XCTAssertLessThanOrEqual(gap, previous + 1e-6)
            previous = gap
        }
        XCTAssertLessThan(previous, 1e-3)
    }

    func testFixedPointLeafUpdateNeverIncreasesLogLoss() throws {
        let tree = try SoftTree(depth: 3, inputSize: 4, leaves: .classDistribution(3))
        let x = randomInput([300, 4], seed: 10)
        let xs = x.scalars
        let labels = (0..<300).map { i in xs[i * 4] > 0.3 ? 0 : (xs[i * 4 + 1] > 0 ? 1 : 2) }
        let history = try tree.updateLeavesFixedPoint(inputs: x, labels: labels, iterations: 20)
        XCTAssertEqual(history.count, 21)
        for (a, b) in zip(history, history.dropFirst()) { XCTAssertLessThanOrEqual(b, a + 1e-5) }
        XCTAssertLessThan(history.last!, history.first! - 0.05)
        XCTAssertEqual(try tree.logLoss(inputs: x, labels: labels), history.last!, accuracy: 1e-3)
    }

    func testGreedyRefitGivesSmoothedHistograms() throws {
        let tree = try SoftTree(depth: 1, inputSize: 1, leaves: .classDistribution(2))
        tree.router.weights.value = Tensor(shape: [1, 1], repeating: 1)
        let x = try Tensor(shape: [4, 1], scalars: [1, 2, -1, -2])     // two rows left, two right
        try tree.refitLeavesGreedy(inputs: x, labels: [0, 0, 1, 0], smoothing: 1)
        let pi = try tree.leafValues().value.scalars
        XCTAssertEqual(pi[0], 3.0 / 4, accuracy: 1e-5)     // left leaf: counts (2+1, 0+1)
        XCTAssertEqual(pi[2], 2.0 / 4, accuracy: 1e-5)     // right leaf: counts (1+1, 1+1)

        let reg = try SoftTree(depth: 1, inputSize: 1, leaves: .vector(1))
        reg.router.weights.value = tree.router.weights.value
        try reg.refitLeavesGreedy(inputs: x, targets: Tensor(shape: [4, 1], scalars: [2, 4, 0, 0]), shrinkage: 1)
        // global mean 1.5: left (6 + 1.5)/3, right (0 + 1.5)/3
        XCTAssertEqual(reg.leafParameters.value.scalars, [2.5, 0.5])
    }

    func testBadConfigurationThrows() {
        XCTAssertThrowsError(try SoftTree(depth: 0, inputSize: 4, leaves: .vector(1)))
        XCTAssertThrowsError(try SoftTree(depth: 3, inputSize: 4, leaves: .vector(1), featureIndices: [7]))
        XCTAssertThrowsError(try SoftTree(depth: 3, inputSize: 4, leaves: .vector(1))(Variable(Tensor(zeros: [2, 5]))))
    }
}

final class RidgeLeafUpdateTests: XCTestCase {
    /// The ridge update solves the leaves in closed form: it lowers the squared error, and a
    /// second update from the solved leaves changes nothing (it is a minimiser).
    func testRidgeUpdateLowersTheErrorToAFixedPoint() throws {
        Initializer.seed(21)
        var rng = RandomGenerator(seed: 21)
        let x = rng.normal([300, 3])
        let xs = x.scalars
        let y = try Tensor(shape: [300, 2], scalars: (0..<300).flatMap { i -> [Float] in
            [xs[i * 3] > 0 ? 2 : -1, xs[i * 3 + 1] * 0.5 + (xs[i * 3 + 2] > 0.3 ? 1 : 0)]
        })
        let tree = try SoftTree(depth: 3, inputSize: 3, leaves: .vector(2), beta: 2)
        let first = try tree.updateLeavesRidge(inputs: x, targets: y)
        XCTAssertLessThan(first.after, first.before * 0.8)
        let second = try tree.updateLeavesRidge(inputs: x, targets: y)
        XCTAssertEqual(second.after, first.after, accuracy: 1e-3 * first.after)
        XCTAssertThrowsError(try tree.updateLeavesRidge(inputs: x, targets: y, ridge: 0))
        let classTree = try SoftTree(depth: 2, inputSize: 3, leaves: .classDistribution(2))
        XCTAssertThrowsError(try classTree.updateLeavesRidge(inputs: x, targets: y))
    }
}
