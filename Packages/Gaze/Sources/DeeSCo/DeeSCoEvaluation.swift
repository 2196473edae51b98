import GazeCore
import NN
import Tensor

/// Predictions of every weak predictor and of the ensemble over a set of crops.
public struct DeeSCoPredictions: Sendable {
    /// `[N, 2]` (yaw, pitch) degrees of the full ensemble (mean heat-map's soft-argmax).
    public var ensemble: Tensor
    /// M × `[N, 2]`, each predictor alone.
    public var predictors: [Tensor]
    /// `[N, L, 2]` ensemble eye landmarks, crop pixels.
    public var eyeLandmarks: Tensor
}

extension DeeSCoModel {
    /// Inference in evaluation mode, without gradients, `batchSize` crops at a time.
    public func predict(_ crops: Tensor, batchSize: Int = 256) throws -> DeeSCoPredictions {
        let wasTraining = isTraining
        eval()
        defer { train(wasTraining) }
        let n = crops.shape.first ?? 0
        guard n > 0 else { throw GazeError.invalidArgument("no crops to predict") }
        var ensemble: [Tensor] = [], landmarks: [Tensor] = []
        var each = [[Tensor]](repeating: [], count: predictorCount)
        let all = Array(0..<predictorCount)
        for start in stride(from: 0, to: n, by: max(1, batchSize)) {
            let rows = Array(start..<min(start + batchSize, n))
            try Autograd.noGrad {
                let out = try forward(rows.count == n ? crops : crops.indexSelect(alongAxis: 0, rows))
                let combined = try combine(out, subset: all)
                ensemble.append(combined.estimate.value)
                landmarks.append(combined.eyeLandmarks.value)
                for m in all { each[m].append(out.estimates[m].value) }
            }
        }
        return DeeSCoPredictions(ensemble: try Tensor.concatenate(ensemble, alongAxis: 0),
                                 predictors: try each.map { try Tensor.concatenate($0, alongAxis: 0) },
                                 eyeLandmarks: try Tensor.concatenate(landmarks, alongAxis: 0))
    }
}

/// The protocol's measurements of a trained model on a test set.
public struct DeeSCoEvaluation: Sendable {
    /// Mean angular error (degrees) of the full ensemble.
    public var ensembleError: Double
    /// Mean angular error of each predictor alone.
    public var predictorErrors: [Double]
    /// Mean over pairs of predictors of the Pearson correlation of their signed errors
    /// (yaw and pitch errors concatenated); nil for a single predictor.
    public var meanErrorCorrelation: Double?
    /// Mean distance (crop pixels) of the ensemble's eye landmarks to the truth.
    public var landmarkError: Double

    public var meanPredictorError: Double { predictorErrors.reduce(0, +) / Double(max(1, predictorErrors.count)) }

    public init(model: DeeSCoModel, data: SyntheticEyeDataset) throws {
        let p = try model.predict(data.images)
        let truth = data.gazeDegrees().scalars
        func meanAngularError(_ t: Tensor) -> Double {
            let s = t.scalars
            var total = 0.0
            for i in 0..<data.count {
                total += GazeMetrics.angularError(GazeAngles(yawDegrees: s[2 * i], pitchDegrees: s[2 * i + 1]), data.gaze[i])
            }
            return total / Double(data.count)
        }
        ensembleError = meanAngularError(p.ensemble)
        predictorErrors = p.predictors.map(meanAngularError)
        // Signed errors laid out as [all yaw errors, all pitch errors].
        let signed = p.predictors.map { t -> [Double] in
            let s = t.scalars, n = data.count
            return (0..<n).map { Double(s[2 * $0] - truth[2 * $0]) } + (0..<n).map { Double(s[2 * $0 + 1] - truth[2 * $0 + 1]) }
        }
        if signed.count >= 2 {
            var total = 0.0, pairs = 0
            for a in 0..<signed.count { for b in (a + 1)..<signed.count {
                total += Self.pearson(signed[a], signed[b])
                pairs += 1
            } }
            meanErrorCorrelation = total / Double(pairs)
        } else {
            meanErrorCorrelation = nil
        }
        let (l, t) = (p.eyeLandmarks.scalars, data.landmarks.scalars)
        var distance = 0.0
        for k in 0..<(l.count / 2) {
            let dx = Double(l[2 * k] - t[2 * k]), dy = Double(l[2 * k + 1] - t[2 * k + 1])
            distance += (dx * dx + dy * dy).squareRoot()
        }
        landmarkError = distance / Double(max(1, l.count / 2))
    }

    /// Pearson correlation; 0 when either side is constant.
    public static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count && !a.isEmpty, "pearson needs two equal, non-empty samples")
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices {
            let (x, y) = (a[i] - ma, b[i] - mb)
            sab += x * y; saa += x * x; sbb += y * y
        }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }
}
