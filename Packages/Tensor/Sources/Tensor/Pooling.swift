import CFacetKernels

/// Max and average pooling over NCHW, with the backward passes autograd needs.
public struct Pool2DParameters: Hashable, Sendable {
    public var kernelH: Int, kernelW: Int
    public var strideH: Int, strideW: Int
    public var padH: Int, padW: Int
    /// Average pooling: divide by the full window (true) or only by the in-image part (false).
    public var countIncludesPadding: Bool

    public init(kernel: Int, stride: Int? = nil, padding: Int = 0, countIncludesPadding: Bool = false) {
        self.init(kernel: (kernel, kernel), stride: (stride ?? kernel, stride ?? kernel), padding: (padding, padding),
                  countIncludesPadding: countIncludesPadding)
    }

    public init(kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int) = (0, 0), countIncludesPadding: Bool = false) {
        precondition(kernel.0 > 0 && kernel.1 > 0 && stride.0 > 0 && stride.1 > 0 && padding.0 >= 0 && padding.1 >= 0,
                     "pool2d: kernel and stride must be positive, padding non-negative")
        (kernelH, kernelW) = kernel
        (strideH, strideW) = stride
        (padH, padW) = padding
        self.countIncludesPadding = countIncludesPadding
    }

    func outputSize(_ h: Int, _ w: Int) -> (Int, Int) {
        ((h + 2 * padH - kernelH) / strideH + 1, (w + 2 * padW - kernelW) / strideW + 1)
    }

    func check(_ shape: [Int], op: String) throws -> (n: Int, c: Int, h: Int, w: Int, ho: Int, wo: Int) {
        guard shape.count == 4 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape], expected: "an NCHW input")
        }
        guard padH * 2 <= kernelH, padW * 2 <= kernelW else {
            throw TensorError.invalidArgument(op: op, message: "padding must be at most half the kernel")
        }
        let (ho, wo) = outputSize(shape[2], shape[3])
        guard shape[2] + 2 * padH >= kernelH, shape[3] + 2 * padW >= kernelW, ho > 0, wo > 0 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape], expected: "an input at least as large as the \(kernelH)x\(kernelW) window")
        }
        return (shape[0], shape[1], shape[2], shape[3], ho, wo)
    }
}

extension Tensor {
    /// Max pooling; also returns, per output, the flat index (within its plane) of the chosen input.
    public static func maxPool2d(_ input: Tensor, _ p: Pool2DParameters) throws -> (output: Tensor, argmax: [Int32]) {
        let s = try p.check(input.shape, op: "maxPool2d")
        var out = Tensor(uninitializedShape: [s.n, s.c, s.ho, s.wo])
        var arg = [Int32](repeating: 0, count: out.count)
        let planes = s.n * s.c
        let src = SendablePointer(input.storage.pointer), dst = SendablePointer(out.storage.pointer)
        arg.withUnsafeMutableBufferPointer { argBuf in
            let ap = SendablePointer(argBuf.baseAddress!)
            Parallel.forRanges(planes, grain: 1 + Parallel.minimumWorkPerThread / Swift.max(1, s.h * s.w)) { p0, p1 in
                for plane in p0..<p1 {
                    facet_maxpool_plane(src.base + plane * s.h * s.w, Int32(s.h), Int32(s.w), Int32(p.kernelH), Int32(p.kernelW),
                                        Int32(p.strideH), Int32(p.strideW), Int32(p.padH), Int32(p.padW),
                                        dst.base + plane * s.ho * s.wo, ap.base + plane * s.ho * s.wo, Int32(s.ho), Int32(s.wo))
                }
            }
        }
        return (out, arg)
    }

