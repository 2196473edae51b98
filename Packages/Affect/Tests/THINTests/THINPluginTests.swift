import Registry
import Tensor
import XCTest
import THIN

final class THINPluginTests: XCTestCase {
    func testDescriptorAndOverrides() throws {
        XCTAssertEqual(THINPlugin.descriptor.id, "thin")
        XCTAssertEqual(THINPlugin.descriptor.task, .expression)
        XCTAssertEqual(THINPlugin.descriptor.version.description, "1.0.0")
        let registry = try MethodRegistry(AffectPlugins.all)
        let recipe = try registry.make("thin", as: THINRecipe.self) { try $0.apply(overrides: ["gate-depth=2", "dispel-weight=0"]) }
        XCTAssertEqual(recipe.config.gateDepth, 2)
        XCTAssertEqual(recipe.config.dispelWeight, 0)
        XCTAssertThrowsError(try registry.make("thin", as: THINRecipe.self) { try $0.apply(overrides: ["gate=forest"]) })
    }

    /// A small THIN learns a task whose label flips with a nuisance bit that only E sees:
    /// y = (x₀ > 0) XOR (n > 0). Each leaf's linear head can solve one half, no single head can.
    func testTrainingLearnsANuisanceDependentTask() throws {
        var rng = RandomGenerator(seed: 11)
        let n = 512
        let x = rng.normal([n, 4]).scalars, nuisance = (0..<n).map { _ in rng.normal([1]).scalars[0] }
        let labels = (0..<n).map { i in (x[i * 4] > 0) != (nuisance[i] > 0) ? 1 : 0 }
        // Inputs carry the nuisance in column 3 (E reads it; F sees it too, but only linearly per head).
        var rows = x
        for i in 0..<n { rows[i * 4 + 3] = nuisance[i] }
        let inputs = try Tensor(shape: [n, 4], scalars: rows)
        var config = THINConfig()
        config.gateDepth = 1
        config.beta = 10
        config.epochs = 60
        config.batchSize = 64
        config.learningRate = 1e-2
        config.dispelWeight = 0
        let model = try THINRecipe(config: config).makeMLP(inputSize: 4, classCount: 2, exogenousTargetSize: 1,
                                                           endogenousHidden: 1, endogenousSize: 1)
        try THINTrainer.fitExogenous(model.exogenous, inputs: inputs, targets: Tensor(shape: [n, 1], scalars: nuisance), epochs: 40, seed: 1)
        let history = try THINTrainer.fit(model, inputs: inputs, labels: labels)
        XCTAssertLessThan(history.last!, history.first!)
        let predicted = try model.predictProbabilities(inputs).argmax(alongAxis: 1).values
        let accuracy = Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(n)
        XCTAssertGreaterThan(accuracy, 0.85)
    }
}
