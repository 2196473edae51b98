import DeeSCo
import GazeCore
import Tensor

/// `facet-bench gaze`: per-eye latency of the default DeeSCo ensemble (crops in, gaze and eye
/// landmarks out) at batch 1 and 16, on one BLAS thread and on the default count.
enum GazeBench {
    static func run(_ arguments: [String]) throws {
        let model = try DeeSCoModel.pretrained()
        report("gaze_params", Double(model.parameterCount), digits: 0)
        try atOneAndDefaultBLASThreads { suffix in
            for m in try DeeSCoLatency.measure(model, batchSizes: [1, 16], repeats: 50) {
                report("gaze_b\(m.batchSize)\(suffix)_ms_per_eye", m.millisecondsPerEye)
            }
        }
    }
}
