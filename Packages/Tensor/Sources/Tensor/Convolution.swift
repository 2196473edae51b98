/// 2-D convolution in NCHW with stride, padding, dilation and groups, and its adjoints.
///
/// Forward, groups of 16 or more input and output channels run a direct kernel on a
/// channel-blocked layout (BlockedConvolution.swift); other convolutions, and the backward
/// passes, lower to im2col + one sgemm per image and group. Depthwise convolutions (one
/// input channel per group) run a direct kernel, since a GEMM with a single row wastes the
/// BLAS; 1x1 unit-stride convolutions skip im2col entirely.
public struct Conv2DParameters: Hashable, Sendable {
    public var stride: (Int, Int) { (strideH, strideW) }
    public var strideH: Int, strideW: Int
    public var padH: Int, padW: Int
    public var dilationH: Int, dilationW: Int
    public var groups: Int

    public init(stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1) {
        self.init(stride: (stride, stride), padding: (padding, padding), dilation: (dilation, dilation), groups: groups)
    }

    public init(stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int) = (1, 1), groups: Int = 1) {
        precondition(stride.0 > 0 && stride.1 > 0 && dilation.0 > 0 && dilation.1 > 0 && padding.0 >= 0 && padding.1 >= 0 && groups > 0,
                     "conv2d: stride and dilation must be positive, padding non-negative, groups positive")
        (strideH, strideW) = stride
        (padH, padW) = padding
        (dilationH, dilationW) = dilation
        self.groups = groups
    }

    /// Output spatial size for an input size and kernel size.
    public func outputSize(height: Int, width: Int, kernelH: Int, kernelW: Int) -> (Int, Int) {
        ((height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1,
         (width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1)
    }
}

/// The sizes of one convolution, checked once and shared by forward and backward.
struct ConvGeometry {
    let n, c, h, w, o, kh, kw, ho, wo: Int
    let p: Conv2DParameters
    var cg: Int { c / p.groups }
    var og: Int { o / p.groups }
    var kSize: Int { cg * kh * kw }
    var spatial: Int { ho * wo }
    /// One input channel per group, more than one group: the direct depthwise kernels.
    /// (A single-channel input is an ordinary convolution: im2col + GEMM is faster there.)
    var isDepthwise: Bool { p.groups == c && cg == 1 && c > 1 }
    var isPointwise: Bool { kh == 1 && kw == 1 && p.strideH == 1 && p.strideW == 1 && p.padH == 0 && p.padW == 0 }
    /// Images lowered into one GEMM: as many as keep the column buffer near 4M floats, so
    /// small feature maps make one large product instead of many small, slow ones.
    var imagesPerProduct: Int { Swift.max(1, Swift.min(n, (1 << 22) / Swift.max(1, kSize * spatial))) }

    /// Backward passes receive the gradient of the forward output: its shape must match.
    func checkOutputGradient(_ shape: [Int], op: String) throws {
        guard shape == [n, o, ho, wo] else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, [n, o, ho, wo]], expected: "the forward output shape")
        }
    }

    init(input: [Int], weight: [Int], _ p: Conv2DParameters, op: String) throws {
        guard input.count == 4, weight.count == 4 else {
            throw TensorError.shapeMismatch(op: op, shapes: [input, weight], expected: "input [N, C, H, W] and weight [O, C/groups, kH, kW]")
        }
        (n, c, h, w) = (input[0], input[1], input[2], input[3])
        (o, kh, kw) = (weight[0], weight[2], weight[3])
        self.p = p
        guard c % p.groups == 0, o % p.groups == 0, weight[1] == c / p.groups else {
            throw TensorError.shapeMismatch(op: op, shapes: [input, weight],
                                            expected: "C (\(c)) and O (\(o)) divisible by groups (\(p.groups)) and weight[1] == C/groups (\(c / Swift.max(p.groups, 1)))")
        }
        (ho, wo) = p.outputSize(height: h, width: w, kernelH: kh, kernelW: kw)
        guard ho > 0, wo > 0 else {
            throw TensorError.shapeMismatch(op: op, shapes: [input, weight],
                                            expected: "a kernel (dilated) no larger than the padded input")
        }
    }
}

