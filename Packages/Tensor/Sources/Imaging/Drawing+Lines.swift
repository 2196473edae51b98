/// Line segments and polylines of any slope and thickness.
extension PixelImage {
    /// A segment between two points (pixel centres at integers).
    ///
    /// Thickness 1 (or less) draws Bresenham's line between the rounded end
    /// points: one pixel per step along the major axis, no gaps, no doubled
    /// pixels. Thicker lines paint the pixels within thickness/2 of the segment
    /// (a capsule with round caps), row by row.
    public mutating func drawLine(from a: SIMD2<Float>, to b: SIMD2<Float>, color: DrawColor, thickness: Float = 1) {
        guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite, thickness.isFinite else { return }
        if thickness <= 1 {
            bresenham(from: a, to: b, paint(color))
        } else {
            capsule(from: a, to: b, radius: thickness / 2, paint(color))
        }
    }

    /// Segments through consecutive points; `closed` joins the last to the first.
    /// Each segment is drawn on its own, so a translucent colour is applied twice
    /// where segments meet.
    public mutating func drawPolyline(_ points: [SIMD2<Float>], closed: Bool = false, color: DrawColor, thickness: Float = 1) {
        guard points.count >= 2 else {
            if let p = points.first { drawPoint(p, radius: thickness / 2, color: color) }
            return
        }
        for i in 1..<points.count { drawLine(from: points[i - 1], to: points[i], color: color, thickness: thickness) }
        if closed, points.count > 2 { drawLine(from: points[points.count - 1], to: points[0], color: color, thickness: thickness) }
    }

    private mutating func bresenham(from a: SIMD2<Float>, to b: SIMD2<Float>, _ p: Paint) {
        // Clip to just beyond the image first: the slope is kept, and the loop
        // below runs over visible pixels only, however far away the end points are.
        guard let (c, d) = clip(from: a, to: b) else { return }
        var (x, y) = (Int(c.x.rounded()), Int(c.y.rounded()))
        let (x1, y1) = (Int(d.x.rounded()), Int(d.y.rounded()))
        let dx = abs(x1 - x), dy = -abs(y1 - y)
        let sx = x < x1 ? 1 : -1, sy = y < y1 ? 1 : -1
        var error = dx + dy
        while true {
            fillSpan(y: y, from: x, to: x, p)
            if x == x1 && y == y1 { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    /// Liang-Barsky clipping to [-1, width] x [-1, height], in Double so that
    /// end points millions of pixels away still give the right visible part.
    private func clip(from a: SIMD2<Float>, to b: SIMD2<Float>) -> (SIMD2<Double>, SIMD2<Double>)? {
        let a = SIMD2<Double>(a), d = SIMD2<Double>(b) - a
        var t0 = 0.0, t1 = 1.0
        func edge(_ p: Double, _ q: Double) -> Bool {
            // Inside where p * t <= q.
            if p == 0 { return q >= 0 }
            let t = q / p
            if p < 0 { t0 = Swift.max(t0, t) } else { t1 = Swift.min(t1, t) }
            return t0 <= t1
        }
        guard edge(-d.x, a.x + 1), edge(d.x, Double(width) - a.x),
              edge(-d.y, a.y + 1), edge(d.y, Double(height) - a.y) else { return nil }
        return (a + t0 * d, a + t1 * d)
    }

    /// Pixels within `radius` of segment ab. The capsule is convex, so each row
    /// meets it in one run: the union of the runs of its two end discs and of its
    /// straight band.
    private mutating func capsule(from a: SIMD2<Float>, to b: SIMD2<Float>, radius r: Float, _ p: Paint) {
        guard let rows = rows(from: Swift.min(a.y, b.y) - r, to: Swift.max(a.y, b.y) + r) else { return }
        let d = b - a
        let length = (d.x * d.x + d.y * d.y).squareRoot()
        let u = length > 0 ? d / length : SIMD2<Float>(1, 0)
        let n = SIMD2<Float>(-u.y, u.x)
        for y in rows {
            var lo = Float.infinity, hi = -Float.infinity
            func addCap(_ end: SIMD2<Float>) {
                let dy = Float(y) - end.y, h2 = r * r - dy * dy
                guard h2 >= 0 else { return }
                let h = h2.squareRoot()
                lo = Swift.min(lo, end.x - h)
                hi = Swift.max(hi, end.x + h)
            }
            addCap(a)
            addCap(b)
            if length > 0, let band = bandRun(y: Float(y) - a.y, u: u, n: n, length: length, radius: r) {
                lo = Swift.min(lo, a.x + band.lowerBound)
                hi = Swift.max(hi, a.x + band.upperBound)
            }
            fillSpan(y: y, covering: lo, hi, p)
        }
    }

    /// Offsets t (from a.x) on a row at height dy above a where |n·(t, dy)| <= r
    /// and 0 <= u·(t, dy) <= length.
    private func bandRun(y dy: Float, u: SIMD2<Float>, n: SIMD2<Float>, length: Float, radius r: Float) -> ClosedRange<Float>? {
        var lo = -Float.infinity, hi = Float.infinity
        func constrain(_ coefficient: Float, _ constant: Float, _ low: Float, _ high: Float) -> Bool {
            // low <= coefficient * t + constant <= high
            if coefficient == 0 { return constant >= low && constant <= high }
            var t0 = (low - constant) / coefficient, t1 = (high - constant) / coefficient
            if t0 > t1 { swap(&t0, &t1) }
            lo = Swift.max(lo, t0)
            hi = Swift.min(hi, t1)
            return true
        }
        guard constrain(n.x, n.y * dy, -r, r), constrain(u.x, u.y * dy, 0, length), lo <= hi else { return nil }
        return lo...hi
    }
}