    /// Routes each output gradient to the input that won the max.
    public static func maxPool2dBackward(_ gradOutput: Tensor, argmax: [Int32], inputShape: [Int]) throws -> Tensor {
        guard inputShape.count == 4, gradOutput.rank == 4, gradOutput.count == argmax.count,
              Array(gradOutput.shape.prefix(2)) == Array(inputShape.prefix(2)) else {
            throw TensorError.shapeMismatch(op: "maxPool2dBackward", shapes: [gradOutput.shape, inputShape], expected: "the forward pass's shapes and indices")
        }
        var grad = Tensor(zeros: inputShape)
        let planeIn = inputShape[2] * inputShape[3], planeOut = gradOutput.shape[2] * gradOutput.shape[3]
        for plane in 0..<(inputShape[0] * inputShape[1]) {
            let g = grad.storage.pointer + plane * planeIn, dy = gradOutput.storage.pointer + plane * planeOut
            for i in 0..<planeOut { g[Int(argmax[plane * planeOut + i])] += dy[i] }
        }
        return grad
    }

    public static func avgPool2d(_ input: Tensor, _ p: Pool2DParameters) throws -> Tensor {
        let s = try p.check(input.shape, op: "avgPool2d")
        var out = Tensor(uninitializedShape: [s.n, s.c, s.ho, s.wo])
        let src = SendablePointer(input.storage.pointer), dst = SendablePointer(out.storage.pointer)
        Parallel.forRanges(s.n * s.c, grain: 1 + Parallel.minimumWorkPerThread / Swift.max(1, s.h * s.w)) { p0, p1 in
            for plane in p0..<p1 {
                let x = src.base + plane * s.h * s.w, y = dst.base + plane * s.ho * s.wo
                for oy in 0..<s.ho {
                    let y0 = Swift.max(0, oy * p.strideH - p.padH), y1 = Swift.min(s.h, oy * p.strideH - p.padH + p.kernelH)
                    for ox in 0..<s.wo {
                        let x0 = Swift.max(0, ox * p.strideW - p.padW), x1 = Swift.min(s.w, ox * p.strideW - p.padW + p.kernelW)
                        var acc: Float = 0
                        for iy in y0..<y1 { for ix in x0..<x1 { acc += x[iy * s.w + ix] } }
                        let n = p.countIncludesPadding ? p.kernelH * p.kernelW : (y1 - y0) * (x1 - x0)
                        y[oy * s.wo + ox] = acc / Float(n)
                    }
                }
            }
        }
        return out
    }

    /// Spreads each output gradient evenly over its window.
    public static func avgPool2dBackward(_ gradOutput: Tensor, inputShape: [Int], _ p: Pool2DParameters) throws -> Tensor {
        let s = try p.check(inputShape, op: "avgPool2dBackward")
        guard gradOutput.shape == [s.n, s.c, s.ho, s.wo] else {
            throw TensorError.shapeMismatch(op: "avgPool2dBackward", shapes: [gradOutput.shape, [s.n, s.c, s.ho, s.wo]], expected: "the forward output shape")
        }
        var grad = Tensor(zeros: inputShape)
        for plane in 0..<(s.n * s.c) {
            let g = grad.storage.pointer + plane * s.h * s.w, dy = gradOutput.storage.pointer + plane * s.ho * s.wo
            for oy in 0..<s.ho {
                let y0 = Swift.max(0, oy * p.strideH - p.padH), y1 = Swift.min(s.h, oy * p.strideH - p.padH + p.kernelH)
                for ox in 0..<s.wo {
                    let x0 = Swift.max(0, ox * p.strideW - p.padW), x1 = Swift.min(s.w, ox * p.strideW - p.padW + p.kernelW)
                    let n = p.countIncludesPadding ? p.kernelH * p.kernelW : (y1 - y0) * (x1 - x0)
                    let v = dy[oy * s.wo + ox] / Float(n)
                    for iy in y0..<y1 { for ix in x0..<x1 { g[iy * s.w + ix] += v } }
                }
            }
        }
        return grad
    }

    /// Mean over H and W: [N, C, H, W] -> [N, C].
    public func globalAveragePool() throws -> Tensor {
        guard rank == 4 else {
            throw TensorError.shapeMismatch(op: "globalAveragePool", shapes: [shape], expected: "an NCHW input")
        }
        return try mean(alongAxes: [2, 3])
    }
}
