import GazeCore
import NN
import Tensor

/// DeeSCo's training recipe: Adam on the configured loss (SC, independent or joint), batch
/// `batchSize`, `epochs` epochs, learning rate cosine-decayed from `learningRate` to 1 % of it.
/// Data order (shuffle per epoch) and subset draws come from generators seeded by
/// `config.seed`, so variants trained with one seed see the same batches in the same order.
public enum DeeSCoTrainer {
    /// Mean training loss of each epoch.
    public typealias History = [Float]

    /// Trains on `images` [N, 1, H, W] (0...1), `gazeDegrees` [N, 2] (yaw, pitch), and optional
    /// eye landmarks [N, L, 2] in crop pixels.
    @discardableResult
    public static func fit(_ model: DeeSCoModel, images: Tensor, gazeDegrees: Tensor, eyeLandmarks: Tensor?,
                           log: ((Int, Float) -> Void)? = nil) throws -> History {
        let c = model.config, n = images.shape.first ?? 0
        guard images.rank == 4, images.shape[1] == 1, images.shape[2] == c.inputHeight, images.shape[3] == c.inputWidth else {
            throw GazeError.invalidArgument("DeeSCo trains on eye crops [N, 1, \(c.inputHeight), \(c.inputWidth)], got \(images.shape)")
        }
        guard gazeDegrees.shape == [n, 2] else {
            throw GazeError.invalidArgument("gaze labels must be [\(n), 2] (yaw, pitch) degrees, got \(gazeDegrees.shape)")
        }
        if let l = eyeLandmarks, l.shape != [n, c.landmarkCount, 2] {
            throw GazeError.invalidArgument("eye landmarks must be [\(n), \(c.landmarkCount), 2], got \(l.shape)")
        }
        guard n >= 2 else { throw GazeError.invalidArgument("training needs at least 2 crops, got \(n)") }
        let finite = gazeDegrees.withUnsafeBufferPointer { b in b.allSatisfy(\.isFinite) }
        guard finite else { throw GazeError.invalidArgument("gaze labels hold NaN or infinite values") }

        let heatmaps = try model.grid.gaussianTargets(gazeDegrees, sigma: c.targetSigma)
        let optimizer = try Adam(model.namedParameters(), learningRate: c.learningRate)
        let stepsPerEpoch = (n + c.batchSize - 1) / c.batchSize
        let schedule = try CosineAnnealing(base: c.learningRate, minimum: c.learningRate / 100, steps: max(1, c.epochs * stepsPerEpoch))
        var subsets = RandomGenerator(seed: c.seed &* 0x9E37_79B9 &+ 0x5C)
        var history: History = [], step = 0
        model.train()
        defer { model.eval() }
        for epoch in 0..<c.epochs {
            var order = Array(0..<n)
            var shuffler = RandomGenerator(seed: c.seed &* 7_919 &+ UInt64(epoch))
            shuffler.shuffle(&order)
            var total: Float = 0, batches = 0
            for start in stride(from: 0, to: n, by: c.batchSize) where min(start + c.batchSize, n) - start >= 2 {
                let rows = Array(order[start..<min(start + c.batchSize, n)])
                let targets = DeeSCoTargets(gaze: try gazeDegrees.indexSelect(alongAxis: 0, rows),
                                            heatmap: try heatmaps.indexSelect(alongAxis: 0, rows),
                                            eyeLandmarks: try eyeLandmarks?.indexSelect(alongAxis: 0, rows))
                schedule.apply(to: optimizer, at: step)
                optimizer.zeroGrad()
                let out = try model.forward(try images.indexSelect(alongAxis: 0, rows))
                let loss = try CombinatoryLoss.trainingLoss(out, targets: targets, model: model, rng: &subsets)
                let value = loss.value.scalars[0]
                guard value.isFinite else {
                    throw GazeError.invalidArgument("the DeeSCo loss became \(value) at epoch \(epoch); lower the learning rate or check the inputs")
                }
                try loss.backward()
                try optimizer.step()
                total += value
                batches += 1
                step += 1
            }
            history.append(total / Float(max(batches, 1)))
            log?(epoch, history.last!)
        }
        return history
    }

    /// Trains on a synthetic eye set (gaze and landmarks).
    @discardableResult
    public static func fit(_ model: DeeSCoModel, data: SyntheticEyeDataset, log: ((Int, Float) -> Void)? = nil) throws -> History {
        try fit(model, images: data.images, gazeDegrees: data.gazeDegrees(), eyeLandmarks: data.landmarks, log: log)
    }
}
