import FaceAlignCore
import Foundation
import NN
import Tensor

/// The DeCaFA training recipe (spec §3.8): Adam, cosine decay, weighted intermediate
/// supervision, augmentation in the loader, checkpoints and exact resume through NN's `Trainer`.
///
/// Data: the synthetic face world, domain-randomised (a mix of presets, render sizes,
/// photometric jitter), or a 300W-layout folder when `dataDirectory` is set.
///
/// ```swift
/// var options = DeCaFATraining.Options()
/// options.steps = 2000
/// let result = try DeCaFATraining.train(options)
/// try DeCaFAWeights.save(result.network, to: url)
/// ```
public enum DeCaFATraining {
    public struct Options: Sendable {
        public var config = DeCaFAConfig()
        /// Optimiser steps (rounded to whole epochs over the training set).
        public var steps = 3000
        public var batchSize = 16
        public var learningRate: Float = 2e-3
        public var minimumLearningRate: Float = 1e-4
        public var weightDecay: Float = 1e-4
        /// Synthetic faces rendered for training.
        public var trainCount = 4000
        public var renderSize = 128
        /// Seed of initialisation, data order and augmentation; the world seed derives from it.
        public var seed: UInt64 = 0
        /// A 300W-layout folder to train on instead of the synthetic world.
        public var dataDirectory: String?
        public var checkpoint: URL?
        public var progress: ProgressReporter.Style = .automatic
        /// Augmentation; nil = `DeCaFADataPrep.training(config)`.
        public var prep: DeCaFADataPrep?
        public var gradientClipNorm: Float? = 5
        public init() {}
    }

    public struct Result {
        public var network: DeCaFANetwork
        public var history: TrainingHistory
        public var seconds: Double
        public var steps: Int
    }

    /// The domain-randomised synthetic training set: a third each of easy-, medium- and
    /// hard-like worlds (the hard one at the spec's §7 ranges), a quarter rendered at low
    /// resolution.
    public static func syntheticTrainingSet(count: Int, seed: UInt64, renderSize: Int) throws -> DeCaFAFaceSet {
        var hard = SyntheticFaceConfig.medium
        hard.yawRange = 45; hard.pitchRange = 25; hard.rollRange = 20
        hard.occlusionProbability = 0.25; hard.clutter = 1; hard.lightingVariation = 1; hard.exposureJitter = 0.35
        hard.maxNoise = 0.06; hard.maxBlur = 1.0; hard.jpegProbability = 0.4; hard.boxJitter = 0.08
        var veryHard = SyntheticFaceConfig.hard
        veryHard.boxJitter = 0.08
        let parts: [(SyntheticFaceConfig, Int)] = [(.easy, count / 4), (.medium, count / 4), (hard, count / 4),
                                                    (veryHard, count - 3 * (count / 4))]
        var sets: [DeCaFAFaceSet] = []
        for (i, (config, n)) in parts.enumerated() where n > 0 {
            sets.append(try .synthetic(config: config, seed: 1000 &+ seed &* 10 &+ UInt64(i), count: n,
                                       renderSize: renderSize, lowResolutionFraction: 0.25))
        }
        return try concatenate(sets)
    }

    public static func concatenate(_ sets: [DeCaFAFaceSet]) throws -> DeCaFAFaceSet {
        try DeCaFAFaceSet(images: Tensor.concatenate(sets.map(\.images), alongAxis: 0),
                          shapes: sets.flatMap(\.shapes), boxes: sets.flatMap(\.boxes), fine: sets.flatMap(\.fine))
    }

    /// Trains on `options`' data (synthetic unless `dataDirectory` is set).
    public static func train(_ options: Options, log: (String) -> Void = { _ in }) throws -> Result {
        let data: DeCaFAFaceSet
        let started = Date()
        if let dir = options.dataDirectory {
            data = try DeCaFAFaceSet.folder(root: dir, renderSize: options.renderSize)
            log("data: \(data.count) faces from \(dir)")
        } else {
            data = try syntheticTrainingSet(count: options.trainCount, seed: options.seed, renderSize: options.renderSize)
            log(String(format: "data: %d synthetic faces rendered in %.1f s", data.count, Date().timeIntervalSince(started)))
        }
        return try train(options, on: data)
    }

    /// Trains on a given face set.
    public static func train(_ options: Options, on data: DeCaFAFaceSet) throws -> Result {
        let config = options.config
        let network = try DeCaFANetwork(config, seed: options.seed)
        let prep = options.prep ?? DeCaFADataPrep.training(config)
        let loader = try DataLoader(data, batchSize: options.batchSize, shuffle: true, seed: options.seed,
                                    dropLast: data.count >= options.batchSize, prefetch: 2, augmentation: prep.augmentation)
        let perEpoch = max(1, loader.batchesPerEpoch)
        let epochs = max(1, Int((Double(options.steps) / Double(perEpoch)).rounded()))
        let total = epochs * perEpoch
        let optimizer = try Adam(network.namedParameters(), learningRate: options.learningRate, weightDecay: options.weightDecay)
        let schedule = try CosineAnnealing(base: options.learningRate, minimum: options.minimumLearningRate, steps: total)
        let trainingOptions = TrainingOptions(epochs: epochs, checkpoint: options.checkpoint, checkpointEvery: 200,
                                              resume: true, gradientClipNorm: options.gradientClipNorm,
                                              schedule: schedule, progress: options.progress)
        let counts = config.tasks.map(\.count)
        let stageWeights = config.resolvedStageWeights, taskWeights = config.resolvedTaskWeights
        let trainer = Trainer(model: network, optimizer: optimizer, loader: loader, options: trainingOptions) { batch in
            let targets = try DeCaFATargets(batch: batch.targets!, counts: counts, inputSize: config.inputSize)
            let out = try network(Variable(batch.inputs))
            return try DeCaFALoss.loss(out, targets: targets, stageWeights: stageWeights, taskWeights: taskWeights)
        }
        let started = Date()
        let history = try trainer.fit()
        network.eval()
        return Result(network: network, history: history, seconds: Date().timeIntervalSince(started), steps: history.steps)
    }
}
