/// The one primitive every drawing call reduces to: painting a horizontal run
/// of pixels, clipped to the image. Shapes are rasterised row by row into such
/// spans, so a shape of any size costs one pass over the pixels it covers.
///
/// Coordinates: pixel (x, y) has its centre at (x, y); a shape paints the
/// pixels whose centres it contains. Drawing is not antialiased.
extension PixelImage {
    /// The colour as samples of this image's layout, and its opacity.
    struct Paint {
        var samples: (Int, Int, Int)
        var alpha: Int  // 0...255
    }

    func paint(_ color: DrawColor) -> Paint {
        let scale = bitDepth == 8 ? 1 : 257
        let (r, g, b) = (Int(color.red) * scale, Int(color.green) * scale, Int(color.blue) * scale)
        switch channels {
        case 1:
            let luma = (299 * Int(color.red) + 587 * Int(color.green) + 114 * Int(color.blue) + 500) / 1000
            return Paint(samples: (luma * scale, 0, 0), alpha: Int(color.alpha))
        default:
            // The alpha sample is not taken from here: fillSpan composites it "over".
            return Paint(samples: (r, g, b), alpha: Int(color.alpha))
        }
    }

    /// Paints pixels x0...x1 (inclusive) of row y; anything outside the image is skipped.
    mutating func fillSpan(y: Int, from x0: Int, to x1: Int, _ paint: Paint) {
        guard y >= 0, y < height else { return }
        let start = Swift.max(x0, 0), end = Swift.min(x1, width - 1)
        guard start <= end else { return }
        let (c, is8, alpha, top) = (channels, bitDepth == 8, paint.alpha, maxSampleValue)
        let first = (y * width + start) * c, pixels = end - start + 1
        let (v0, v1, v2) = (paint.samples.0, paint.samples.1, paint.samples.2)
        bytes.withUnsafeMutableBytes { raw in
            // Alpha channel (k == 3): "over" compositing, so paint never makes a pixel more transparent.
            if is8 {
                let p = raw.bindMemory(to: UInt8.self).baseAddress! + first
                for i in 0..<pixels {
                    let q = p + i &* c
                    for k in 0..<c {
                        let t = k == 0 ? v0 : k == 1 ? v1 : k == 2 ? v2 : top
                        q[k] = UInt8(truncatingIfNeeded: (t &* alpha &+ Int(q[k]) &* (255 &- alpha) &+ 127) / 255)
                    }
                }
            } else {
                let p = raw.bindMemory(to: UInt16.self).baseAddress! + first
                for i in 0..<pixels {
                    let q = p + i &* c
                    for k in 0..<c {
                        let t = k == 0 ? v0 : k == 1 ? v1 : k == 2 ? v2 : top
                        q[k] = UInt16(truncatingIfNeeded: (t &* alpha &+ Int(q[k]) &* (255 &- alpha) &+ 127) / 255)
                    }
                }
            }
        }
    }

    /// Paints pixels whose centres lie in [lo, hi] on row y.
    mutating func fillSpan(y: Int, covering lo: Float, _ hi: Float, _ paint: Paint) {
        guard lo <= hi, hi >= -1, lo <= Float(width) else { return }
        fillSpan(y: y, from: Int(Swift.max(lo, -1).rounded(.up)), to: Int(Swift.min(hi, Float(width)).rounded(.down)), paint)
    }

    /// Rows whose centres can lie within [lo, hi], clipped to the image.
    func rows(from lo: Float, to hi: Float) -> ClosedRange<Int>? {
        guard lo.isFinite, hi.isFinite, hi >= 0, lo <= Float(height - 1) else { return nil }
        let first = Int(Swift.max(lo, 0).rounded(.up)), last = Int(Swift.min(hi, Float(height - 1)).rounded(.down))
        return first <= last ? first...last : nil
    }
}
