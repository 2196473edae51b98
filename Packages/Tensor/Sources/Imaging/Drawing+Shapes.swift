/// Points, circles and rectangles, for annotated output pictures.
extension PixelImage {
    /// A landmark marker: a filled disc (a single pixel when `radius` < 0.5).
    public mutating func drawPoint(_ p: SIMD2<Float>, radius: Float = 2, color: DrawColor) {
        guard p.x.isFinite, p.y.isFinite else { return }
        if radius < 0.5 {
            let x = Int(Swift.min(Swift.max(p.x, -1), Float(width)).rounded())
            let y = Int(Swift.min(Swift.max(p.y, -1), Float(height)).rounded())
            fillSpan(y: y, from: x, to: x, paint(color))
        } else {
            drawCircle(center: p, radius: radius, color: color, filled: true)
        }
    }

    /// Draws each point with `drawPoint`.
    public mutating func drawPoints(_ points: [SIMD2<Float>], radius: Float = 2, color: DrawColor) {
        for p in points { drawPoint(p, radius: radius, color: color) }
    }

    /// A circle: filled (pixels within `radius` of the centre), or its outline,
    /// the ring of pixels within thickness/2 of the circle.
    public mutating func drawCircle(center: SIMD2<Float>, radius: Float, color: DrawColor,
                                    thickness: Float = 1, filled: Bool = false) {
        guard radius.isFinite, thickness.isFinite, radius >= 0, thickness > 0 else { return }
        let outer = filled ? radius : radius + thickness / 2
        let inner = filled ? -1 : radius - thickness / 2
        guard let rows = rows(from: center.y - outer, to: center.y + outer) else { return }
        let p = paint(color)
        for y in rows {
            let dy = Float(y) - center.y
            let o2 = outer * outer - dy * dy
            guard o2 >= 0 else { continue }
            let ho = o2.squareRoot()
            let i2 = inner * inner - dy * dy
            if inner > 0, i2 > 0 {
                // The row crosses the hole: two runs, each including points exactly on the inner circle.
                let hi = i2.squareRoot()
                fillSpan(y: y, covering: center.x - ho, center.x - hi, p)
                fillSpan(y: y, covering: center.x + hi, center.x + ho, p)
            } else {
                fillSpan(y: y, covering: center.x - ho, center.x + ho, p)
            }
        }
    }

    /// An axis-aligned rectangle in pixel-edge units, as face boxes come:
    /// (x, y, width, height) covers pixels round(x) ..< round(x + width) across
    /// and likewise down. The outline is `thickness` pixels wide, drawn inwards.
    public mutating func drawRectangle(x: Float, y: Float, width w: Float, height h: Float, color: DrawColor,
                                       thickness: Int = 1, filled: Bool = false) {
        guard x.isFinite, y.isFinite, w.isFinite, h.isFinite else { return }
        // Far beyond any image, yet small enough that no Int below can overflow.
        let limit = Float(1 << 30)
        func pixel(_ v: Float) -> Int { Int(Swift.min(Swift.max(v, -limit), limit).rounded()) }
        let x0 = pixel(x), x1 = pixel(x + w) - 1, y0 = pixel(y), y1 = pixel(y + h) - 1
        guard x0 <= x1, y0 <= y1 else { return }
        let first = Swift.max(y0, 0), last = Swift.min(y1, height - 1)
        guard first <= last else { return }
        let p = paint(color), t = Swift.min(Swift.max(thickness, 1), 1 << 30)
        // Paint each pixel once, so translucent outlines stay even.
        let solidRows = filled || x1 - x0 + 1 <= 2 * t
        for row in first...last {
            if solidRows || row < y0 + t || row > y1 - t {
                fillSpan(y: row, from: x0, to: x1, p)
            } else {
                fillSpan(y: row, from: x0, to: x0 + t - 1, p)
                fillSpan(y: row, from: x1 - t + 1, to: x1, p)
            }
        }
    }
}
