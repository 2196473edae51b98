import Foundation
import Tensor

/// Pixel-level corruptions for augmentation, on float images (`[C, H, W]` or `[H, W]`, values
/// in 0...1). Each works in place on the tensor's buffer.
public enum PhotometricOps {
    /// Separable Gaussian blur of standard deviation `sigma` pixels (taps to ±3σ, edges clamped).
    public static func gaussianBlur(_ image: inout Tensor, sigma: Float) throws {
        let (planes, h, w) = try dims(image, op: "gaussianBlur")
        guard sigma.isFinite, sigma >= 0 else {
            throw FaceAlignError.invalidArgument(op: "PhotometricOps.gaussianBlur", message: "sigma must be finite and ≥ 0, got \(sigma)")
        }
        let radius = Int((3 * sigma).rounded(.up))
        guard radius > 0 else { return }
        var kernel = (-radius...radius).map { expf(-Float($0 * $0) / (2 * sigma * sigma)) }
        let total = kernel.reduce(0, +)
        for i in kernel.indices { kernel[i] /= total }
        var line = [Float](repeating: 0, count: max(h, w))
        image.withUnsafeMutableBufferPointer { buffer in
            kernel.withUnsafeBufferPointer { kb in
                line.withUnsafeMutableBufferPointer { lb in
                    let k = kb.baseAddress! + radius, tmp = lb.baseAddress!
                    for p in 0..<planes {
                        let plane = buffer.baseAddress! + p &* h &* w
                        // Rows: copy the row, then write the filtered values back.
                        for y in 0..<h {
                            let row = plane + y &* w
                            tmp.update(from: row, count: w)
                            for x in 0..<w {
                                var acc: Float = 0
                                for t in -radius...radius {
                                    let xi = Swift.min(Swift.max(x &+ t, 0), w &- 1)
                                    acc += k[t] * tmp[xi]
                                }
                                row[x] = acc
                            }
                        }
                        // Columns, the same way.
                        for x in 0..<w {
                            for y in 0..<h { tmp[y] = plane[y &* w &+ x] }
                            for y in 0..<h {
                                var acc: Float = 0
                                for t in -radius...radius {
                                    let yi = Swift.min(Swift.max(y &+ t, 0), h &- 1)
                                    acc += k[t] * tmp[yi]
                                }
                                plane[y &* w &+ x] = acc
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds Gaussian noise of standard deviation `std` to every sample, clamping to 0...1.
    public static func addGaussianNoise(_ image: inout Tensor, std: Float, using rng: inout RandomGenerator) throws {
        _ = try dims(image, op: "addGaussianNoise")
        guard std.isFinite, std >= 0 else {
            throw FaceAlignError.invalidArgument(op: "PhotometricOps.addGaussianNoise", message: "std must be finite and ≥ 0, got \(std)")
        }
        image.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress!
            for i in 0..<buffer.count { p[i] = Swift.min(Swift.max(p[i] + std * rng.normalFloat(), 0), 1) }
        }
    }

    /// Paints the pixels whose centres fall in the rectangle (shape coordinates, edges at integer
    /// values) with `values` (one per channel; one value paints every channel).
    public static func fillRectangle(_ image: inout Tensor, x: Float, y: Float, width: Float, height: Float, values: [Float]) throws {
        let (planes, h, w) = try dims(image, op: "fillRectangle")
        guard values.count == 1 || values.count == planes else {
            throw FaceAlignError.invalidArgument(op: "PhotometricOps.fillRectangle",
                                                 message: "give 1 value or one per channel (\(planes)), got \(values.count)")
        }
        // Pixel j covers centre j + 0.5: inside when x ≤ j + 0.5 < x + width.
        let x0 = max(0, Int((x - 0.5).rounded(.up))), x1 = min(w, Int((x + width - 0.5).rounded(.up)))
        let y0 = max(0, Int((y - 0.5).rounded(.up))), y1 = min(h, Int((y + height - 0.5).rounded(.up)))
        guard x0 < x1, y0 < y1 else { return }
        image.withUnsafeMutableBufferPointer { buffer in
            for p in 0..<planes {
                let v = values[values.count == 1 ? 0 : p]
                let plane = buffer.baseAddress! + p &* h &* w
                for yy in y0..<y1 { (plane + (yy &* w &+ x0)).update(repeating: v, count: x1 &- x0) }
            }
        }
    }

    /// Mirrors the image left-right (the pixel flip that goes with `Shape.mirrored`).
    public static func flipHorizontally(_ image: inout Tensor) throws {
        let (planes, h, w) = try dims(image, op: "flipHorizontally")
        image.withUnsafeMutableBufferPointer { buffer in
            for r in 0..<(planes &* h) {
                let row = buffer.baseAddress! + r &* w
                var (a, b) = (0, w &- 1)
                while a < b { swap(&row[a], &row[b]); a &+= 1; b &-= 1 }
            }
        }
    }

    static func dims(_ t: Tensor, op: String) throws -> (planes: Int, height: Int, width: Int) {
        guard t.rank == 2 || t.rank == 3, t.count > 0 else {
            throw FaceAlignError.invalidArgument(op: "PhotometricOps.\(op)", message: "expects a [C, H, W] or [H, W] image, got shape \(t.shape)")
        }
        return (t.rank == 3 ? t.shape[0] : 1, t.shape[t.rank - 2], t.shape[t.rank - 1])
    }
}
