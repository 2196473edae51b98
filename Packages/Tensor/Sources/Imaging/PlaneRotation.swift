import Foundation

extension ImageOps {
    /// Rotates one square single-channel plane of `side × side` floats about its centre by
    /// `degrees` (bilinear, zero outside), writing `target`. Inverse mapping: each output pixel
    /// samples the source at the point rotated by −θ. For data generation in tight loops
    /// (rotated-digits experiments), so it works on raw pointers and allocates nothing.
    public static func rotatePlane(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>,
                                   side: Int, degrees: Float) {
        let a = degrees * .pi / 180, c = cos(a), s = sin(a)
        let centre = Float(side - 1) / 2
        func at(_ yy: Int, _ xx: Int) -> Float { (yy >= 0 && yy < side && xx >= 0 && xx < side) ? source[yy * side + xx] : 0 }
        for y in 0..<side {
            for x in 0..<side {
                let dx = Float(x) - centre, dy = Float(y) - centre
                let sx = c * dx + s * dy + centre, sy = -s * dx + c * dy + centre
                let x0 = Int(sx.rounded(.down)), y0 = Int(sy.rounded(.down))
                let fx = sx - Float(x0), fy = sy - Float(y0)
                let top = at(y0, x0) * (1 - fx) + at(y0, x0 + 1) * fx
                let bottom = at(y0 + 1, x0) * (1 - fx) + at(y0 + 1, x0 + 1) * fx
                target[y * side + x] = top * (1 - fy) + bottom * fy
            }
        }
    }
}
