import Foundation

/// A float RGB canvas (three planes, values in 0...1) with a coverage mask, the drawing surface
/// of the synthetic world: face textures, backgrounds and occluders.
///
/// Drawing is two-step: a primitive first writes its antialiased coverage into `mask`
/// (max-combined, so a stroke's joints are not painted twice), then `paint` composites a colour
/// through the mask and clears it. Coordinates follow the toolkit's pixel convention: pixel
/// (i, j) has its centre at (j + 0.5, i + 0.5). Hot loops run on the planes' buffers directly.
struct RasterCanvas {
    let width: Int
    let height: Int
    var red: [Float]
    var green: [Float]
    var blue: [Float]
    /// Coverage of the primitives drawn since the last `paint`.
    var mask: [Float]
    /// The pixel rectangle `mask` may be non-zero in (x0, y0, x1, y1), inclusive; empty when x0 > x1.
    private var dirty = (x0: Int.max, y0: Int.max, x1: Int.min, y1: Int.min)
    private var crossings: [Float] = []

    init(width: Int, height: Int, color: SIMD3<Float> = .zero) {
        self.width = width
        self.height = height
        let n = width * height
        red = [Float](repeating: color.x, count: n)
        green = [Float](repeating: color.y, count: n)
        blue = [Float](repeating: color.z, count: n)
        mask = [Float](repeating: 0, count: n)
        crossings.reserveCapacity(64)
    }

    private mutating func markDirty(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) {
        dirty = (min(dirty.x0, x0), min(dirty.y0, y0), max(dirty.x1, x1), max(dirty.y1, y1))
    }

    /// Clipped pixel range of a box in continuous coordinates, or nil when outside.
    private func pixelRange(_ lo: SIMD2<Float>, _ hi: SIMD2<Float>) -> (Int, Int, Int, Int)? {
        guard lo.x.isFinite, lo.y.isFinite, hi.x.isFinite, hi.y.isFinite else { return nil }
        let x0 = max(0, Int((lo.x - 0.5).rounded(.down))), x1 = min(width - 1, Int((hi.x - 0.5).rounded(.up)))
        let y0 = max(0, Int((lo.y - 0.5).rounded(.down))), y1 = min(height - 1, Int((hi.y - 0.5).rounded(.up)))
        return x0 <= x1 && y0 <= y1 ? (x0, y0, x1, y1) : nil
    }

    // MARK: coverage primitives

    /// A filled polygon (even-odd), antialiased horizontally (exact span ends) and vertically by
    /// two sub-rows per pixel.
    mutating func coverPolygon(_ points: [SIMD2<Float>], opacity: Float = 1) {
        guard points.count >= 3 else { return }
        var lo = points[0], hi = points[0]
        for p in points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        guard let (x0, y0, x1, y1) = pixelRange(lo, hi) else { return }
        markDirty(x0, y0, x1, y1)
        let n = points.count, w = width
        mask.withUnsafeMutableBufferPointer { m in
            for y in y0...y1 {
                for sub in 0..<2 {
                    let yc = Float(y) + 0.25 + 0.5 * Float(sub)
                    crossings.removeAll(keepingCapacity: true)
                    var j = n - 1
                    for i in 0..<n {
                        let a = points[j], b = points[i]
                        if (a.y <= yc) != (b.y <= yc) {
                            crossings.append(a.x + (yc - a.y) / (b.y - a.y) * (b.x - a.x))
                        }
                        j = i
                    }
                    guard crossings.count >= 2 else { continue }
                    crossings.sort()
                    var k = 0
                    while k + 1 < crossings.count {
                        let s = max(crossings[k], Float(x0)), e = min(crossings[k + 1], Float(x1 + 1))
                        k += 2
                        guard e > s else { continue }
                        let ps = Int(s), pe = min(Int(e), x1)
                        let row = y &* w
                        for px in ps...pe {
                            let cover = min(e, Float(px + 1)) - max(s, Float(px))
                            if cover > 0 {
                                let idx = row &+ px
                                m[idx] = min(1, m[idx] + 0.5 * cover * opacity)
                            }
                        }
                    }
                }
            }
        }
    }

    /// A filled ellipse with radii (rx, ry) turned by `angle` radians, with a soft edge about
    /// one pixel wide (`feather` widens it).
    mutating func coverEllipse(center c: SIMD2<Float>, radii r: SIMD2<Float>, angle: Float = 0,
                               feather: Float = 1, opacity: Float = 1) {
        guard r.x > 0, r.y > 0 else { return }
        let reach = max(r.x, r.y) + feather
        guard let (x0, y0, x1, y1) = pixelRange(c - reach, c + reach) else { return }
        markDirty(x0, y0, x1, y1)
        let (ca, sa) = (cosf(angle), sinf(angle)), w = width
        let scale = min(r.x, r.y)
        mask.withUnsafeMutableBufferPointer { m in
            for y in y0...y1 {
                let dy = Float(y) + 0.5 - c.y
                for x in x0...x1 {
                    let dx = Float(x) + 0.5 - c.x
                    let u = (ca * dx + sa * dy) / r.x, v = (-sa * dx + ca * dy) / r.y
                    // Distance to the edge in pixels, approximately, from the normalised radius.
                    let d = ((u * u + v * v).squareRoot() - 1) * scale
                    let cover = max(0, min(1, 0.5 - d / feather)) * opacity
                    let idx = y &* w &+ x
                    if cover > m[idx] { m[idx] = cover }
                }
            }
        }
    }

