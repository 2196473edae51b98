import GazeCore
import NN
import Tensor

/// What one forward pass gives, per weak predictor m = 0..<M.
public struct DeeSCoOutput {
    /// `[B, G]` grid logits Z_m.
    public var logits: [Variable]
    /// `[B, G]` heat-maps H_m = softmax(Z_m).
    public var heatmaps: [Variable]
    /// `[B, 2]` soft-argmax (yaw, pitch) in degrees.
    public var estimates: [Variable]
    /// `[B, L, 2]` eye landmarks in crop pixels (iris centre, then six eyelid points).
    public var eyeLandmarks: [Variable]

    public var predictorCount: Int { heatmaps.count }
}

/// DeeSCo: one network, M heat-map weak predictors branching off a shared trunk at different
/// stages with different heads, combined by averaging their heat-maps.
///
/// ```swift
/// let model = try DeeSCoModel(config: .heterogeneous)
/// let out = try model.forward(crops)             // crops [B, 1, 36, 60] in 0...1
/// let gaze = try model.combine(out, subset: Array(0..<model.predictorCount)).estimate
/// ```
public final class DeeSCoModel: Module, @unchecked Sendable {
    public let config: DeeSCoConfig
    public let grid: GazeGrid
    let stages: [ConvUnit]
    let predictors: [WeakPredictor]
    let centres: Tensor
    let landmarkCoordinates: Tensor

    /// A freshly initialised model (seed `NN.Initializer` first for reproducible weights).
    public init(config: DeeSCoConfig) throws {
        try config.validate()
        self.config = config
        grid = GazeGrid(config)
        var units: [ConvUnit] = [], cin = 1
        for (c, s) in zip(config.trunkChannels, config.trunkStrides) {
            units.append(ConvUnit(cin, c, stride: s))
            cin = c
        }
        stages = units
        predictors = config.heads.map { WeakPredictor($0, inputChannels: config.trunkChannels[$0.stage - 1], config: config) }
        centres = grid.centres()
        let (gh, gw) = config.landmarkGrid
        landmarkCoordinates = Self.pixelCentres(height: gh, width: gw, stride: config.landmarkStride)
    }

    public var predictorCount: Int { predictors.count }

    /// `[B, 1, H, W]` crops in 0...1 → every predictor's heat-map, estimate and landmarks.
    public func forward(_ crops: Tensor) throws -> DeeSCoOutput {
        guard crops.rank == 4, crops.shape[1] == 1, crops.shape[2] == config.inputHeight, crops.shape[3] == config.inputWidth,
              crops.shape[0] > 0 else {
            throw GazeError.invalidArgument("DeeSCo reads eye crops of shape [B, 1, \(config.inputHeight), \(config.inputWidth)], got \(crops.shape)")
        }
        var x = Variable(Self.standardized(crops))
        var stageOutputs: [Variable] = []
        let deepest = config.heads.map(\.stage).max()!
        for unit in stages.prefix(deepest) {
            x = try unit(x)
            stageOutputs.append(x)
        }
        let centres = Variable(self.centres), coordinates = Variable(landmarkCoordinates)
        var out = DeeSCoOutput(logits: [], heatmaps: [], estimates: [], eyeLandmarks: [])
        for (spec, predictor) in zip(config.heads, predictors) {
            let (logits, maps) = try predictor(stageOutputs[spec.stage - 1])
            let heatmap = try logits.softmax(alongAxis: 1)
            out.logits.append(logits)
            out.heatmaps.append(heatmap)
            out.estimates.append(try heatmap.matmul(centres))
            let (b, l, gh, gw) = (maps.shape[0], maps.shape[1], maps.shape[2], maps.shape[3])
            let attention = try maps.reshaped([b * l, gh * gw]).softmax(alongAxis: 1)
            out.eyeLandmarks.append(try attention.matmul(coordinates).reshaped([b, l, 2]))
        }
        return out
    }

    /// The combination of a subset S: mean heat-map H_S, its soft-argmax ĝ_S (= the mean of the
    /// members' estimates, by linearity) and the mean of the members' landmarks.
    public func combine(_ out: DeeSCoOutput, subset: [Int]) throws -> (heatmap: Variable, estimate: Variable, eyeLandmarks: Variable) {
        guard !subset.isEmpty, subset.allSatisfy({ (0..<out.predictorCount).contains($0) }) else {
            throw GazeError.invalidArgument("a subset of weak predictors must be non-empty with members in 0..<\(out.predictorCount), got \(subset)")
        }
        func mean(_ parts: [Variable]) throws -> Variable {
            var total = parts[subset[0]]
            for m in subset.dropFirst() { total = try total + parts[m] }
            return subset.count == 1 ? total : total * (1 / Float(subset.count))
        }
        return (try mean(out.heatmaps), try mean(out.estimates), try mean(out.eyeLandmarks))
    }

    /// Per-crop standardisation (zero mean, unit deviation, the deviation floored at 0.02):
    /// the renderer's gain and bias jitter and a real camera's exposure then look alike.
    static func standardized(_ crops: Tensor) -> Tensor {
        let n = crops.shape[0], plane = crops.count / n
        var out = Tensor(uninitializedShape: crops.shape)
        crops.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n {
                    let s = src.baseAddress! + i &* plane, d = dst.baseAddress! + i &* plane
                    var sum: Float = 0, squares: Float = 0
                    for p in 0..<plane { sum += s[p]; squares += s[p] * s[p] }
                    let mean = sum / Float(plane)
                    let sd = max(0.02, max(0, squares / Float(plane) - mean * mean).squareRoot())
                    let inv = 1 / sd
                    for p in 0..<plane { d[p] = (s[p] - mean) * inv }
                }
            }
        }
        return out
    }

    /// `[h·w, 2]` crop-pixel centres (shape convention) of the landmark map cells.
    static func pixelCentres(height h: Int, width w: Int, stride r: Int) -> Tensor {
        var t = Tensor(zeros: [h * w, 2])
        t.withUnsafeMutableBufferPointer { p in
            for i in 0..<h { for j in 0..<w {
                p[(i * w + j) * 2] = (Float(j) + 0.5) * Float(r)
                p[(i * w + j) * 2 + 1] = (Float(i) + 0.5) * Float(r)
            } }
        }
        return t
    }
}
