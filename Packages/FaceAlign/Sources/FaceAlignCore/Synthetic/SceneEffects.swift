import Foundation
import Tensor
import Imaging

/// Backgrounds with clutter and the camera's degradations (blur, noise, exposure), drawn on a
/// `RasterCanvas` from a seeded generator.
enum SceneEffects {
    static func randomColor(_ rng: inout RandomGenerator) -> SIMD3<Float> {
        SIMD3(rng.uniformFloat(), rng.uniformFloat(), rng.uniformFloat())
    }

    /// A gradient, low-frequency noise and `clutter` (0...1) worth of random shapes.
    static func drawBackground(_ canvas: inout RasterCanvas, clutter: Float, rng: inout RandomGenerator) {
        let (w, h) = (canvas.width, canvas.height)
        let c1 = randomColor(&rng), c2 = randomColor(&rng) * rng.uniform(0.3, 1)
        let angle = rng.uniform(0, 2 * .pi)
        let dir = SIMD2(cosf(angle), sinf(angle)) / Float(max(w, h))
        // Value noise: a coarse random grid, bilinearly interpolated.
        let g = 2 + rng.integer(in: 2..<7)
        var grid = [Float](repeating: 0, count: (g + 1) * (g + 1))
        for i in grid.indices { grid[i] = rng.uniform(-1, 1) }
        let amplitude = 0.08 + 0.25 * clutter * rng.uniformFloat()
        canvas.red.withUnsafeMutableBufferPointer { r in canvas.green.withUnsafeMutableBufferPointer { gr in
            canvas.blue.withUnsafeMutableBufferPointer { b in
                for y in 0..<h {
                    let gy = Float(y) / Float(h) * Float(g)
                    let y0 = min(g - 1, Int(gy)), ty = gy - Float(y0)
                    for x in 0..<w {
                        let t = max(0, min(1, 0.5 + (Float(x) - Float(w) / 2) * dir.x + (Float(y) - Float(h) / 2) * dir.y))
                        let gx = Float(x) / Float(w) * Float(g)
                        let x0 = min(g - 1, Int(gx)), tx = gx - Float(x0)
                        let i = y0 * (g + 1) + x0
                        let top = grid[i] + (grid[i + 1] - grid[i]) * tx
                        let bottom = grid[i + g + 1] + (grid[i + g + 2] - grid[i + g + 1]) * tx
                        let n = (top + (bottom - top) * ty) * amplitude
                        let c = c1 + (c2 - c1) * t
                        let o = y &* w &+ x
                        r[o] = c.x + n
                        gr[o] = c.y + n
                        b[o] = c.z + n
                    }
                }
            }
        }}
        let shapes = Int((clutter * 14 * rng.uniformFloat()).rounded())
        let size = Float(max(w, h))
        for _ in 0..<shapes {
            let centre = SIMD2(rng.uniform(0, Float(w)), rng.uniform(0, Float(h)))
            let r = size * rng.uniform(0.04, 0.3)
            switch rng.integer(in: 0..<4) {
            case 0:
                canvas.coverEllipse(center: centre, radii: SIMD2(r, r * rng.uniform(0.3, 1)), angle: rng.uniform(0, .pi))
            case 1:
                let a = rng.uniform(0, .pi), (ca, sa) = (cosf(a), sinf(a))
                let hw = r, hh = r * rng.uniform(0.2, 1)
                canvas.coverPolygon([SIMD2(-hw, -hh), SIMD2(hw, -hh), SIMD2(hw, hh), SIMD2(-hw, hh)].map {
                    centre + SIMD2(ca * $0.x - sa * $0.y, sa * $0.x + ca * $0.y)
                })
            case 2:
                let a = rng.uniform(0, 2 * .pi)
                let d = SIMD2(cosf(a), sinf(a)) * r * 2
                canvas.coverStroke([centre - d, centre + d], width: size * rng.uniform(0.005, 0.04))
            default:
                let k = 3 + rng.integer(in: 0..<4)
                canvas.coverPolygon((0..<k).map { _ in centre + SIMD2(rng.uniform(-r, r), rng.uniform(-r, r)) })
            }
            canvas.paint(randomColor(&rng), opacity: rng.uniform(0.4, 1))
        }
    }

