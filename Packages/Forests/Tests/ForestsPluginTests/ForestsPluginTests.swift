import Foundation
import NN
import Registry
import Tensor
import XCTest
@testable import Forests
@testable import ForestsPlugin

final class ForestsPluginTests: XCTestCase {
    private func temporaryFile(_ name: String, _ text: String? = nil) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("facet-forests-\(UUID().uuidString)-\(name)")
        if let text { try text.write(to: url, atomically: true, encoding: .utf8) }
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Two well-separated classes along `a`; `b` is noise; names are text.
    private func classificationCSV(rows: Int, seed: UInt64, shuffledHeader: Bool = false) -> String {
        var rng = RandomGenerator(seed: seed)
        var lines = [shuffledHeader ? "b,kind,a" : "a,b,kind"]
        for i in 0..<rows {
            let positive = i % 2 == 0
            let a = (positive ? 2 : -2) + rng.normalFloat()
            let b = rng.normalFloat()
            lines.append(shuffledHeader ? "\(b),\(positive ? "pos" : "neg"),\(a)" : "\(a),\(b),\(positive ? "pos" : "neg")")
        }
        return lines.joined(separator: "\n")
    }

    func testRegistryBuildsARecipeFromDefaultsAndOverrides() throws {
        let registry = try MethodRegistry(ForestsPlugins.all)
        XCTAssertEqual(registry.ids, ["forests"])
        let recipe = try registry.make("forests", as: ForestRecipe.self)
        XCTAssertEqual(recipe.config.treeCount, 100)
        XCTAssertEqual(recipe.config.tree.maxFeatures, .sqrt)
        XCTAssertNil(recipe.config.tree.maxDepth)
        XCTAssertTrue(recipe.config.oobScore)
        XCTAssertEqual(recipe.regressionMaxFeatures, .all)

        let extra = try registry.make("forests", as: ForestRecipe.self) {
            try $0.apply(overrides: ["trees=7", "max-depth=4", "extra-trees=true", "max-features=0.5", "class-weight=balanced"])
        }
        XCTAssertEqual(extra.config.treeCount, 7)
        XCTAssertEqual(extra.config.tree.maxDepth, 4)
        XCTAssertFalse(extra.config.bootstrap)
        XCTAssertFalse(extra.config.oobScore)
        XCTAssertEqual(extra.config.tree.thresholdMode, .random(perFeature: 1))
        XCTAssertEqual(extra.config.tree.maxFeatures, .fraction(0.5))
        XCTAssertEqual(extra.regressionMaxFeatures, .fraction(0.5))
        XCTAssertEqual(extra.classWeight, .balanced)

        XCTAssertThrowsError(try registry.make("forests", as: ForestRecipe.self) { try $0.apply(overrides: ["max-features=lots"]) }) {
            XCTAssertTrue("\($0)".contains("max-features 'lots'"), "\($0)")
        }
    }

    func testClassifierTrainsSavesAndEvaluatesByColumnAndClassName() throws {
        let train = try temporaryFile("train.csv", classificationCSV(rows: 200, seed: 1))
        // The test file orders its columns differently and starts with the other class.
        let test = try temporaryFile("test.csv", classificationCSV(rows: 100, seed: 2, shuffledHeader: true))
        let recipe = ForestRecipe(config: ForestConfig(treeCount: 20, seed: 3, oobScore: true))
        let forest = try recipe.fit(try CSVTable.read(train, target: "kind"))
        XCTAssertTrue(forest.isClassifier)
        XCTAssertGreaterThan(forest.oobScore ?? 0, 0.9)

        let file = try temporaryFile("model.forest")
        try forest.save(to: file)
        let loaded = try TrainedForest.load(from: file)
        XCTAssertEqual(loaded.columns, ForestColumns(features: ["a", "b"], target: "kind", classes: ["neg", "pos"]))
        let evaluation = try loaded.evaluate(csv: test)
        XCTAssertEqual(evaluation.value("rows"), 100)
        XCTAssertGreaterThan(evaluation.value("accuracy")!, 0.9)
        XCTAssertGreaterThan(evaluation.value("macro_f1")!, 0.9)
        guard case .classes(let labels, let names, let confidence) = try loaded.predict(csv: test) else { return XCTFail("expected classes") }
        XCTAssertEqual(labels.count, 100)
        XCTAssertEqual(names, ["neg", "pos"])
        XCTAssertTrue(confidence.allSatisfy { $0 >= 0.5 && $0 <= 1 })

        let unseen = try temporaryFile("unseen.csv", "a,b,kind\n1,0,pos\n2,1,maybe\n")
        XCTAssertThrowsError(try loaded.evaluate(csv: unseen)) { XCTAssertTrue("\($0)".contains("'maybe'"), "\($0)") }
    }

    func testRegressorOnANumericTarget() throws {
        var rng = RandomGenerator(seed: 4)
        var lines = ["x,z,y"]
        for _ in 0..<300 {
            let x = rng.uniform(-2, 2), z = rng.uniform(-1, 1)
            lines.append("\(x),\(z),\(x * x + 0.1 * z)")
        }
        let train = try temporaryFile("reg.csv", lines.joined(separator: "\n"))
        let forest = try ForestRecipe(config: ForestConfig(treeCount: 30, seed: 1)).fit(try CSVTable.read(train, target: "y"))
        XCTAssertFalse(forest.isClassifier)
        guard case .regressor(let regressor) = forest else { return XCTFail("expected a regressor") }
        XCTAssertEqual(regressor.config.tree.criterion, .mse)
        XCTAssertEqual(regressor.config.tree.maxFeatures, .all)
        let file = try temporaryFile("reg.forest")
        try forest.save(to: file)
        let evaluation = try TrainedForest.load(from: file).evaluate(csv: train)
        XCTAssertGreaterThan(evaluation.value("r2")!, 0.95)
        XCTAssertLessThan(evaluation.value("rmse")!, 0.3)
    }

    func testCorruptModelFileIsRefused() throws {
        let file = try temporaryFile("bad.forest", "not a model")
        XCTAssertThrowsError(try TrainedForest.load(from: file))
    }
}
