import DeeSCo
import Foundation
import Registry
import XCTest

/// Long runs only on request:
/// - `DEESCO_REPRODUCE=quick|full` (`DEESCO_SEEDS=n` overrides the seed count) runs the reproduction;
/// - `DEESCO_TRAIN_DEFAULT=path` trains the default weights and writes them to `path`.
final class DeeSCoReproductionRun: XCTestCase {
    func testReproductionWhenRequested() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let mode = environment["DEESCO_REPRODUCE"] else { throw XCTSkip("set DEESCO_REPRODUCE=quick|full to run the DeeSCo reproduction") }
        let options = ReproductionOptions(quick: mode != "full", seeds: environment["DEESCO_SEEDS"].flatMap(Int.init))
        let claims = try DeeSCoReproduction.run(options)
        print(ReproductionClaim.verdict(claims))
        XCTAssertEqual(claims.count, 4)
    }

    func testDefaultWeightsTrainingWhenRequested() throws {
        guard let path = ProcessInfo.processInfo.environment["DEESCO_TRAIN_DEFAULT"] else {
            throw XCTSkip("set DEESCO_TRAIN_DEFAULT=path to train the default DeeSCo weights")
        }
        let result = try DeeSCoDefaultTraining().run(writingTo: URL(fileURLWithPath: path))
        print("sha256 \(result.sha256)")
    }
}