extension Tensor {
    /// `conv2d(input [N, C, H, W], weight [O, C/groups, kH, kW], bias [O]?) -> [N, O, Ho, Wo]`.
    public static func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor? = nil, _ p: Conv2DParameters = .init()) throws -> Tensor {
        let g = try ConvGeometry(input: input.shape, weight: weight.shape, p, op: "conv2d")
        if let bias, bias.shape != [g.o] {
            throw TensorError.shapeMismatch(op: "conv2d", shapes: [bias.shape, [g.o]], expected: "bias of shape [O]")
        }
        var out = Tensor(uninitializedShape: [g.n, g.o, g.ho, g.wo])
        if BlockedConvolution.applies(to: g) {
            // The kernel starts its sums from the bias.
            BlockedConvolution.forward(g, input.storage.pointer, weight.storage.pointer, bias?.storage.pointer, out.storage.pointer)
            return out
        }
        if g.isDepthwise {
            depthwiseForward(g, input.storage.pointer, weight.storage.pointer, out.storage.pointer)
        } else {
            let x = input.storage.pointer, y = out.storage.pointer
            forEachProduct(g) { grp, b0, nb, cols, rows in
                let wt = weight.storage.pointer + grp * g.og * g.kSize
                if nb == 1 && g.isPointwise {
                    BLAS.sgemm(transposeA: false, transposeB: false, m: g.og, n: g.spatial, k: g.kSize,
                               a: wt, lda: g.kSize, b: x + (b0 * g.c + grp * g.cg) * g.h * g.w, ldb: g.spatial,
                               c: y + (b0 * g.o + grp * g.og) * g.spatial, ldc: g.spatial)
                    return
                }
                if nb == 1 {
                    // Blocks of output rows whose lowered input stays in cache (~512 KB): the
                    // lowering writes to cache instead of memory and the GEMM reads it from there.
                    let image = x + (b0 * g.c + grp * g.cg) * g.h * g.w
                    let target = y + (b0 * g.o + grp * g.og) * g.spatial
                    let rowsPerBlock = Swift.max(1, Swift.min(g.ho, (1 << 17) / Swift.max(1, g.kSize * g.wo)))
                    var oy0 = 0
                    while oy0 < g.ho {
                        let oy1 = Swift.min(g.ho, oy0 + rowsPerBlock), n = (oy1 - oy0) * g.wo
                        im2col(g, image, cols, rowStride: n, outputRows: oy0..<oy1)
                        BLAS.sgemm(transposeA: false, transposeB: false, m: g.og, n: n, k: g.kSize,
                                   a: wt, lda: g.kSize, b: cols, ldb: n, c: target + oy0 * g.wo, ldc: g.spatial)
                        oy0 = oy1
                    }
                } else {
                    for i in 0..<nb { im2col(g, x + ((b0 + i) * g.c + grp * g.cg) * g.h * g.w, cols + i * g.spatial, rowStride: nb * g.spatial) }
                    BLAS.sgemm(transposeA: false, transposeB: false, m: g.og, n: nb * g.spatial, k: g.kSize,
                               a: wt, lda: g.kSize, b: cols, ldb: nb * g.spatial, c: rows, ldc: nb * g.spatial)
                    scatterRows(g, rows, into: y, group: grp, firstImage: b0, images: nb)
                }
            }
        }
        if let bias { addChannelBias(&out, bias) }
        return out
    }

    /// Gradient with respect to the input: the adjoint of `conv2d` in its input.
    public static func conv2dBackwardInput(_ gradOutput: Tensor, weight: Tensor, inputShape: [Int], _ p: Conv2DParameters = .init()) throws -> Tensor {
        let g = try ConvGeometry(input: inputShape, weight: weight.shape, p, op: "conv2dBackwardInput")
        try g.checkOutputGradient(gradOutput.shape, op: "conv2dBackwardInput")
        var gradInput = Tensor(zeros: inputShape)
        if g.isDepthwise {
            depthwiseBackwardInput(g, gradOutput.storage.pointer, weight.storage.pointer, gradInput.storage.pointer)
            return gradInput
        }
        let dy = gradOutput.storage.pointer, dx = gradInput.storage.pointer
        forEachProduct(g) { grp, b0, nb, cols, rows in
            let wt = weight.storage.pointer + grp * g.og * g.kSize
            if nb == 1 && g.isPointwise {
                BLAS.sgemm(transposeA: true, transposeB: false, m: g.kSize, n: g.spatial, k: g.og,
                           a: wt, lda: g.kSize, b: dy + (b0 * g.o + grp * g.og) * g.spatial, ldb: g.spatial,
                           c: dx + (b0 * g.c + grp * g.cg) * g.h * g.w, ldc: g.spatial)
                return
            }
            let source = gradientRows(g, dy, rows, group: grp, firstImage: b0, images: nb)
            BLAS.sgemm(transposeA: true, transposeB: false, m: g.kSize, n: nb * g.spatial, k: g.og,
                       a: wt, lda: g.kSize, b: source, ldb: nb * g.spatial, c: cols, ldc: nb * g.spatial)
            for i in 0..<nb { col2im(g, cols + i * g.spatial, dx + ((b0 + i) * g.c + grp * g.cg) * g.h * g.w, rowStride: nb * g.spatial) }
        }
        return gradInput
    }

    /// Gradient with respect to the weight, summed over the batch.
    public static func conv2dBackwardWeight(_ gradOutput: Tensor, input: Tensor, weightShape: [Int], _ p: Conv2DParameters = .init()) throws -> Tensor {
        let g = try ConvGeometry(input: input.shape, weight: weightShape, p, op: "conv2dBackwardWeight")
        try g.checkOutputGradient(gradOutput.shape, op: "conv2dBackwardWeight")
        var gradWeight = Tensor(zeros: weightShape)
        if g.isDepthwise {
            depthwiseBackwardWeight(g, gradOutput.storage.pointer, input.storage.pointer, gradWeight.storage.pointer)
            return gradWeight
        }
        let dy = gradOutput.storage.pointer, x = input.storage.pointer
        forEachProduct(g) { grp, b0, nb, cols, rows in
            let dw = gradWeight.storage.pointer + grp * g.og * g.kSize
            let source = gradientRows(g, dy, rows, group: grp, firstImage: b0, images: nb)
            let lowered: UnsafePointer<Float>
            if nb == 1 && g.isPointwise {
                lowered = UnsafePointer(x + (b0 * g.c + grp * g.cg) * g.h * g.w)
            } else {
                for i in 0..<nb { im2col(g, x + ((b0 + i) * g.c + grp * g.cg) * g.h * g.w, cols + i * g.spatial, rowStride: nb * g.spatial) }
                lowered = UnsafePointer(cols)
            }
            BLAS.sgemm(transposeA: false, transposeB: true, m: g.og, n: g.kSize, k: nb * g.spatial,
                       a: source, lda: nb * g.spatial, b: lowered, ldb: nb * g.spatial, beta: 1, c: dw, ldc: g.kSize)
        }
        return gradWeight
    }

    /// Runs `body(group, firstImage, images, cols, rows)` over groups and chunks of images, with
    /// scratch buffers for the lowered input ([kSize, images·spatial]) and the output rows
    /// ([og, images·spatial]) reused across calls.
    static func forEachProduct(_ g: ConvGeometry,
                               _ body: (Int, Int, Int, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
        let per = g.imagesPerProduct
        let cols = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, g.kSize * per * g.spatial))
        let rows = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, per > 1 ? g.og * per * g.spatial : 1))
        defer { cols.deallocate(); rows.deallocate() }
        for grp in 0..<g.p.groups {
            var b0 = 0
            while b0 < g.n {
                let nb = Swift.min(per, g.n - b0)
                body(grp, b0, nb, cols, rows)
                b0 += nb
            }
        }
    }

    /// [og, images·spatial] rows -> the group's channels of images b0..<b0+images in NCHW.
    static func scatterRows(_ g: ConvGeometry, _ rows: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, group: Int, firstImage b0: Int, images nb: Int) {
        for o in 0..<g.og {
            for i in 0..<nb {
                (y + ((b0 + i) * g.o + group * g.og + o) * g.spatial).update(from: rows + (o * nb + i) * g.spatial, count: g.spatial)
            }
        }
    }

    /// The output gradient of a group and chunk as an [og, images·spatial] matrix: in place
    /// for a single image, gathered into `rows` otherwise.
    static func gradientRows(_ g: ConvGeometry, _ dy: UnsafePointer<Float>, _ rows: UnsafeMutablePointer<Float>,
                             group: Int, firstImage b0: Int, images nb: Int) -> UnsafePointer<Float> {
        if nb == 1 {
            let offset: Int = (b0 * g.o + group * g.og) * g.spatial
            return dy + offset
        }
        return gatherRows(g, dy, into: rows, group: group, firstImage: b0, images: nb)
    }

    /// The inverse of `scatterRows`: NCHW gradients -> [og, images·spatial]; returns `rows`.
    static func gatherRows(_ g: ConvGeometry, _ dy: UnsafePointer<Float>, into rows: UnsafeMutablePointer<Float>, group: Int, firstImage b0: Int, images nb: Int) -> UnsafePointer<Float> {
        for o in 0..<g.og {
            for i in 0..<nb {
                (rows + (o * nb + i) * g.spatial).update(from: dy + ((b0 + i) * g.o + group * g.og + o) * g.spatial, count: g.spatial)
            }
        }
        return UnsafePointer(rows)
    }

    /// Gradient with respect to a per-channel bias: the sum over batch and space.
    public static func conv2dBackwardBias(_ gradOutput: Tensor) throws -> Tensor {
        guard gradOutput.rank == 4 else {
            throw TensorError.shapeMismatch(op: "conv2dBackwardBias", shapes: [gradOutput.shape], expected: "[N, O, H, W]")
        }
        return try gradOutput.sum(alongAxes: [0, 2, 3])
    }

    /// Adds `bias[c]` to every element of channel c of an NCHW tensor.
    static func addChannelBias(_ t: inout Tensor, _ bias: Tensor) {
        let (n, c) = (t.shape[0], t.shape[1])
        let spatial = t.count / Swift.max(1, n * c)
        let p = t.storage.pointer, bp = bias.storage.pointer
        for b in 0..<n {
            for ch in 0..<c {
                let v = bp[ch], row = p + (b * c + ch) * spatial
                for i in 0..<spatial { row[i] += v }
            }
        }
    }

    /// Unfolds one image's group into rows of a [C/g * kH * kW, Ho * Wo] block of a matrix whose
    /// rows are `rowStride` apart (zeros where padded).
    static func im2col(_ g: ConvGeometry, _ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, rowStride: Int,
                       outputRows: Range<Int>? = nil) {
        let rows = outputRows ?? 0..<g.ho
        let xs = SendablePointer(UnsafeMutablePointer(mutating: x)), cs = SendablePointer(cols)
        Parallel.forRanges(g.cg, grain: 1 + (1 << 15) / Swift.max(1, g.kh * g.kw * rows.count * g.wo)) { c0, c1 in
            for ch in c0..<c1 {
                let plane = xs.base + ch * g.h * g.w
                for ki in 0..<g.kh {
                    for kj in 0..<g.kw {
                        let row = cs.base + ((ch * g.kh + ki) * g.kw + kj) * rowStride
                        let dx = kj * g.p.dilationW - g.p.padW
                        // Output columns whose input column lands inside the image.
                        let xLow = dx >= 0 ? 0 : (-dx + g.p.strideW - 1) / g.p.strideW
                        let xHigh = Swift.max(xLow, Swift.min(g.wo, (g.w - dx + g.p.strideW - 1) / g.p.strideW))
                        for oy in rows {
                            let iy = oy * g.p.strideH + ki * g.p.dilationH - g.p.padH
                            let dst = row + (oy - rows.lowerBound) * g.wo
                            if iy < 0 || iy >= g.h {
                                dst.initialize(repeating: 0, count: g.wo)
                                continue
                            }
                            let src = plane + iy * g.w
                            if xLow > 0 { dst.initialize(repeating: 0, count: xLow) }
                            if g.p.strideW == 1 {
                                (dst + xLow).update(from: src + xLow + dx, count: xHigh - xLow)
                            } else {
                                var ix = xLow &* g.p.strideW &+ dx
                                for ox in xLow..<xHigh { dst[ox] = src[ix]; ix &+= g.p.strideW }
                            }
                            if xHigh < g.wo { (dst + xHigh).initialize(repeating: 0, count: g.wo - xHigh) }
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of im2col: scatters-and-adds columns back into an image (accumulates into `x`).
    static func col2im(_ g: ConvGeometry, _ cols: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>, rowStride: Int) {
        let xs = SendablePointer(x), cs = SendablePointer(UnsafeMutablePointer(mutating: cols))
        // Channels are independent: each thread owns whole input planes.
        Parallel.forRanges(g.cg, grain: 1 + (1 << 15) / Swift.max(1, g.kh * g.kw * g.spatial)) { c0, c1 in
            for ch in c0..<c1 {
                let plane = xs.base + ch * g.h * g.w
                for ki in 0..<g.kh {
                    for kj in 0..<g.kw {
                        let row = cs.base + ((ch * g.kh + ki) * g.kw + kj) * rowStride
                        let dx = kj * g.p.dilationW - g.p.padW
                        let xLow = dx >= 0 ? 0 : (-dx + g.p.strideW - 1) / g.p.strideW
                        let xHigh = Swift.max(xLow, Swift.min(g.wo, (g.w - dx + g.p.strideW - 1) / g.p.strideW))
                        for oy in 0..<g.ho {
                            let iy = oy * g.p.strideH + ki * g.p.dilationH - g.p.padH
                            if iy < 0 || iy >= g.h { continue }
                            let src = row + oy * g.wo
                            let dst = plane + iy * g.w
                            var ix = xLow &* g.p.strideW &+ dx
                            for ox in xLow..<xHigh { dst[ix] += src[ox]; ix &+= g.p.strideW }
                        }
                    }
                }
            }
        }
    }
}
