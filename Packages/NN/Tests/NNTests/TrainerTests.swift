import Foundation
import XCTest
@testable import NN
import Tensor

final class TrainerTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("facet-trainer-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Killed mid-epoch (after step 50 of 43-step epochs) and resumed from the checkpoint in a
    /// fresh model and optimizer, training ends with bit-identical weights to an uninterrupted
    /// run. The MLP has dropout, so the dropout generator's state must be restored as well.
    func testKillAndResumeMatchesAnUninterruptedRun() throws {
        let url = directory.appendingPathComponent("run.safetensors")
        let reference = try DigitsRecipe.train(.mlp, epochs: 3, seed: 7, progress: .quiet)

        let cut = try DigitsRecipe.train(.mlp, epochs: 3, seed: 7, checkpoint: url, progress: .quiet, stopAfterStep: 50)
        XCTAssertTrue(cut.history.interrupted)
        XCTAssertEqual(cut.history.steps, 50)
        XCTAssertEqual(cut.history.epochs.count, 1)
        XCTAssertNotEqual(cut.model.stateDict(), reference.model.stateDict())

        // A different seed for the fresh model: everything must come from the checkpoint.
        let resumed = try DigitsRecipe.train(.mlp, epochs: 3, seed: 7, checkpoint: url, progress: .quiet)
        XCTAssertFalse(resumed.history.interrupted)
        XCTAssertEqual(resumed.history.steps, reference.history.steps)
        XCTAssertEqual(resumed.history.epochs.map(\.meanLoss), reference.history.epochs.map(\.meanLoss))
        XCTAssertEqual(resumed.model.stateDict(), reference.model.stateDict())
        XCTAssertEqual(resumed.testAccuracy, reference.testAccuracy)
    }

    func testResumeRefusesACheckpointOfAnotherModel() throws {
        let url = directory.appendingPathComponent("mlp.safetensors")
        _ = try DigitsRecipe.train(.mlp, epochs: 1, checkpoint: url, progress: .quiet, stopAfterStep: 5)
        XCTAssertThrowsError(try DigitsRecipe.train(.cnn, epochs: 1, checkpoint: url, progress: .quiet)) { error in
            XCTAssertTrue("\(error)".contains("cannot resume from"), "\(error)")
        }
    }

    func testShortTrainingLearnsDigits() throws {
        let result = try DigitsRecipe.train(.mlp, epochs: 5, progress: .quiet)
        XCTAssertGreaterThan(result.testAccuracy, 0.9)
        XCTAssertLessThan(result.history.epochs.last!.meanLoss, result.history.epochs.first!.meanLoss)
    }

    func testEarlyStoppingAndNonFiniteLoss() throws {
        Initializer.seed(1)
        let model = Sequential([Linear(2, 1)])
        let data = try TensorDataset(inputs: Tensor(shape: [8, 2], scalars: (0..<16).map(Float.init)), labels: nil,
                                     targets: Tensor(zeros: [8, 1]))
        let loader = try DataLoader(data, batchSize: 4, seed: 0, prefetch: 0)
        let optimizer = try SGD(model.namedParameters(), learningRate: 1e-3)
        let trainer = Trainer(model: model, optimizer: optimizer, loader: loader,
                              options: TrainingOptions(epochs: 20, earlyStoppingPatience: 2, progress: .quiet)) { batch in
            try Loss.mse(model(Variable(batch.inputs)), Variable(batch.targets!))
        }
        let history = try trainer.fit(validate: { 1.0 })   // never improves after epoch 1
        XCTAssertTrue(history.stoppedEarly)
        XCTAssertEqual(history.epochs.count, 3)
        XCTAssertEqual(history.bestEpoch, 1)

        let exploding = Trainer(model: model, optimizer: try SGD(model.namedParameters(), learningRate: 1e30), loader: loader,
                                options: TrainingOptions(epochs: 5, progress: .quiet)) { batch in
            try Loss.mse(model(Variable(batch.inputs)), Variable(batch.targets!))
        }
        XCTAssertThrowsError(try exploding.fit()) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("lower the learning rate") || message.contains("non-finite") || message.contains("NaN"), message)
        }
    }
}
