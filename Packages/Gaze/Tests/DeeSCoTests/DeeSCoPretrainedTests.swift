import DeeSCo
import GazeCore
import Registry
import XCTest

/// The shipped weights double as a regression test: they load (checksum checked) and still
/// measure what their release records on the held-out subjects they were measured on.
final class DeeSCoPretrainedTests: XCTestCase {
    func testDefaultWeightsLoadAndKeepTheirRecordedError() throws {
        let registry = try MethodRegistry(GazePlugins.all)
        let model = try registry.make("deesco", as: DeeSCoModel.self)
        XCTAssertEqual(model.config.loss, .stochastic)
        XCTAssertEqual(model.predictorCount, 4)
        // The first 300 crops of the release's test set (samples are pure functions of their index).
        var settings = SyntheticEyeDataset.Settings(subjects: 15, count: 300, seed: 2 * 1 + 1_001, identitySeed: 2 * 1 + 5_001)
        settings.width = 60
        let test = try SyntheticEyeDataset(settings)
        let evaluation = try DeeSCoEvaluation(model: model, data: test)
        let recorded = DeeSCoPlugin.defaultWeights.metrics["angular_error_deg"]!
        XCTAssertLessThan(evaluation.ensembleError, 1.25 * recorded, "measured \(evaluation.ensembleError)°, release \(recorded)°")
        XCTAssertLessThan(evaluation.landmarkError, 1.25 * DeeSCoPlugin.defaultWeights.metrics["landmark_error_px"]!)
        // The ensemble beats its weakest head, as in the release's measurement.
        XCTAssertLessThan(evaluation.ensembleError, evaluation.predictorErrors.max()!)
    }
}