    /// Separable Gaussian blur of every plane.
    static func blur(_ canvas: inout RasterCanvas, sigma: Float) {
        guard sigma > 0.3 else { return }
        let radius = Int((2.5 * sigma).rounded(.up))
        var kernel = (-radius...radius).map { expf(-Float($0 * $0) / (2 * sigma * sigma)) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        let (w, h) = (canvas.width, canvas.height)
        var scratch = [Float](repeating: 0, count: w * h)
        func pass(_ plane: inout [Float]) {
            plane.withUnsafeMutableBufferPointer { p in scratch.withUnsafeMutableBufferPointer { s in kernel.withUnsafeBufferPointer { k in
                for y in 0..<h {
                    for x in 0..<w {
                        var acc: Float = 0
                        for j in -radius...radius {
                            let xx = min(w - 1, max(0, x + j))
                            acc += p[y &* w &+ xx] * k[j &+ radius]
                        }
                        s[y &* w &+ x] = acc
                    }
                }
                for y in 0..<h {
                    for x in 0..<w {
                        var acc: Float = 0
                        for j in -radius...radius {
                            let yy = min(h - 1, max(0, y + j))
                            acc += s[yy &* w &+ x] * k[j &+ radius]
                        }
                        p[y &* w &+ x] = acc
                    }
                }
            }}}
        }
        pass(&canvas.red)
        pass(&canvas.green)
        pass(&canvas.blue)
    }

    /// Exposure and sensor: contrast about mid-grey, brightness offset, a colour cast, then
    /// Gaussian noise (approximated by a sum of four uniforms, drawn 16 bits at a time).
    static func degrade(_ canvas: inout RasterCanvas, contrast: Float, brightness: Float, cast: SIMD3<Float>,
                        noise: Float, rng: inout RandomGenerator) {
        let n = canvas.width * canvas.height
        let scale = noise * 1.7320508  // sum of 4 uniforms in [-0.5, 0.5) has variance 1/3
        func adjust(_ plane: inout [Float], _ gain: Float) {
            plane.withUnsafeMutableBufferPointer { p in
                for i in 0..<n {
                    var v = ((p[i] * gain) - 0.5) * contrast + 0.5 + brightness
                    if noise > 0 {
                        let bits = rng.next()
                        let u = Float(bits & 0xFFFF) + Float((bits >> 16) & 0xFFFF) + Float((bits >> 32) & 0xFFFF) + Float(bits >> 48)
                        v += (u * (1 / 65536) - 2) * scale
                    }
                    p[i] = v
                }
            }
        }
        adjust(&canvas.red, cast.x)
        adjust(&canvas.green, cast.y)
        adjust(&canvas.blue, cast.z)
    }

    /// The canvas as an 8-bit gray (luma) or RGB image.
    static func image(_ canvas: RasterCanvas, gray: Bool) -> PixelImage {
        let n = canvas.width * canvas.height
        let c = gray ? 1 : 3
        var bytes = [UInt8](repeating: 0, count: n * c)
        @inline(__always) func q(_ v: Float) -> UInt8 { v > 0 ? (v < 1 ? UInt8(v * 255 + 0.5) : 255) : 0 }
        canvas.red.withUnsafeBufferPointer { r in canvas.green.withUnsafeBufferPointer { g in canvas.blue.withUnsafeBufferPointer { b in
            bytes.withUnsafeMutableBufferPointer { o in
                for i in 0..<n {
                    if gray {
                        o[i] = q(0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i])
                    } else {
                        o[3 &* i] = q(r[i]); o[3 &* i &+ 1] = q(g[i]); o[3 &* i &+ 2] = q(b[i])
                    }
                }
            }
        }}}
        // Dimensions and channel count are valid by construction.
        return try! PixelImage(width: canvas.width, height: canvas.height, channels: c, bytes: bytes)
    }
}