    /// A stroke of round-capped segments through `points`, `width` pixels wide; `widths` gives
    /// one width per point instead (tapered brows and lids).
    mutating func coverStroke(_ points: [SIMD2<Float>], width strokeWidth: Float, widths: [Float]? = nil,
                              closed: Bool = false, opacity: Float = 1) {
        guard points.count >= 2 else { return }
        let count = closed ? points.count : points.count - 1
        for s in 0..<count {
            let a = points[s], b = points[(s + 1) % points.count]
            let ra = (widths?[s] ?? strokeWidth) / 2, rb = (widths?[(s + 1) % points.count] ?? strokeWidth) / 2
            coverCapsule(a, b, ra, rb, opacity: opacity)
        }
    }

    private mutating func coverCapsule(_ a: SIMD2<Float>, _ b: SIMD2<Float>, _ ra: Float, _ rb: Float, opacity: Float) {
        let reach = max(ra, rb) + 1
        guard let (x0, y0, x1, y1) = pixelRange(pointwiseMin(a, b) - reach, pointwiseMax(a, b) + reach) else { return }
        markDirty(x0, y0, x1, y1)
        let ab = b - a, len2 = max((ab * ab).sum(), 1e-12), w = width
        mask.withUnsafeMutableBufferPointer { m in
            for y in y0...y1 {
                for x in x0...x1 {
                    let p = SIMD2<Float>(Float(x) + 0.5, Float(y) + 0.5) - a
                    let t = max(0, min(1, (p * ab).sum() / len2))
                    let q = p - ab * t
                    let d = (q * q).sum().squareRoot() - (ra + (rb - ra) * t)
                    let cover = max(0, min(1, 0.5 - d)) * opacity
                    let idx = y &* w &+ x
                    if cover > m[idx] { m[idx] = cover }
                }
            }
        }
    }

    // MARK: compositing

    /// Blends `color` over the canvas through the mask (times `opacity`, times `clip` where
    /// given), then clears the mask. `shade` > 0 adds a vertical gradient (lighter at the top)
    /// so painted objects are not flat.
    mutating func paint(_ color: SIMD3<Float>, opacity: Float = 1, clip: [Float]? = nil) {
        guard dirty.x0 <= dirty.x1 else { return }
        let (x0, y0, x1, y1) = (max(0, dirty.x0), max(0, dirty.y0), min(width - 1, dirty.x1), min(height - 1, dirty.y1))
        dirty = (Int.max, Int.max, Int.min, Int.min)
        guard x0 <= x1, y0 <= y1 else { return }
        let w = width
        red.withUnsafeMutableBufferPointer { r in
            green.withUnsafeMutableBufferPointer { g in
                blue.withUnsafeMutableBufferPointer { b in
                    mask.withUnsafeMutableBufferPointer { m in
                        for y in y0...y1 {
                            for x in x0...x1 {
                                let i = y &* w &+ x
                                var a = m[i] * opacity
                                if let clip { a *= clip[i] }
                                m[i] = 0
                                guard a > 0 else { continue }
                                r[i] += (color.x - r[i]) * a
                                g[i] += (color.y - g[i]) * a
                                b[i] += (color.z - b[i]) * a
                            }
                        }
                    }
                }
            }
        }
    }

    /// The current mask, kept (for clipping later paints), and the mask cleared.
    mutating func takeMask() -> [Float] {
        let out = mask
        if dirty.x0 <= dirty.x1 {
            for y in max(0, dirty.y0)...min(height - 1, dirty.y1) {
                for x in max(0, dirty.x0)...min(width - 1, dirty.x1) { mask[y * width + x] = 0 }
            }
        }
        dirty = (Int.max, Int.max, Int.min, Int.min)
        return out
    }

    /// Bilinear sample at continuous coordinates (clamped to the edge).
    func sample(_ p: SIMD2<Float>) -> SIMD3<Float> {
        let fx = max(0, min(Float(width - 1), p.x - 0.5)), fy = max(0, min(Float(height - 1), p.y - 0.5))
        let x0 = Int(fx), y0 = Int(fy)
        let x1 = min(x0 + 1, width - 1), y1 = min(y0 + 1, height - 1)
        let tx = fx - Float(x0), ty = fy - Float(y0)
        let i00 = y0 * width + x0, i01 = y0 * width + x1, i10 = y1 * width + x0, i11 = y1 * width + x1
        func lerp(_ v: [Float]) -> Float {
            let top = v[i00] + (v[i01] - v[i00]) * tx
            let bottom = v[i10] + (v[i11] - v[i10]) * tx
            return top + (bottom - top) * ty
        }
        return SIMD3(lerp(red), lerp(green), lerp(blue))
    }
}

/// Catmull-Rom subdivision of a closed (or open) polyline: smooth eye, lip and brow outlines
/// from the few landmarks that define them.
func smoothCurve(_ points: [SIMD2<Float>], closed: Bool, steps: Int = 4) -> [SIMD2<Float>] {
    let n = points.count
    guard n >= 3 else { return points }
    var out: [SIMD2<Float>] = []
    out.reserveCapacity(n * steps + 1)
    let segments = closed ? n : n - 1
    func point(_ i: Int) -> SIMD2<Float> {
        if closed { return points[(i % n + n) % n] }
        return points[max(0, min(n - 1, i))]
    }
    for s in 0..<segments {
        let p0 = point(s - 1), p1 = point(s), p2 = point(s + 1), p3 = point(s + 2)
        for k in 0..<steps {
            let t = Float(k) / Float(steps), t2 = t * t, t3 = t2 * t
            let a = 2 * p1, b = p2 - p0, c = 2 * p0 - 5 * p1 + 4 * p2 - p3, d = 3 * p1 - p0 - 3 * p2 + p3
            out.append(0.5 * (a + b * t + c * t2 + d * t3))
        }
    }
    if !closed { out.append(points[n - 1]) }
    return out
}
