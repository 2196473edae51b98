import CFacetKernels

/// Direct kernels for depthwise convolution (groups == C, one input channel per group,
/// any channel multiplier O/C): each output plane is a small stencil over one input plane.
extension Tensor {
    static func depthwiseForward(_ g: ConvGeometry, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        let xs = SendablePointer(UnsafeMutablePointer(mutating: x)), ws = SendablePointer(UnsafeMutablePointer(mutating: w))
        let ys = SendablePointer(y)
        let mult = g.og
        Parallel.forRanges(g.n * g.o, grain: 1 + (1 << 14) / Swift.max(1, g.spatial * g.kh * g.kw)) { p0, p1 in
            for plane in p0..<p1 {
                let b = plane / g.o, oc = plane % g.o, ic = oc / mult
                facet_depthwise_plane(xs.base + (b * g.c + ic) * g.h * g.w, Int32(g.h), Int32(g.w),
                                      ws.base + oc * g.kh * g.kw, Int32(g.kh), Int32(g.kw),
                                      Int32(g.p.strideH), Int32(g.p.strideW), Int32(g.p.padH), Int32(g.p.padW),
                                      Int32(g.p.dilationH), Int32(g.p.dilationW),
                                      ys.base + plane * g.spatial, Int32(g.ho), Int32(g.wo))
            }
        }
    }

    static func depthwiseBackwardInput(_ g: ConvGeometry, _ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>) {
        let mult = g.og
        // Planes of one input channel receive from `mult` output channels; iterate per input plane.
        let dys = SendablePointer(UnsafeMutablePointer(mutating: dy)), ws = SendablePointer(UnsafeMutablePointer(mutating: w))
        let dxs = SendablePointer(dx)
        Parallel.forRanges(g.n * g.c, grain: 1) { p0, p1 in
            for inPlane in p0..<p1 {
                let b = inPlane / g.c, ic = inPlane % g.c
                let dst = dxs.base + inPlane * g.h * g.w
                for m in 0..<mult {
                    let oc = ic * mult + m
                    let src = dys.base + (b * g.o + oc) * g.spatial
                    let kern = ws.base + oc * g.kh * g.kw
                    for ki in 0..<g.kh {
                        for kj in 0..<g.kw {
                            let k = kern[ki * g.kw + kj]
                            let dxo = kj * g.p.dilationW - g.p.padW
                            let xLow = dxo >= 0 ? 0 : (-dxo + g.p.strideW - 1) / g.p.strideW
                            let xHigh = Swift.max(xLow, Swift.min(g.wo, (g.w - dxo + g.p.strideW - 1) / g.p.strideW))
                            for oy in 0..<g.ho {
                                let iy = oy * g.p.strideH + ki * g.p.dilationH - g.p.padH
                                if iy < 0 || iy >= g.h { continue }
                                let drow = dst + iy * g.w + dxo
                                let srow = src + oy * g.wo
                                for ox in xLow..<xHigh { drow[ox &* g.p.strideW] += k * srow[ox] }
                            }
                        }
                    }
                }
            }
        }
    }

    static func depthwiseBackwardWeight(_ g: ConvGeometry, _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>) {
        let mult = g.og
        let dys = SendablePointer(UnsafeMutablePointer(mutating: dy)), xs = SendablePointer(UnsafeMutablePointer(mutating: x))
        let dws = SendablePointer(dw)
        // Each output channel owns its kernel: parallel over output channels, loop over the batch inside.
        Parallel.forRanges(g.o, grain: 1) { o0, o1 in
            for oc in o0..<o1 {
                let ic = oc / mult
                let kern = dws.base + oc * g.kh * g.kw
                for b in 0..<g.n {
                    let src = xs.base + (b * g.c + ic) * g.h * g.w
                    let grad = dys.base + (b * g.o + oc) * g.spatial
                    for ki in 0..<g.kh {
                        for kj in 0..<g.kw {
                            let dxo = kj * g.p.dilationW - g.p.padW
                            let xLow = dxo >= 0 ? 0 : (-dxo + g.p.strideW - 1) / g.p.strideW
                            let xHigh = Swift.max(xLow, Swift.min(g.wo, (g.w - dxo + g.p.strideW - 1) / g.p.strideW))
                            var acc: Float = 0
                            for oy in 0..<g.ho {
                                let iy = oy * g.p.strideH + ki * g.p.dilationH - g.p.padH
                                if iy < 0 || iy >= g.h { continue }
                                let srow = src + iy * g.w + dxo
                                let grow = grad + oy * g.wo
                                for ox in xLow..<xHigh { acc += grow[ox] * srow[ox &* g.p.strideW] }
                            }
                            kern[ki * g.kw + kj] += acc
                        }
                    }
                }
            }
        }
    }
}
