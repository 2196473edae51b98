import FaceAlignCore

/// How the next stage is fed (spec §3.6).
public enum DeCaFAFusion: String, Codable, Sendable, CaseIterable {
    /// `X_{k+1} = concat(F_0, F_0 ⊙ A_k, F_k)` with `A_k` the normalised sum of the final task's maps.
    case attentionWeighted
    /// `X_{k+1} = concat(F_0, F_k)` (ablation: plain forwarding).
    case plainConcat
}

/// The architecture and loss weights of a DeCaFA model. Everything a weight file needs to
/// rebuild its model is here (it is stored in the file's metadata as JSON).
///
/// Defaults are the CPU-sized model of the shipped weights: grayscale 64x64 crops, working
/// stride 2 (32x32 attention maps: a CPU concession, the paper keeps full resolution), two
/// U-Net stages of widths 12-24-24, tasks 5 → 68.
public struct DeCaFAConfig: Codable, Sendable, Equatable {
    /// Crop side `S` in pixels.
    public var inputSize = 64
    /// 1 = grayscale, 3 = RGB.
    public var inputChannels = 1
    /// `r`: 1 = full input resolution (paper); 2 = maps at S/2 (CPU budget).
    public var workingStride = 2
    /// `c0`: channels of the stem features `F_0`.
    public var stemChannels = 16
    /// Number of cascade stages.
    public var stageCount = 2
    /// U-Net widths per level (the last level is the bottleneck); `H` must divide by 2^(levels-1).
    public var widths = [12, 24, 24]
    /// Task scheme names, coarse to fine (see `LandmarkTask.named`); the last is the output.
    public var taskNames = ["five", "ibug68"]
    /// `λ_k`, one per stage; nil means `2^(k − stageCount)` (spec §3.7).
    public var stageWeights: [Float]? = nil
    /// `ω_m`, one per task; nil means all 1.
    public var taskWeights: [Float]? = nil
    public var fusion: DeCaFAFusion = .attentionWeighted
    /// false: every task's transfer layer reads `F_k` only (ablation).
    public var chainedTransfer = true
    /// Kernel of the transfer layers (1 or 3).
    public var transferKernel = 1
    /// Group norm after every U-Net convolution with (at most) this many groups; nil = none
    /// (spec §3.3 allows group norm; without it training sits on the mean-shape plateau far
    /// longer). Weight files written before it existed decode as nil and load unchanged.
    public var normalizationGroups: Int? = 4
    /// Margin of the crop square around the face box (`FaceCropTransform(box:size:margin:)`).
    public var cropMargin: Float = 0.25

    public init() {}

    /// The small configuration of the §7 reproduction (S = 48).
    public static var reproduction: DeCaFAConfig {
        var c = DeCaFAConfig()
        c.inputSize = 48
        return c
    }

    /// Map side `H = S / r`.
    public var mapSize: Int { inputSize / workingStride }

    public var tasks: [LandmarkTask] { taskNames.compactMap(LandmarkTask.named) }

    /// The output task (the last one).
    public var outputTask: LandmarkTask { tasks[tasks.count - 1] }

    /// `λ_k` as used by the loss.
    public var resolvedStageWeights: [Float] {
        stageWeights ?? (0..<stageCount).map { Float(pow2($0 + 1 - stageCount)) }
    }

    public var resolvedTaskWeights: [Float] { taskWeights ?? [Float](repeating: 1, count: taskNames.count) }

    /// Throws when a setting is out of range, saying which and what is allowed.
    public func validate() throws {
        func bad(_ m: String) -> FaceAlignError { .invalidArgument(op: "DeCaFAConfig", message: m) }
        guard inputChannels == 1 || inputChannels == 3 else { throw bad("inputChannels must be 1 or 3, got \(inputChannels)") }
        guard workingStride == 1 || workingStride == 2 else { throw bad("workingStride must be 1 or 2, got \(workingStride)") }
        guard stageCount >= 1, stageCount <= 8 else { throw bad("stageCount must be in 1...8, got \(stageCount)") }
        guard widths.count >= 1, widths.count <= 5, widths.allSatisfy({ $0 >= 1 && $0 <= 512 }) else {
            throw bad("widths must hold 1 to 5 positive channel counts, got \(widths)")
        }
        guard stemChannels >= 1, stemChannels <= 512 else { throw bad("stemChannels must be in 1...512, got \(stemChannels)") }
        guard inputSize >= 16, inputSize <= 512, inputSize % workingStride == 0 else {
            throw bad("inputSize must be in 16...512 and divisible by workingStride, got \(inputSize)")
        }
        let divisor = 1 << (widths.count - 1)
        guard mapSize % divisor == 0 else {
            throw bad("the map side S/r = \(mapSize) must divide by 2^(levels-1) = \(divisor); change inputSize or widths")
        }
        guard !taskNames.isEmpty else { throw bad("at least one task is needed") }
        for name in taskNames where LandmarkTask.named(name) == nil {
            throw bad("unknown task '\(name)'; known: \(LandmarkTask.known.map(\.name).joined(separator: ", "))")
        }
        guard outputTask.name == "ibug68" || taskNames.count == 1 else {
            throw bad("the last task must be ibug68 (the annotation scheme), got \(outputTask.name)")
        }
        if let s = stageWeights, s.count != stageCount || s.contains(where: { !$0.isFinite || $0 < 0 }) {
            throw bad("stageWeights needs \(stageCount) non-negative numbers, got \(s)")
        }
        if let t = taskWeights, t.count != taskNames.count || t.contains(where: { !$0.isFinite || $0 < 0 }) {
            throw bad("taskWeights needs \(taskNames.count) non-negative numbers, got \(t)")
        }
        guard transferKernel == 1 || transferKernel == 3 else { throw bad("transferKernel must be 1 or 3, got \(transferKernel)") }
        if let g = normalizationGroups, g < 1 || g > 64 { throw bad("normalizationGroups must be in 1...64 or nil, got \(g)") }
        guard cropMargin >= 0, cropMargin <= 1 else { throw bad("cropMargin must be in 0...1, got \(cropMargin)") }
    }
}

private func pow2(_ e: Int) -> Double { e >= 0 ? Double(1 << e) : 1 / Double(1 << -e) }
