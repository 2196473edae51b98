import NN
import Tensor

/// Landmark-wise attention maps and their expected positions (spec §3.5).
///
/// `M(u) = softmax_u(β·z(u))` over each H×W map (the max is subtracted before `exp`), and
/// `x̂ = Σ_u M(u)·(j + 0.5)·r`, `ŷ = Σ_u M(u)·(i + 0.5)·r`: pixel (i, j) of the map covers
/// crop pixels `[j·r, (j+1)·r)`, so its centre sits at `(j + 0.5)·r` in the crop's convention
/// (pixel centres at +0.5). The expectation is one matrix product with a constant grid,
/// so its gradient is autograd's: `∂L/∂z(u) = β·M(u)·(g_x·(X(u) − x̂) + g_y·(Y(u) − ŷ))`.
public enum AttentionMaps {
    /// `[N, K, H, W]` logits and a `[1]` temperature → `[N, K, H, W]` maps summing to one.
    public static func spatialSoftmax(_ logits: Variable, beta: Variable) throws -> Variable {
        let scaled = try logits * beta.reshaped([1, 1, 1, 1])
        return try scaled.spatialSoftmax()
    }

    /// `[N, K, H, W]` maps → `[N, K, 2]` expected (x, y) in crop pixels for stride `r`.
    public static func softArgmax(_ maps: Variable, stride: Int) throws -> Variable {
        let (n, k, h, w) = (maps.shape[0], maps.shape[1], maps.shape[2], maps.shape[3])
        let grid = Variable(coordinateGrid(height: h, width: w, stride: stride))
        return try maps.reshaped([n * k, h * w]).matmul(grid).reshaped([n, k, 2])
    }

    /// `[H·W, 2]`: row `i·W + j` = `((j + 0.5)·r, (i + 0.5)·r)`.
    public static func coordinateGrid(height h: Int, width w: Int, stride r: Int) -> Tensor {
        var grid = Tensor(zeros: [h * w, 2])
        let s = Float(r)
        grid.withUnsafeMutableBufferPointer { g in
            for i in 0..<h {
                for j in 0..<w {
                    g[(i &* w &+ j) &* 2] = (Float(j) + 0.5) * s
                    g[(i &* w &+ j) &* 2 &+ 1] = (Float(i) + 0.5) * s
                }
            }
        }
        return grid
    }

    /// Mean entropy (nats) of the maps: `log(H·W)` for flat maps, 0 for one-hot ones. A falling
    /// value while training means the maps sharpen; near 0 early means they saturated (spec §8).
    public static func meanEntropy(_ maps: Tensor) -> Double {
        let (n, k, h, w) = (maps.shape[0], maps.shape[1], maps.shape[2], maps.shape[3])
        let plane = h * w
        var total = 0.0
        maps.withUnsafeBufferPointer { m in
            for map in 0..<(n * k) {
                var e = 0.0
                let base = map &* plane
                for u in 0..<plane {
                    let p = Double(m[base &+ u])
                    if p > 0 { e -= p * Foundation_log(p) }
                }
                total += e
            }
        }
        return total / Double(max(1, n * k))
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func Foundation_log(_ x: Double) -> Double { Glibc.log(x) }
#else
import Darwin
@inline(__always) private func Foundation_log(_ x: Double) -> Double { Darwin.log(x) }
#endif
