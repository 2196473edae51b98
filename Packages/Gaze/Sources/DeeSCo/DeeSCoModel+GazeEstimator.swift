#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GazeCore
import Tensor

/// DeeSCo as the `gaze` task's estimator: the ensemble of all M predictors, with each
/// predictor's estimate and their spread kept for diagnostics.
extension DeeSCoModel: GazeEstimator {
    public var inputShape: [Int] { [1, config.inputHeight, config.inputWidth] }

    public func estimate(_ crops: Tensor) throws -> [GazeEstimate] {
        try validateCrops(crops)
        let p = try predict(crops)
        let ensemble = p.ensemble.scalars, landmarks = p.eyeLandmarks.scalars
        let each = p.predictors.map(\.scalars)
        let l = config.landmarkCount
        return (0..<crops.shape[0]).map { i in
            let angles = GazeAngles(yawDegrees: ensemble[2 * i], pitchDegrees: ensemble[2 * i + 1])
            let individual = each.map { GazeAngles(yawDegrees: $0[2 * i], pitchDegrees: $0[2 * i + 1]) }
            let squares = individual.reduce(0.0) { $0 + pow(GazeMetrics.angularError($1, angles), 2) }
            let points = (0..<l).map { k in SIMD2(landmarks[(i * l + k) * 2], landmarks[(i * l + k) * 2 + 1]) }
            return GazeEstimate(angles: angles, eyeLandmarks: points, predictorAngles: individual,
                                spreadDegrees: Float((squares / Double(individual.count)).squareRoot()))
        }
    }
}
