import AffectCore
import Forests
import NN
import Tensor
import XCTest
import THIN

/// A gate forced to put all weight on one expert.
private final class OneHotGate: Module, Gate, @unchecked Sendable {
    let expertCount: Int, chosen: Int
    init(experts: Int, chosen: Int) {
        expertCount = experts
        self.chosen = chosen
    }
    func weights(_ g: Variable) throws -> Variable {
        var t = Tensor(zeros: [g.shape[0], expertCount])
        t.withUnsafeMutableBufferPointer { b in for i in 0..<g.shape[0] { b[i * expertCount + chosen] = 1 } }
        return Variable(t)
    }
}

final class GatedEnsembleTests: XCTestCase {
    func testOneHotGateGivesExactlyThatExpertsProbabilities() throws {
        Initializer.seed(1)
        var rng = RandomGenerator(seed: 2)
        let z = Variable(rng.normal([6, 5])), g = Variable(rng.normal([6, 3]))
        let experts = (0..<4).map { _ in Linear(5, 3) }
        for k in 0..<4 {
            let moe = try TreeGatedMixture(gate: OneHotGate(experts: 4, chosen: k), experts: experts, mixing: .probabilities)
            let mixed = try moe(z, gatingInput: g).value.scalars
            let single = try experts[k](z).softmax(alongAxis: 1).value.scalars
            for (a, b) in zip(mixed, single) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        }
    }

    /// THIN's own gate saturated: with a huge β every split is 0 or 1, so each row's weights
    /// are one-hot and the model's output is the expert its greedy leaf names.
    func testSaturatedTreeGateInTHINEqualsItsGreedyExpert() throws {
        var config = THINConfig()
        config.gateDepth = 2
        config.gateInput = .external
        config.beta = 1e4
        Initializer.seed(4)
        let model = try THINModel(exogenous: ExogenousNetwork.mlp(sizes: [8, 6, 4], targetSize: 2),
                                  endogenous: MLP.reluStack([8, 7]), endogenousSize: 7, classCount: 3,
                                  config: config, externalGatingSize: 2)
        let tree = try XCTUnwrap(model.mixture.gate as? TreeGate)
        // Splits of unit size so the gating values land far from every boundary.
        for p in tree.router.parameters() where p.shape.count == 2 {
            var rng = RandomGenerator(seed: 9)
            p.value = rng.normal(p.shape)
        }
        var rng = RandomGenerator(seed: 8)
        let x = rng.normal([10, 8]), g = rng.normal([10, 2])
        let out = try Autograd.noGrad { try model.forward(x, gatingInput: g) }
        let w = out.gate.value.scalars
        let chosen = try tree.greedyExperts(g)
        for i in 0..<10 {
            XCTAssertEqual(w[i * 4 + chosen[i]], 1, accuracy: 1e-4, "row \(i) is not one-hot: \(Array(w[(i * 4)..<(i * 4 + 4)]))")
            let expert = try Autograd.noGrad {
                try model.mixture.expertOutput(chosen[i], out.endogenous.indexSelect(alongAxis: 0, [i])).value.scalars
            }
            for c in 0..<3 { XCTAssertEqual(out.probabilities.value.scalars[i * 3 + c], expert[c], accuracy: 1e-4) }
        }
    }

    func testGateWeightsSumToOneAndProbabilitiesAreADistribution() throws {
        Initializer.seed(6)
        let model = try THINRecipe(config: THINConfig()).makeMLP(inputSize: 12, classCount: 4, exogenousTargetSize: 2,
                                                                 endogenousHidden: 10, endogenousSize: 6)
        var rng = RandomGenerator(seed: 7)
        let out = try model.forward(rng.normal([5, 12]))
        XCTAssertEqual(out.gate.shape, [5, 8])
        for s in try out.gate.value.sum(alongAxes: [1]).scalars { XCTAssertEqual(s, 1, accuracy: 1e-5) }
        for s in try out.probabilities.value.sum(alongAxes: [1]).scalars { XCTAssertEqual(s, 1, accuracy: 1e-5) }
        XCTAssertThrowsError(try model.probabilities(rng.normal([5, 11]))) // wrong crop shape says what to do
    }
}
