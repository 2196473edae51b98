import Foundation
import GazeCore
import NN
import Tensor

/// How the shipped default weights are made: DeeSCo (heterogeneous heads, SC loss) trained on
/// synthetic eyes of `trainSubjects` people and measured on eyes of `testSubjects` others.
public struct DeeSCoDefaultTraining: Sendable {
    public var trainSubjects = 60
    public var trainCount = 6_000
    public var testSubjects = 15
    public var testCount = 1_500
    public var epochs = 12
    public var seed: UInt64 = 1

    public init() {}

    /// Trains, evaluates on the held-out subjects, and writes the weights (atomically) with
    /// their provenance. Returns the model, its test evaluation and the file's SHA-256.
    public func run(writingTo url: URL, log: @escaping @Sendable (String) -> Void = { print($0) }) throws
        -> (model: DeeSCoModel, evaluation: DeeSCoEvaluation, sha256: String) {
        let start = Date()
        let (train, test) = try SyntheticEyeDataset.split(trainSubjects: trainSubjects, trainCount: trainCount,
                                                          testSubjects: testSubjects, testCount: testCount, seed: seed)
        log(String(format: "rendered %d train and %d test eyes in %.0f s", train.count, test.count, Date().timeIntervalSince(start)))
        var config = DeeSCoConfig.heterogeneous
        config.epochs = epochs
        config.seed = seed
        Initializer.seed(seed)
        let model = try DeeSCoModel(config: config)
        try DeeSCoTrainer.fit(model, data: train) { epoch, loss in log(String(format: "epoch %d: loss %.4f", epoch + 1, loss)) }
        let evaluation = try DeeSCoEvaluation(model: model, data: test)
        let seconds = Date().timeIntervalSince(start)
        log(String(format: "test: ensemble %.2f°, heads %@°, landmarks %.2f px (%.0f s in all)", evaluation.ensembleError,
                   evaluation.predictorErrors.map { String(format: "%.2f", $0) }.joined(separator: "/"), evaluation.landmarkError, seconds))
        let provenance = [
            "deesco.recipe": "DeeSCoDefaultTraining(trainSubjects: \(trainSubjects), trainCount: \(trainCount), epochs: \(epochs), seed: \(seed))",
            "deesco.data": "synthetic eyes 36x60 gray, split seed \(seed): \(train.count) crops of \(trainSubjects) subjects; test \(test.count) crops of \(testSubjects) others",
            "deesco.test_angular_error_deg": String(format: "%.3f", evaluation.ensembleError),
            "deesco.test_landmark_error_px": String(format: "%.3f", evaluation.landmarkError),
        ]
        let sha = try DeeSCoWeights.save(model, to: url, provenance: provenance)
        return (model, evaluation, sha)
    }
}
