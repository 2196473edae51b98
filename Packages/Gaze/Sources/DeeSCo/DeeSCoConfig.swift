import GazeCore

/// Everything that defines a DeeSCo model and its training: the trunk, the weak predictors'
/// heads, the output grid, the loss and the optimiser. Codable: weight files carry it.
public struct DeeSCoConfig: Sendable, Equatable, Codable {
    /// One weak predictor: where it branches off the trunk and what it computes there.
    public struct Head: Sendable, Equatable, Codable {
        /// Trunk stage (1-based) whose output the head reads.
        public var stage: Int
        /// 3x3 (or `kernel`) conv + BN + ReLU layers, `width` channels, the first with `firstStride`.
        public var convs: Int
        public var kernel: Int = 3
        public var dilation: Int = 1
        public var width: Int
        public var firstStride: Int = 1
        /// Units of the hidden layer between the pooled features and the grid logits.
        public var hidden: Int

        public init(stage: Int, convs: Int, kernel: Int = 3, dilation: Int = 1, width: Int, firstStride: Int = 1, hidden: Int) {
            self.stage = stage
            self.convs = convs
            self.kernel = kernel
            self.dilation = dilation
            self.width = width
            self.firstStride = firstStride
            self.hidden = hidden
        }
    }

    /// Which loss trains the predictors.
    public enum LossKind: String, Sendable, Codable, CaseIterable {
        /// Stochastic combinatory: ℓ on R random subsets per step (DeeSCo).
        case stochastic
        /// Σ_m ℓ({m}): each predictor trained alone (classic deep ensemble).
        case independent
        /// ℓ(all): only the ensemble average is supervised (the plain ensemble loss).
        case joint
    }

    /// How a random subset is drawn.
    public enum SubsetSampling: String, Sendable, Codable, CaseIterable {
        /// Each predictor in with probability p, redrawn while empty.
        case bernoulli
        /// Size k uniform in 1...M, then a uniform k-subset.
        case uniformSize
    }

    public var inputHeight = 36
    public var inputWidth = 60
    /// Trunk stages: conv + BN + ReLU each, with these channels and strides (stride 2 from
    /// the first stage on: the protocol's budget on 2 cores; stage outputs 18x30, 9x15, 5x8, 3x4).
    public var trunkChannels = [16, 32, 48, 64]
    public var trunkStrides = [2, 2, 2, 2]
    public var heads: [Head]
    /// Gaze grid: `gridRows` pitch bins x `gridColumns` yaw bins over ±`yawRange`, ±`pitchRange` degrees.
    public var gridRows = 24
    public var gridColumns = 24
    public var yawRange: Float = 40
    public var pitchRange: Float = 30
    /// Pooled grid of the heads' features before the hidden layer (keeps coarse layout: where
    /// the iris sits matters, which a global average would lose).
    public var poolRows = 3
    public var poolColumns = 5
    /// Eye landmarks (iris centre + six eyelid points) read from maps at 1/`landmarkStride` of the crop.
    public var landmarkCount = 7
    public var landmarkStride = 4
    /// Loss: target σ in bins, λ of the L1 term (per degree), λ of the landmark term (per crop width).
    public var targetSigma: Float = 1
    public var coordinateWeight: Float = 0.1
    public var landmarkWeight: Float = 1
    public var loss: LossKind = .stochastic
    public var subsetsPerStep = 2
    public var inclusionProbability: Float = 0.5
    public var sampling: SubsetSampling = .bernoulli
    /// γ: weight of an extra ℓ(all) term added to the SC loss (0 = none).
    public var fullEnsembleWeight: Float = 0
    /// Adam with cosine decay from `learningRate` to 1 % of it over the run.
    public var learningRate: Float = 1e-3
    public var batchSize = 64
    public var epochs = 25
    public var seed: UInt64 = 0

    public init(heads: [Head]) { self.heads = heads }

    public var predictorCount: Int { heads.count }

    /// The spec's heterogeneous design: heads at stages 2, 3, 4, 4 with 3 convs, 2 convs,
    /// 1 conv and 2 dilated convs.
    public static let heterogeneous = DeeSCoConfig(heads: [
        Head(stage: 2, convs: 3, width: 24, firstStride: 2, hidden: 32),
        Head(stage: 3, convs: 2, width: 32, hidden: 32),
        Head(stage: 4, convs: 1, width: 64, hidden: 32),
        Head(stage: 4, convs: 2, dilation: 2, width: 48, hidden: 32),
    ])

