import Foundation
import Tensor

/// The training recipe behind `facet train digits-mlp` and `digits-cnn`: fixed split,
/// seeded initialisation and order, SGD with Nesterov momentum and a cosine schedule.
public enum DigitsRecipe {
    public enum Architecture: String, CaseIterable, Sendable {
        case mlp = "digits-mlp", cnn = "digits-cnn"
    }

    public struct Result: Sendable {
        public var architecture: Architecture
        public var testAccuracy: Double
        public var history: TrainingHistory
        public var parameterCount: Int
        public var seconds: Double
        public var model: Sequential
    }

    public static func defaultEpochs(_ architecture: Architecture) -> Int { architecture == .mlp ? 60 : 30 }

    public static func train(_ architecture: Architecture, split: Digits.Split = .stratified, epochs: Int? = nil, seed: UInt64 = 0, batchSize: Int = 32,
                             checkpoint: URL? = nil, resume: Bool = true, progress: ProgressReporter.Style = .automatic,
                             stopAfterStep: Int? = nil) throws -> Result {
        let started = Date()
        let epochs = epochs ?? defaultEpochs(architecture)
        let (train, test) = try Digits.load(layout: architecture == .mlp ? .flat : .image, split: split)
        Initializer.seed(seed)
        let model = architecture == .mlp ? DigitsModels.mlp() : DigitsModels.cnn()
        let loader = try DataLoader(train, batchSize: batchSize, shuffle: true, seed: seed)
        let optimizer = try SGD(model.namedParameters(), learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4, nesterov: true)
        let schedule = try CosineAnnealing(base: 0.05, minimum: 0, steps: epochs * loader.batchesPerEpoch)
        let options = TrainingOptions(epochs: epochs, checkpoint: checkpoint, resume: resume,
                                      schedule: schedule, progress: progress, stopAfterStep: stopAfterStep)
        let trainer = Trainer(model: model, optimizer: optimizer, loader: loader, options: options) { batch in
            try Loss.crossEntropy(logits: model(Variable(batch.inputs)), labels: batch.labels!)
        }
        let history = try trainer.fit()
        return Result(architecture: architecture, testAccuracy: try classificationAccuracy(model, on: test),
                      history: history, parameterCount: model.parameterCount,
                      seconds: Date().timeIntervalSince(started), model: model)
    }
}
