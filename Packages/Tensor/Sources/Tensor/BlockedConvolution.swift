import CFacetKernels

/// The forward convolution through the direct channel-blocked kernel (facet_conv_nchwc.c):
/// no lowered copy of the input and no GEMM. On a 3x3 64->64 convolution of 56x56 images
/// it runs at 93% of a core's FMA peak (105 of 112.8 GFLOP/s on the benchmark machine),
/// where im2col + sgemm reached ~55% on two cores.
enum BlockedConvolution {
    /// The widest tile loop the CPU runs (1 portable C, 2 AVX2+FMA, 3 AVX-512), read once.
    static let cpuLevel = Int(facet_conv_nchwc_level())

    /// Pins the tile loop (tests); 0 restores the CPU's choice. Returns the level in use.
    @discardableResult
    static func force(level: Int) -> Int { Int(facet_conv_nchwc_force_level(Int32(level))) }

    /// Whether a convolution takes this kernel: groups of at least 16 input and output
    /// channels (blocks of 16 lanes at most half idle) on a CPU with a SIMD tile loop (the
    /// portable one is slower than OpenBLAS). 1x1 unit-stride convolutions are plain GEMMs
    /// already, and depthwise ones have their own kernel.
    static func applies(to g: ConvGeometry) -> Bool {
        cpuLevel >= 2 && !g.isDepthwise && !g.isPointwise && g.cg >= 16 && g.og >= 16
    }

    /// Output rows per work item: the item's padded input band stays near 128 KB (it is read
    /// kh*kw times per output row), and there are enough items to keep every thread busy.
    static func bandRows(_ g: ConvGeometry) -> Int {
        let bandCols = (g.wo - 1) * g.p.strideW + (g.kw - 1) * g.p.dilationW + 1
        let bytesPerRow = ((g.cg + 15) / 16) * 16 * bandCols * g.p.strideH * MemoryLayout<Float>.size
        var rows = Swift.max(1, Swift.min(g.ho, (1 << 17) / Swift.max(1, bytesPerRow)))
        let planes = g.n * g.p.groups, threads = Parallel.threads
        if planes % threads != 0 {
            // Too few images (and groups) to share evenly: split rows so the item count divides.
            let bands = ((g.ho + rows - 1) / rows + threads - 1) / threads * threads
            rows = Swift.max(1, (g.ho + bands - 1) / bands)
        }
        return rows
    }

    /// y = conv(x, w) + bias for NCHW x [n, c, h, w], w [o, c/groups, kh, kw], y [n, o, ho, wo].
    static func forward(_ g: ConvGeometry, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                        _ bias: UnsafePointer<Float>?, _ y: UnsafeMutablePointer<Float>) {
        let (cg, og, kh, kw) = (Int32(g.cg), Int32(g.og), Int32(g.kh), Int32(g.kw))
        let packedCount = facet_conv_nchwc_weight_count(og, cg, kh, kw)
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: g.p.groups * packedCount)
        defer { packed.deallocate() }
        for grp in 0..<g.p.groups {
            facet_conv_nchwc_pack_weight(w + grp * g.og * g.kSize, og, cg, kh, kw, packed + grp * packedCount)
        }
        let rows = bandRows(g), bands = (g.ho + rows - 1) / rows
        let scratchCount = facet_conv_nchwc_scratch_count(cg, og, kh, kw, Int32(g.p.strideH), Int32(g.p.strideW),
                                                          Int32(g.p.dilationH), Int32(g.p.dilationW), Int32(g.wo), Int32(rows))
        let xs = SendablePointer(UnsafeMutablePointer(mutating: x)), ys = SendablePointer(y)
        let ws = SendablePointer(packed), bs = bias.map { SendablePointer(UnsafeMutablePointer(mutating: $0)) }
        // Items are (image, group, band of output rows), each writing its own rows of y.
        Parallel.forRanges(g.n * g.p.groups * bands, grain: 1) { i0, i1 in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount)
            defer { scratch.deallocate() }
            for item in i0..<i1 {
                let band = item % bands, plane = item / bands
                let b = plane / g.p.groups, grp = plane % g.p.groups
                let oy0 = band * rows, oy1 = Swift.min(g.ho, oy0 + rows)
                facet_conv_nchwc_rows(xs.base + (b * g.c + grp * g.cg) * g.h * g.w, cg, Int32(g.h), Int32(g.w),
                                      ws.base + grp * packedCount, bs.map { UnsafePointer($0.base + grp * g.og) },
                                      og, kh, kw, Int32(g.p.strideH), Int32(g.p.strideW), Int32(g.p.padH), Int32(g.p.padW),
                                      Int32(g.p.dilationH), Int32(g.p.dilationW),
                                      ys.base + (b * g.o + grp * g.og) * g.spatial, Int32(g.ho), Int32(g.wo),
                                      Int32(oy0), Int32(oy1), scratch)
            }
        }
    }
}
