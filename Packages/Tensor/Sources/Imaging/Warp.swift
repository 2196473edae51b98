import Tensor

extension ImageOps {
    /// Warps the last two dimensions of `image` (`[..., H, W]`) by an affine map,
    /// sampling bilinearly.
    ///
    /// - Parameters:
    ///   - matrix: row-major 2x3 `[a, b, c, d, e, f]` mapping an *output* pixel
    ///     (x, y) to the *input* point (a·x + b·y + c, d·x + e·y + f) it samples.
    ///     For a transform taking input to output, pass its inverse
    ///     (Geometry's `AffineTransform2D.inverted().matrix2x3`).
    ///   - fill: the value of every pixel outside the input; taps that fall
    ///     outside blend with it, as OpenCV's constant border does.
    /// - Returns: `[..., height, width]`.
    ///
    /// The identity matrix returns the input exactly: at integer sample points
    /// the neighbours' weights are zero.
    public static func warpAffine(_ image: Tensor, matrix: [Double], height: Int, width: Int, fill: Float = 0) throws -> Tensor {
        let planes = try PlaneStack(image, op: "ImageOps.warpAffine")
        guard matrix.count == 6, matrix.allSatisfy({ $0.isFinite }) else {
            throw TensorError.invalidArgument(op: "ImageOps.warpAffine",
                                              message: "the matrix must hold 6 finite values [a, b, c, d, e, f] (row-major 2x3), got \(matrix)")
        }
        guard height >= 1, width >= 1 else {
            throw TensorError.invalidArgument(op: "ImageOps.warpAffine", message: "output size \(width)x\(height) must be at least 1x1")
        }
        let (a, b, c, d, e, f) = (matrix[0], matrix[1], matrix[2], matrix[3], matrix[4], matrix[5])
        let (h, w, count, inPlane, outPlane) = (planes.height, planes.width, planes.count, planes.planeSize, height * width)
        var out = Tensor(uninitializedShape: planes.leading + [height, width])
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let s = src.baseAddress!, o = dst.baseAddress!
                Parallel.forRanges(height, grain: rowGrain(width * count * 4)) { y0, y1 in
                    for y in y0..<y1 {
                        for x in 0..<width {
                            let sx = a * Double(x) + b * Double(y) + c
                            let sy = d * Double(x) + e * Double(y) + f
                            let out = o + (y &* width &+ x)
                            // Far outside (or beyond Int's range): every tap is fill.
                            guard sx > -1, sy > -1, sx < Double(w), sy < Double(h) else {
                                for p in 0..<count { out[p &* outPlane] = fill }
                                continue
                            }
                            let fx = sx.rounded(.down), fy = sy.rounded(.down)
                            let x0 = Int(fx), y0 = Int(fy)
                            let tx = Float(sx - fx), ty = Float(sy - fy)
                            let w00 = (1 - tx) * (1 - ty), w01 = tx * (1 - ty), w10 = (1 - tx) * ty, w11 = tx * ty
                            let i00 = y0 &* w &+ x0
                            if x0 >= 0, y0 >= 0, x0 &+ 1 < w, y0 &+ 1 < h {
                                for p in 0..<count {
                                    let q = s + (p &* inPlane &+ i00)
                                    out[p &* outPlane] = w00 * q[0] + w01 * q[1] + w10 * q[w] + w11 * q[w &+ 1]
                                }
                            } else {
                                let in00 = x0 >= 0 && y0 >= 0, in01 = x0 &+ 1 < w && y0 >= 0
                                let in10 = x0 >= 0 && y0 &+ 1 < h, in11 = x0 &+ 1 < w && y0 &+ 1 < h
                                for p in 0..<count {
                                    let q = s + p &* inPlane
                                    let v00 = in00 ? q[i00] : fill, v01 = in01 ? q[i00 &+ 1] : fill
                                    let v10 = in10 ? q[i00 &+ w] : fill, v11 = in11 ? q[i00 &+ w &+ 1] : fill
                                    out[p &* outPlane] = w00 * v00 + w01 * v01 + w10 * v10 + w11 * v11
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The warp matrix that crops `box` out of an image and scales it to
    /// width x height pixels.
    ///
    /// `box` is `(x, y, width, height)` in pixel-edge units: `(0, 0, W, H)` is
    /// the whole image, as face detectors report boxes. Pixel centres map to
    /// pixel centres, so cropping the whole image to its own size is the identity.
    public static func cropMatrix(box: (x: Double, y: Double, width: Double, height: Double),
                                  width: Int, height: Int) -> [Double] {
        let sx = box.width / Double(width), sy = box.height / Double(height)
        return [sx, 0, box.x + 0.5 * sx - 0.5, 0, sy, box.y + 0.5 * sy - 0.5]
    }

    /// Crops `box` (pixel-edge units, see `cropMatrix`) and scales it to
    /// width x height, filling outside the image with `fill`. Bilinear sampling:
    /// to shrink a box by much more than 2x, `resize` the image first.
    public static func crop(_ image: Tensor, box: (x: Double, y: Double, width: Double, height: Double),
                            width: Int, height: Int, fill: Float = 0) throws -> Tensor {
        try warpAffine(image, matrix: cropMatrix(box: box, width: width, height: height), height: height, width: width, fill: fill)
    }
}
