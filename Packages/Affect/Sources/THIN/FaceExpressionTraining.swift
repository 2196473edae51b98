import AffectCore
import Foundation
import NN
import Tensor

/// The recipe of `facet expression train`: THIN for expressions on synthetic people, as in
/// T3 of the reproduction. E (a `ConvTrunk` + identity head) learns the training people's
/// identities and is frozen; F, the tree gate and the heads then learn the seven emotions with
/// the dispelling loss. Scored on people never seen in training.
///
/// ```swift
/// let result = try FaceExpressionTraining.train(FaceExpressionTraining.Options()) { print($0) }
/// try THINWeights.save(result.model, architecture: result.architecture, to: url)
/// ```
public enum FaceExpressionTraining {
    public struct Options: Sendable {
        public var data = SyntheticExpressionData(worldSeed: 0)
        public var trainIdentities = 60
        public var testIdentities = 20
        public var exogenousEpochs = 15
        /// THIN's configuration: epochs, β and λ_dis as chosen on validation in T3 (`thin.md`).
        public var config: THINConfig = {
            var c = THINConfig()
            c.epochs = 20
            c.batchSize = 64
            c.beta = 10          // chosen on T3's validation people (λ_dis = 1 there too)
            return c
        }()

        public init() {}

        public func validate() throws {
            guard trainIdentities >= 2, testIdentities >= 1, exogenousEpochs >= 1 else {
                throw THINError.invalidConfiguration("need ≥ 2 training people, ≥ 1 test person and ≥ 1 exogenous epoch, got \(trainIdentities), \(testIdentities), \(exogenousEpochs)")
            }
            try config.validate()
        }
    }

    public struct Result {
        public let model: THINModel
        public let architecture: THINFaceArchitecture
        /// On the unseen test people.
        public let testAccuracy: Double
        public let testMacroF1: Double
        public let trainRows: Int
        public let seconds: Double
    }

    public static func train(_ options: Options, log: @escaping (String) -> Void = { _ in }) throws -> Result {
        try options.validate()
        let start = Date()
        let data = options.data
        let train = try data.split(identities: 0..<options.trainIdentities)
        let test = try data.split(identities: options.trainIdentities..<(options.trainIdentities + options.testIdentities))
        log(String(format: "rendered %d training crops (%d people) and %d test crops (%d unseen people) in %.0f s",
                   train.count, options.trainIdentities, test.count, options.testIdentities, Date().timeIntervalSince(start)))
        let architecture = THINFaceArchitecture(trunk: ConvTrunk(inputSide: data.cropSide), identityCount: options.trainIdentities,
                                                cropMargin: data.cropMargin)
        Initializer.seed(options.config.seed)
        let model = try architecture.makeModel(config: options.config, labels: .basic)
        try THINTrainer.fitExogenous(model.exogenous, inputs: train.x, classes: train.nuisanceClasses!, epochs: options.exogenousEpochs,
                                     seed: options.config.seed) { epoch, loss in log(String(format: "E epoch %d: identity loss %.4f", epoch + 1, loss)) }
        try THINTrainer.fit(model, inputs: train.x, labels: train.y) { epoch, loss in log(String(format: "THIN epoch %d: loss %.4f", epoch + 1, loss)) }
        let predicted = try model.predictProbabilities(test.x).argmax(alongAxis: 1).values
        let confusion = try ConfusionMatrix(predicted: predicted, truth: test.y, classCount: model.classCount)
        return Result(model: model, architecture: architecture, testAccuracy: confusion.accuracy, testMacroF1: confusion.macroF1,
                      trainRows: train.count, seconds: Date().timeIntervalSince(start))
    }
}
