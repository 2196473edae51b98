/// Nearest and bilinear resampling of NCHW tensors, and their adjoints.
///
/// Pixel centres follow the half-pixel convention (PyTorch `align_corners=False`,
/// OpenCV `INTER_LINEAR`): source coordinate = (dst + 0.5) * in / out - 0.5.
public enum ResizeMode: String, Sendable, CaseIterable {
    case nearest, bilinear
}

/// Per output row or column: the two source indices and the weight of the second.
struct ResampleAxis {
    let lo: [Int], hi: [Int], frac: [Float]

    init(input: Int, output: Int, mode: ResizeMode) {
        var lo = [Int](repeating: 0, count: output), hi = lo
        var frac = [Float](repeating: 0, count: output)
        let scale = Double(input) / Double(output)
        for i in 0..<output {
            switch mode {
            case .nearest:
                // PyTorch "nearest": floor(dst * scale).
                lo[i] = Swift.min(input - 1, Int((Double(i) * scale).rounded(.down)))
                hi[i] = lo[i]
            case .bilinear:
                let s = Swift.max(0, (Double(i) + 0.5) * scale - 0.5)
                let l = Swift.min(input - 1, Int(s.rounded(.down)))
                lo[i] = l
                hi[i] = Swift.min(input - 1, l + 1)
                frac[i] = Float(s - Double(l))
            }
        }
        (self.lo, self.hi, self.frac) = (lo, hi, frac)
    }
}

extension Tensor {
    /// Resizes the last two axes of an NCHW tensor to `height` x `width`.
    public func resized(height: Int, width: Int, mode: ResizeMode = .bilinear) throws -> Tensor {
        guard rank == 4, shape[2] > 0, shape[3] > 0 else {
            throw TensorError.shapeMismatch(op: "resized", shapes: [shape], expected: "an NCHW input with non-empty planes")
        }
        guard height > 0, width > 0 else {
            throw TensorError.invalidArgument(op: "resized", message: "target size \(height)x\(width) must be positive")
        }
        let (h, w) = (shape[2], shape[3])
        let ay = ResampleAxis(input: h, output: height, mode: mode), ax = ResampleAxis(input: w, output: width, mode: mode)
        var out = Tensor(uninitializedShape: [shape[0], shape[1], height, width])
        let src = SendablePointer(storage.pointer), dst = SendablePointer(out.storage.pointer)
        Parallel.forRanges(shape[0] * shape[1], grain: 1 + Parallel.minimumWorkPerThread / Swift.max(1, height * width)) { p0, p1 in
            for plane in p0..<p1 {
                let x = src.base + plane * h * w, y = dst.base + plane * height * width
                for oy in 0..<height {
                    let r0 = x + ay.lo[oy] * w, r1 = x + ay.hi[oy] * w, fy = ay.frac[oy]
                    let row = y + oy * width
                    for ox in 0..<width {
                        let l = ax.lo[ox], r = ax.hi[ox], fx = ax.frac[ox]
                        let top = r0[l] + (r0[r] - r0[l]) * fx
                        let bottom = r1[l] + (r1[r] - r1[l]) * fx
                        row[ox] = top + (bottom - top) * fy
                    }
                }
            }
        }
        return out
    }

    /// The adjoint of `resized`: spreads output gradients back with the same weights.
    public static func resizeBackward(_ gradOutput: Tensor, inputShape: [Int], mode: ResizeMode = .bilinear) throws -> Tensor {
        guard inputShape.count == 4, gradOutput.rank == 4, Array(gradOutput.shape.prefix(2)) == Array(inputShape.prefix(2)) else {
            throw TensorError.shapeMismatch(op: "resizeBackward", shapes: [gradOutput.shape, inputShape], expected: "NCHW tensors with equal N and C")
        }
        let (h, w, height, width) = (inputShape[2], inputShape[3], gradOutput.shape[2], gradOutput.shape[3])
        let ay = ResampleAxis(input: h, output: height, mode: mode), ax = ResampleAxis(input: w, output: width, mode: mode)
        var grad = Tensor(zeros: inputShape)
        let src = SendablePointer(gradOutput.storage.pointer), dst = SendablePointer(grad.storage.pointer)
        Parallel.forRanges(inputShape[0] * inputShape[1], grain: 1 + Parallel.minimumWorkPerThread / Swift.max(1, height * width)) { p0, p1 in
            for plane in p0..<p1 {
                let g = dst.base + plane * h * w, dy = src.base + plane * height * width
                for oy in 0..<height {
                    let r0 = g + ay.lo[oy] * w, r1 = g + ay.hi[oy] * w, fy = ay.frac[oy]
                    for ox in 0..<width {
                        let v = dy[oy * width + ox]
                        let l = ax.lo[ox], r = ax.hi[ox], fx = ax.frac[ox]
                        let top = v * (1 - fy), bottom = v * fy
                        r0[l] += top * (1 - fx); r0[r] += top * fx
                        r1[l] += bottom * (1 - fx); r1[r] += bottom * fx
                    }
                }
            }
        }
        return grad
    }
}
