import Imaging

/// An 8-bit single-channel image, row-major: what the cascade evaluator scans.
struct GrayImage: Sendable {
    let width: Int
    let height: Int
    var pixels: [UInt8]

    /// Gray from any `PixelImage`: BT.601 luma in OpenCV's fixed point (so scores match
    /// `cvtColor(..., COLOR_RGB2GRAY)`), alpha ignored, 16-bit samples rounded to 8 bits.
    init(_ image: PixelImage) {
        width = image.width
        height = image.height
        let n = width * height, channels = image.channels, is16 = image.bitDepth == 16
        var out = [UInt8](repeating: 0, count: n)
        image.withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer { dst in
                let o = dst.baseAddress!
                if is16 {
                    let s = raw.bindMemory(to: UInt16.self).baseAddress!
                    for p in 0..<n {
                        let b = s + p * channels
                        let v = channels < 3 ? Int(b[0]) : (Int(b[0]) * 4899 + Int(b[1]) * 9617 + Int(b[2]) * 1868 + 8192) >> 14
                        o[p] = UInt8((v * 255 + 32767) / 65535)
                    }
                } else {
                    let s = raw.bindMemory(to: UInt8.self).baseAddress!
                    if channels < 3 {
                        for p in 0..<n { o[p] = s[p * channels] }
                    } else {
                        for p in 0..<n {
                            let b = s + p &* channels
                            o[p] = UInt8(truncatingIfNeeded: (Int(b[0]) &* 4899 &+ Int(b[1]) &* 9617 &+ Int(b[2]) &* 1868 &+ 8192) >> 14)
                        }
                    }
                }
            }
        }
        pixels = out
    }

    init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Bilinear resize to `outWidth` x `outHeight` into `out` (row stride `outWidth`),
    /// sampling at pixel centres as OpenCV's `INTER_LINEAR` does, so the cascade sees
    /// the pyramid it was tuned on.
    func resize(into out: UnsafeMutablePointer<UInt8>, width outWidth: Int, height outHeight: Int) {
        let sx = Float(width) / Float(outWidth), sy = Float(height) / Float(outHeight)
        var x0 = [Int](repeating: 0, count: outWidth), x1 = x0
        var fx = [Float](repeating: 0, count: outWidth)
        for x in 0..<outWidth {
            (x0[x], x1[x], fx[x]) = Self.tap(Float(x), scale: sx, size: width)
        }
        pixels.withUnsafeBufferPointer { src in
            x0.withUnsafeBufferPointer { x0 in
                x1.withUnsafeBufferPointer { x1 in
                    fx.withUnsafeBufferPointer { fx in
                        for y in 0..<outHeight {
                            let (y0, y1, wy) = Self.tap(Float(y), scale: sy, size: height)
                            let r0 = src.baseAddress! + y0 &* width, r1 = src.baseAddress! + y1 &* width
                            let o = out + y &* outWidth
                            for x in 0..<outWidth {
                                let a = x0[x], b = x1[x], w = fx[x]
                                let top = Float(r0[a]) + w * (Float(r0[b]) - Float(r0[a]))
                                let bottom = Float(r1[a]) + w * (Float(r1[b]) - Float(r1[a]))
                                o[x] = UInt8(top + wy * (bottom - top) + 0.5)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The two source pixels and the weight of the second for output coordinate `d`.
    private static func tap(_ d: Float, scale: Float, size: Int) -> (Int, Int, Float) {
        let f = (d + 0.5) * scale - 0.5
        var i = Int(f.rounded(.down)), w = f - Float(i)
        if i < 0 { i = 0; w = 0 }
        if i >= size - 1 { i = size - 1; w = 0 }
        return (i, Swift.min(i + 1, size - 1), w)
    }
}
