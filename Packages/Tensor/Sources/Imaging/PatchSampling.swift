import Tensor

extension ImageOps {
    /// What sampling returns outside the image.
    public enum Border: Sendable, Equatable {
        /// Every point outside the image has this value.
        case constant(Float)
        /// The nearest edge pixel extends outwards (no dark frame around patches
        /// near the border, which would look like an edge to HOG or a forest).
        case replicate
    }

    /// Extracts one fixed-size patch centred at each point, sampling bilinearly.
    ///
    /// - Parameters:
    ///   - image: `[C, H, W]` or `[H, W]`.
    ///   - centers: points (x, y) in pixel coordinates (pixel centres at integers).
    ///   - height, width: patch size in samples. Sample (i, j) of a patch centred at
    ///     (cx, cy) reads the image at (cx + (j - (width-1)/2)·scale,
    ///     cy + (i - (height-1)/2)·scale): with odd sizes, integer centres and scale
    ///     1 every sample is a pixel, exactly.
    ///   - scale: input pixels per patch sample (2 takes a patch twice as large,
    ///     at half resolution; no prefiltering, so stay below about 2).
    /// - Returns: `[N, C, height, width]` (`[N, height, width]` for a `[H, W]` image).
    ///
    /// Forest-based landmark methods call this once per cascade stage with every
    /// landmark of every image; it allocates nothing per sample.
    public static func samplePatches(_ image: Tensor, centers: [SIMD2<Float>], height: Int, width: Int,
                                     scale: Float = 1, border: Border = .replicate) throws -> Tensor {
        let op = "ImageOps.samplePatches"
        let planes = try PlaneStack(image, op: op)
        guard image.rank <= 3 else {
            throw TensorError.shapeMismatch(op: op, shapes: [image.shape], expected: "one image, [C, H, W] or [H, W]")
        }
        guard height >= 1, width >= 1, scale.isFinite, scale > 0 else {
            throw TensorError.invalidArgument(op: op, message: "patch size \(width)x\(height) must be at least 1x1 and scale (\(scale)) positive")
        }
        guard centers.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
            throw TensorError.invalidArgument(op: op, message: "every centre must be finite; got a NaN or infinite point")
        }
        let (h, w, count, inPlane, patchPlane) = (planes.height, planes.width, planes.count, planes.planeSize, height * width)
        var out = Tensor(uninitializedShape: [centers.count] + planes.leading + [height, width])
        let halfX = Float(width - 1) / 2, halfY = Float(height - 1) / 2
        let maxX = Float(w - 1), maxY = Float(h - 1)
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let s = src.baseAddress!
                Parallel.forRanges(centers.count, grain: rowGrain(patchPlane * count * 4)) { n0, n1 in
                    for n in n0..<n1 {
                        let center = centers[n]
                        let patch = dst.baseAddress! + n &* count &* patchPlane
                        for i in 0..<height {
                            let sy = center.y + (Float(i) - halfY) * scale
                            for j in 0..<width {
                                let sx = center.x + (Float(j) - halfX) * scale
                                let o = patch + (i &* width &+ j)
                                switch border {
                                case .replicate:
                                    let cx = Swift.min(Swift.max(sx, 0), maxX), cy = Swift.min(Swift.max(sy, 0), maxY)
                                    let x0 = Int(cx), y0 = Int(cy)
                                    let tx = cx - Float(x0), ty = cy - Float(y0)
                                    let dx = x0 &+ 1 < w ? 1 : 0, dy = y0 &+ 1 < h ? w : 0
                                    let i00 = y0 &* w &+ x0
                                    for p in 0..<count {
                                        let q = s + (p &* inPlane &+ i00)
                                        let top = q[0] + tx * (q[dx] - q[0]), bottom = q[dy] + tx * (q[dy &+ dx] - q[dy])
                                        o[p &* patchPlane] = top + ty * (bottom - top)
                                    }
                                case .constant(let fill):
                                    guard sx > -1, sy > -1, sx < Float(w), sy < Float(h) else {
                                        for p in 0..<count { o[p &* patchPlane] = fill }
                                        continue
                                    }
                                    let fx = sx.rounded(.down), fy = sy.rounded(.down)
                                    let x0 = Int(fx), y0 = Int(fy)
                                    let tx = sx - fx, ty = sy - fy
                                    let in00 = x0 >= 0 && y0 >= 0, in01 = x0 &+ 1 < w && y0 >= 0
                                    let in10 = x0 >= 0 && y0 &+ 1 < h, in11 = x0 &+ 1 < w && y0 &+ 1 < h
                                    let i00 = y0 &* w &+ x0
                                    for p in 0..<count {
                                        let q = s + p &* inPlane
                                        let v00 = in00 ? q[i00] : fill, v01 = in01 ? q[i00 &+ 1] : fill
                                        let v10 = in10 ? q[i00 &+ w] : fill, v11 = in11 ? q[i00 &+ w &+ 1] : fill
                                        let top = v00 + tx * (v01 - v00), bottom = v10 + tx * (v11 - v10)
                                        o[p &* patchPlane] = top + ty * (bottom - top)
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
}
