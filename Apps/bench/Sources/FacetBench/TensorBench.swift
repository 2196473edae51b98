import Foundation
import Imaging
import Tensor

/// Matrix products, convolutions and elementwise maths; the peer script measures the same shapes.
enum TensorBench {
    static func run(_ args: [String]) throws {
        report("blas_core", BLAS.coreName)
        report("blas_threads", "\(BLAS.threads)")
        var rng = RandomGenerator(seed: 0)

        for n in [256, 512, 1024, 2048] {
            let a = rng.normal([n, n]), b = rng.normal([n, n])
            let seconds = try medianTime(warmup: 5, repeats: n >= 2048 ? 3 : 9) { _ = try a.matmul(b) }
            report("matmul_\(n)_gflops", 2 * pow(Double(n), 3) / seconds / 1e9, digits: 1)
        }

        let x = rng.normal([8, 64, 56, 56])
        let w = rng.normal([64, 64, 3, 3]), dw = rng.normal([64, 1, 3, 3])
        let convFlops = 2.0 * 8 * 64 * 64 * 9 * 56 * 56
        let conv = try medianTime { _ = try Tensor.conv2d(x, weight: w, Conv2DParameters(stride: 1, padding: 1)) }
        report("conv_gflops", convFlops / conv / 1e9, digits: 1)
        report("conv_ms", conv * 1e3)
        let depthFlops = 2.0 * 8 * 64 * 9 * 56 * 56
        let depth = try medianTime { _ = try Tensor.conv2d(x, weight: dw, Conv2DParameters(stride: 1, padding: 1, groups: 64)) }
        report("depthwise_gflops", depthFlops / depth / 1e9, digits: 2)
        report("depthwise_ms", depth * 1e3)

        let big = rng.uniform([1 << 24], low: -4, high: 4), other = rng.uniform([1 << 24])
        report("add_16m_ms", try medianTime { _ = try big + other } * 1e3)
        report("exp_16m_ms", medianTime { _ = big.exp() } * 1e3)

        if let i = args.firstIndex(of: "--jpeg"), i + 1 < args.count {
            let data = try Data(contentsOf: URL(fileURLWithPath: args[i + 1]))
            report("jpeg_decode_1024_ms", try medianTime(repeats: 15) { _ = try ImageIO.decode(data) } * 1e3)
        }
    }
}
