import Foundation

/// How a `Trainer` runs: length, checkpoints, early stopping, progress.
public struct TrainingOptions: Sendable {
    public var epochs: Int
    /// Where the checkpoint goes (written atomically after every epoch and every
    /// `checkpointEvery` steps); nil disables checkpoints.
    public var checkpoint: URL?
    public var checkpointEvery: Int?
    /// Continue from `checkpoint` when the file exists.
    public var resume: Bool
    /// Stop when the validation score has not improved for this many epochs.
    public var earlyStoppingPatience: Int?
    /// Clip the global gradient norm to this value before each step.
    public var gradientClipNorm: Float?
    public var schedule: (any LearningRateSchedule)?
    public var progress: ProgressReporter.Style
    /// Stop (after writing a checkpoint) once this many steps have run in total: lets tests
    /// and users cut a run short and resume it later.
    public var stopAfterStep: Int?

    public init(epochs: Int, checkpoint: URL? = nil, checkpointEvery: Int? = nil, resume: Bool = true,
                earlyStoppingPatience: Int? = nil, gradientClipNorm: Float? = nil,
                schedule: (any LearningRateSchedule)? = nil, progress: ProgressReporter.Style = .automatic,
                stopAfterStep: Int? = nil) {
        precondition(epochs > 0, "epochs must be positive")
        self.epochs = epochs
        self.checkpoint = checkpoint
        self.checkpointEvery = checkpointEvery
        self.resume = resume
        self.earlyStoppingPatience = earlyStoppingPatience
        self.gradientClipNorm = gradientClipNorm
        self.schedule = schedule
        self.progress = progress
        self.stopAfterStep = stopAfterStep
    }
}

/// What happened during `fit`, one entry per finished epoch.
public struct TrainingHistory: Sendable, Codable, Equatable {
    public struct Epoch: Sendable, Codable, Equatable {
        public var epoch: Int
        public var meanLoss: Double
        public var validation: Double?
        public var seconds: Double
    }

    public var epochs: [Epoch] = []
    public var bestEpoch: Int?
    public var bestValidation: Double?
    /// True when the run stopped at `stopAfterStep` rather than finishing.
    public var interrupted = false
    public var stoppedEarly = false
    public var steps = 0

    public init() {}
}
