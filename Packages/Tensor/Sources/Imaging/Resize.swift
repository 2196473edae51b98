import Tensor

extension ImageOps {
    /// How `resize` computes each output pixel.
    public enum ResizeMethod: Sendable, Equatable {
        /// Bilinear interpolation with half-pixel centres (PyTorch's
        /// `align_corners=False`, OpenCV's `INTER_LINEAR`). Reads only the two
        /// nearest input pixels per axis, so it aliases when shrinking by more than 2x.
        case bilinear
        /// The exact average of the input over each output pixel's footprint
        /// (OpenCV's `INTER_AREA` when shrinking): the right filter for downscaling.
        case area
        /// Per axis: `area` where that axis shrinks, `bilinear` where it grows or keeps its size.
        case automatic
    }

    /// Resizes the last two dimensions of `image` (`[..., H, W]`, typically `[C, H, W]`).
    ///
    /// Separable: a horizontal pass then a vertical pass, each with precomputed
    /// taps whose weights sum to 1, so constant images stay constant.
    public static func resize(_ image: Tensor, height: Int, width: Int, method: ResizeMethod = .automatic) throws -> Tensor {
        let planes = try PlaneStack(image, op: "ImageOps.resize")
        guard height >= 1, width >= 1 else {
            throw TensorError.invalidArgument(op: "ImageOps.resize", message: "target size \(width)x\(height) must be at least 1x1")
        }
        let xTaps = ResampleTaps(input: planes.width, output: width, method: method)
        let yTaps = ResampleTaps(input: planes.height, output: height, method: method)
        var out = Tensor(uninitializedShape: planes.leading + [height, width])
        let (h, w) = (planes.height, planes.width)
        var rows = [Float](repeating: 0, count: h * width)  // the horizontal pass of one plane
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                rows.withUnsafeMutableBufferPointer { tmp in
                    xTaps.withPointers { xFirst, xWeights, xCount in
                        yTaps.withPointers { yFirst, yWeights, yCount in
                            let t = tmp.baseAddress!
                            for p in 0..<planes.count {
                                let s = src.baseAddress! + p * planes.planeSize
                                let d = dst.baseAddress! + p * height * width
                                Parallel.forRanges(h, grain: rowGrain(width * xCount)) { y0, y1 in
                                    for y in y0..<y1 {
                                        let row = s + y &* w, o = t + y &* width
                                        for x in 0..<width {
                                            let f = row + xFirst[x], wt = xWeights + x &* xCount
                                            var sum: Float = 0
                                            for k in 0..<xCount { sum += wt[k] * f[k] }
                                            o[x] = sum
                                        }
                                    }
                                }
                                Parallel.forRanges(height, grain: rowGrain(width * yCount)) { y0, y1 in
                                    for y in y0..<y1 {
                                        let o = d + y &* width, wt = yWeights + y &* yCount
                                        let first = t + yFirst[y] &* width
                                        for x in 0..<width { o[x] = wt[0] * first[x] }
                                        for k in 1..<max(yCount, 1) {
                                            let r = first + k &* width, wk = wt[k]
                                            for x in 0..<width { o[x] += wk * r[x] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Rows per parallel chunk so that each chunk has at least Parallel's minimum work.
    static func rowGrain(_ workPerRow: Int) -> Int {
        max(1, Parallel.minimumWorkPerThread / max(1, workPerRow))
    }
}

/// For each output index along one axis: the first input index read and
/// `count` weights (zero-padded so every output reads the same number).
struct ResampleTaps {
    let count: Int
    let first: [Int]
    let weights: [Float]

    init(input: Int, output: Int, method: ImageOps.ResizeMethod) {
        let useArea = method == .area || (method == .automatic && output < input)
        var spans: [(first: Int, weights: [Double])] = []
        spans.reserveCapacity(output)
        let scale = Double(input) / Double(output)
        for i in 0..<output {
            if useArea {
                // Output pixel i covers input [i*scale, (i+1)*scale); weight = overlap.
                let start = Double(i) * scale, end = Double(i + 1) * scale
                let j0 = min(input - 1, Int(start.rounded(.down)))
                let j1 = max(j0, min(input - 1, Int(end.rounded(.up)) - 1))
                let w = (j0...j1).map { j in max(0, min(end, Double(j + 1)) - max(start, Double(j))) }
                spans.append((j0, w))
            } else if input == 1 {
                spans.append((0, [1]))
            } else {
                let s = min(max((Double(i) + 0.5) * scale - 0.5, 0), Double(input - 1))
                var j = Int(s.rounded(.down))
                var frac = s - Double(j)
                if j >= input - 1 { (j, frac) = (input - 2, 1) }
                spans.append((j, [1 - frac, frac]))
            }
        }
        count = spans.map { $0.weights.count }.max() ?? 1
        var first = [Int](repeating: 0, count: output)
        var weights = [Float](repeating: 0, count: output * count)
        for (i, span) in spans.enumerated() {
            // Shift windows that would run past the end left, padding zeros in front.
            let f = min(span.first, input - count)
            let offset = span.first - f
            let total = span.weights.reduce(0, +)
            first[i] = f
            for (k, w) in span.weights.enumerated() { weights[i * count + offset + k] = Float(w / total) }
        }
        self.first = first
        self.weights = weights
    }

    func withPointers<R>(_ body: (UnsafePointer<Int>, UnsafePointer<Float>, Int) -> R) -> R {
        first.withUnsafeBufferPointer { f in weights.withUnsafeBufferPointer { w in body(f.baseAddress!, w.baseAddress!, count) } }
    }
}
