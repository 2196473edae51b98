import AffectCore
import Foundation
import Tensor
import XCTest
import THIN

final class FaceExpressionTrainingTests: XCTestCase {
    /// A tiny run of the `facet expression train` recipe: unseen people are scored, and the
    /// saved model predicts as the trained one.
    func testTinyRecipeTrainsScoresUnseenPeopleAndSaves() throws {
        var options = FaceExpressionTraining.Options()
        options.trainIdentities = 3
        options.testIdentities = 2
        options.data.perIdentity = 14
        options.data.cropSide = 24
        options.exogenousEpochs = 2
        options.config.epochs = 2
        options.config.batchSize = 16
        var lines: [String] = []
        let result = try FaceExpressionTraining.train(options) { lines.append($0) }
        XCTAssertEqual(result.trainRows, 42)
        XCTAssertEqual(result.model.inputShape, [1, 24, 24])
        XCTAssertEqual(result.model.labels, .basic)
        XCTAssertTrue((0...1).contains(result.testAccuracy))
        XCTAssertTrue(lines.contains { $0.hasPrefix("THIN epoch 2") }, "\(lines)")

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thin-recipe-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try THINWeights.save(result.model, architecture: result.architecture, to: url)
        let loaded = try THINWeights.load(from: url)
        XCTAssertEqual(loaded.architecture.cropMargin, options.data.cropMargin)
        var rng = RandomGenerator(seed: 1)
        let crops = rng.normal([2, 1, 24, 24])
        XCTAssertEqual(try loaded.model.predict(crops).map(\.index), try result.model.predict(crops).map(\.index))
    }

    func testBadOptionsSayWhatIsWrong() {
        var options = FaceExpressionTraining.Options()
        options.trainIdentities = 1
        XCTAssertThrowsError(try FaceExpressionTraining.train(options)) { XCTAssertTrue("\($0)".contains("training people")) }
    }
}
