import FaceAlignCore
import Foundation
import NN
import Tensor
import XCTest
@testable import DeCaFA

final class DeCaFATrainingTests: XCTestCase {
    func testShortTrainingOnTinySyntheticDataLowersTheLoss() throws {
        var options = DeCaFATraining.Options()
        options.config.inputSize = 32
        options.config.widths = [8, 16]
        options.config.stemChannels = 8
        options.steps = 60
        options.batchSize = 8
        options.progress = .quiet
        var easy = SyntheticFaceConfig.easy
        easy.imageSize = 48
        let data = try DeCaFAFaceSet.synthetic(config: easy, seed: 11, count: 64, renderSize: 48)
        options.prep = DeCaFADataPrep.evaluation(options.config)
        let result = try DeCaFATraining.train(options, on: data)
        let first = result.history.epochs.first!.meanLoss, last = result.history.epochs.last!.meanLoss
        XCTAssertLessThan(last, 0.8 * first, "loss \(first) -> \(last)")
        // The trained model beats its own untrained start on the training faces.
        let trained = try DeCaFAEvaluation.evaluate(DeCaFADetector(network: result.network), on: data)
        let fresh = try DeCaFAEvaluation.evaluate(DeCaFADetector(network: try DeCaFANetwork(options.config, seed: 0)), on: data)
        XCTAssertLessThan(trained.meanInterOcular, fresh.meanInterOcular)
    }

    func testLossMasksAbsentTasks() throws {
        // One sample with the 68-point task absent: only the 5-point rows count.
        var rows = [Float]()
        for _ in 0..<5 { rows += [10, 10, 1] }
        for _ in 0..<68 { rows += [99, 99, 0] }
        let t = try DeCaFATargets(batch: Tensor(shape: [1, 73, 3], scalars: rows), counts: [5, 68], inputSize: 32)
        XCTAssertEqual(t.weights[1].scalars.reduce(0, +), 0)
        XCTAssertEqual(t.weights[0].scalars.reduce(0, +), 1 / 32, accuracy: 1e-6)
    }
}