    /// M copies of one stage-4 "1 conv 3x3" head (they differ by initialisation only), widened
    /// so the whole model's parameters match `reference` within a few percent.
    public static func homogeneous(matching reference: DeeSCoConfig = .heterogeneous) -> DeeSCoConfig {
        var best = reference, bestGap = Int.max
        let target = reference.parameterCount
        for width in stride(from: 8, through: 256, by: 4) {
            for hidden in [16, 24, 32, 40, 48, 64] {
                var c = reference
                c.heads = Array(repeating: Head(stage: reference.trunkChannels.count, convs: 1, width: width, hidden: hidden),
                                count: reference.heads.count)
                let gap = abs(c.parameterCount - target)
                if gap < bestGap { (best, bestGap) = (c, gap) }
            }
        }
        return best
    }

    /// The single-predictor baseline: the trunk with one stage-4 "1 conv 3x3" head.
    public static func single(from reference: DeeSCoConfig = .heterogeneous) -> DeeSCoConfig {
        var c = reference
        c.heads = [Head(stage: reference.trunkChannels.count, convs: 1, width: 64, hidden: 32)]
        c.loss = .independent
        return c
    }

    /// Spatial size of trunk stage `s` (1-based) output for this input.
    public func stageSize(_ s: Int) -> (height: Int, width: Int) {
        var (h, w) = (inputHeight, inputWidth)
        for i in 0..<s { (h, w) = ((h - 1) / trunkStrides[i] + 1, (w - 1) / trunkStrides[i] + 1) }
        return (h, w)
    }

    /// Landmark map size.
    public var landmarkGrid: (height: Int, width: Int) { (inputHeight / landmarkStride, inputWidth / landmarkStride) }

    /// Learnable scalars of the model this config builds (without building it).
    public var parameterCount: Int {
        var n = 0, previous = 1
        for c in trunkChannels { n += previous * c * 9 + 2 * c; previous = c }
        for h in heads {
            var cin = trunkChannels[h.stage - 1]
            for _ in 0..<h.convs { n += cin * h.width * h.kernel * h.kernel + 2 * h.width; cin = h.width }
            n += cin * landmarkCount + landmarkCount
            n += cin * poolRows * poolColumns * h.hidden + h.hidden + h.hidden * gridRows * gridColumns + gridRows * gridColumns
        }
        return n
    }

    /// Throws when a setting is out of range, saying which and what is allowed.
    public func validate() throws {
        func fail(_ m: String) -> GazeError { .invalidArgument("DeeSCo config: " + m) }
        guard (8...256).contains(inputHeight), (8...256).contains(inputWidth) else { throw fail("input must be 8...256 pixels a side, got \(inputWidth)x\(inputHeight)") }
        guard !trunkChannels.isEmpty, trunkChannels.count == trunkStrides.count, trunkChannels.allSatisfy({ $0 > 0 }),
              trunkStrides.allSatisfy({ (1...2).contains($0) }) else {
            throw fail("trunk channels and strides need one positive entry per stage (strides 1 or 2), got \(trunkChannels), \(trunkStrides)")
        }
        guard !heads.isEmpty, heads.count <= 16 else { throw fail("needs 1...16 weak predictors, got \(heads.count)") }
        for (i, h) in heads.enumerated() {
            guard (1...trunkChannels.count).contains(h.stage), (1...8).contains(h.convs), [1, 3, 5].contains(h.kernel),
                  (1...4).contains(h.dilation), h.width > 0, h.hidden > 0, (1...2).contains(h.firstStride) else {
                throw fail("head \(i) \(h) is invalid: stage 1...\(trunkChannels.count), 1...8 convs, kernel 1/3/5, dilation 1...4, stride 1...2, positive widths")
            }
        }
        guard gridRows >= 2, gridColumns >= 2, yawRange > 0, pitchRange > 0 else { throw fail("the gaze grid needs ≥ 2 bins a side and positive ranges") }
        guard poolRows >= 1, poolColumns >= 1, landmarkCount >= 1, landmarkStride >= 1,
              inputHeight / landmarkStride >= 2, inputWidth / landmarkStride >= 2 else {
            throw fail("pool grid, landmark count and landmark stride must be positive, with landmark maps ≥ 2x2")
        }
        guard targetSigma > 0, coordinateWeight >= 0, landmarkWeight >= 0, fullEnsembleWeight >= 0 else {
            throw fail("σ must be positive and the loss weights non-negative")
        }
        guard subsetsPerStep >= 1, inclusionProbability > 0, inclusionProbability <= 1 else {
            throw fail("needs ≥ 1 subset per step and an inclusion probability in (0, 1], got \(subsetsPerStep), \(inclusionProbability)")
        }
        guard learningRate > 0, learningRate.isFinite, batchSize >= 2, epochs >= 1 else {
            throw fail("needs a positive learning rate, batch ≥ 2 and ≥ 1 epoch")
        }
    }
}
