import Foundation
import Tensor

/// The training loop: epochs over a `DataLoader`, one optimizer step per batch, progress
/// on standard error, validation and early stopping, atomic checkpoints, and exact resume.
///
/// Resuming reproduces an uninterrupted run bit for bit: the checkpoint holds the model's
/// parameters and buffers, the optimizer's state, the position in the data (epoch and
/// batch; the loader's order depends only on its seed and the epoch), the generator
/// states of random layers (dropout), and the history so far.
///
/// ```swift
/// let trainer = Trainer(model: model, optimizer: try SGD(model.namedParameters(), learningRate: 0.1),
///                       loader: try DataLoader(train, batchSize: 64, seed: 1),
///                       options: TrainingOptions(epochs: 20, checkpoint: url)) { batch in
///     try Loss.crossEntropy(logits: model(Variable(batch.inputs)), labels: batch.labels!)
/// }
/// let history = try trainer.fit(validate: { try accuracy(model, test) })
/// ```
public final class Trainer {
    public let model: Module
    public let optimizer: any Optimizer
    public let loader: DataLoader
    public var options: TrainingOptions
    let loss: (Batch) throws -> Variable

    public init(model: Module, optimizer: any Optimizer, loader: DataLoader, options: TrainingOptions,
                loss: @escaping (Batch) throws -> Variable) {
        self.model = model
        self.optimizer = optimizer
        self.loader = loader
        self.options = options
        self.loss = loss
    }

    /// Trains, calling `validate` (in evaluation mode, without recording) after each epoch;
    /// a higher score is better unless `higherIsBetter` is false.
    public func fit(validate: (() throws -> Double)? = nil, higherIsBetter: Bool = true) throws -> TrainingHistory {
        var position = Position()
        var history = TrainingHistory()
        if options.resume, let url = options.checkpoint, FileManager.default.fileExists(atPath: url.path) {
            (position, history) = try restore(from: url)
            history.interrupted = false
        }
        var epoch = position.epoch
        while epoch < options.epochs {
            let started = Date()
            model.train()
            let batches = try loader.batches(epoch: epoch, startingAt: position.batch)
            defer { batches.close() }
            let progress = ProgressReporter("epoch \(epoch + 1)/\(options.epochs)", total: loader.batchesPerEpoch,
                                            unit: "batch", style: options.progress)
            progress.update(completed: position.batch)
            while let batch = try batches.next() {
                options.schedule?.apply(to: optimizer, at: history.steps)
                optimizer.zeroGrad()
                let value = try loss(batch)
                guard value.value.scalars.allSatisfy(\.isFinite) else {
                    throw NNError.invalidArgument("the loss became \(value.value.scalars[0]) at epoch \(epoch + 1), step \(history.steps + 1); lower the learning rate or clip gradients (gradientClipNorm)")
                }
                try value.backward()
                if let clip = options.gradientClipNorm {
                    _ = try clipGradientNorm(optimizer.namedParameters.map(\.1), maxNorm: clip)
                }
                try optimizer.step()
                history.steps += 1
                position.lossSum += Double(value.value.scalars[0])
                position.lossCount += 1
                position.batch = batches.nextBatchIndex
                progress.advance(metrics: ["loss": position.lossSum / Double(position.lossCount)])
                let cut = options.stopAfterStep.map { history.steps >= $0 } ?? false
                let due = options.checkpointEvery.map { history.steps % $0 == 0 } ?? false
                if due || cut, let url = options.checkpoint {
                    try save(to: url, position: position, history: history)
                }
                if cut {
                    history.interrupted = true
                    progress.finish()
                    return history
                }
            }
            var record = TrainingHistory.Epoch(epoch: epoch + 1, meanLoss: position.lossSum / Double(Swift.max(1, position.lossCount)),
                                               validation: nil, seconds: Date().timeIntervalSince(started))
            if let validate {
                model.eval()
                let score = try Autograd.noGrad(validate)
                model.train()
                record.validation = score
                if history.bestValidation.map({ higherIsBetter ? score > $0 : score < $0 }) ?? true {
                    history.bestValidation = score
                    history.bestEpoch = epoch + 1
                }
            }
            history.epochs.append(record)
            var metrics: KeyValuePairs<String, Double> = ["loss": record.meanLoss]
            if let v = record.validation { metrics = ["loss": record.meanLoss, "validation": v] }
            progress.finish(metrics: metrics)
            epoch += 1
            position = Position(epoch: epoch)
            if let url = options.checkpoint { try save(to: url, position: position, history: history) }
            if let patience = options.earlyStoppingPatience, let best = history.bestEpoch, epoch - best >= patience {
                history.stoppedEarly = true
                break
            }
        }
        model.eval()
        return history
    }

    /// Where in the run a checkpoint was taken.
    struct Position {
        var epoch = 0
        var batch = 0
        var lossSum = 0.0
        var lossCount = 0
    }

    private func save(to url: URL, position: Position, history: TrainingHistory) throws {
        var checkpoint = Checkpoint()
        for (name, tensor) in model.stateDict() { checkpoint.tensors["model.\(name)"] = tensor }
        for (name, tensor) in optimizer.state() { checkpoint.tensors["optimizer.\(name)"] = tensor }
        checkpoint.set(position.epoch, forKey: "train.epoch")
        checkpoint.set(position.batch, forKey: "train.batch")
        checkpoint.set(position.lossSum, forKey: "train.loss_sum")
        checkpoint.set(position.lossCount, forKey: "train.loss_count")
        try checkpoint.setJSON(history, forKey: "train.history")
        for (name, module) in model.namedModules() {
            if let random = module as? RandomStateful { checkpoint.set(random.randomState, forKey: "random.\(name)") }
        }
        try checkpoint.write(to: url)
    }

    private func restore(from url: URL) throws -> (Position, TrainingHistory) {
        let checkpoint = try Checkpoint.read(from: url)
        var modelState: [String: Tensor] = [:], optimizerState: [String: Tensor] = [:]
        for (name, tensor) in checkpoint.tensors {
            if name.hasPrefix("model.") { modelState[String(name.dropFirst(6))] = tensor }
            else if name.hasPrefix("optimizer.") { optimizerState[String(name.dropFirst(10))] = tensor }
        }
        do {
            try model.loadStateDict(modelState)
            try optimizer.load(state: optimizerState)
        } catch {
            throw NNError.invalidArgument("cannot resume from \(url.path): \(error). Delete the file or pass another checkpoint path to start afresh.")
        }
        for (name, module) in model.namedModules() {
            if let random = module as? RandomStateful { random.randomState = try checkpoint.uint64s(forKey: "random.\(name)") }
        }
        let position = Position(epoch: try checkpoint.int(forKey: "train.epoch"), batch: try checkpoint.int(forKey: "train.batch"),
                                lossSum: try checkpoint.double(forKey: "train.loss_sum"), lossCount: try checkpoint.int(forKey: "train.loss_count"))
        return (position, try checkpoint.json(TrainingHistory.self, forKey: "train.history"))
    }
}
