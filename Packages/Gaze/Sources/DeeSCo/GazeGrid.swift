#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensor

/// The output space of the 3D task as a grid of (yaw, pitch) bins: row 0 is the highest
/// pitch (looking up), column 0 the lowest yaw, so a heat-map reads like the view it points at.
public struct GazeGrid: Sendable, Equatable {
    public let rows: Int, columns: Int
    public let yawRange: Float, pitchRange: Float

    public init(rows: Int, columns: Int, yawRange: Float, pitchRange: Float) {
        precondition(rows >= 2 && columns >= 2 && yawRange > 0 && pitchRange > 0, "GazeGrid needs ≥ 2 bins a side and positive ranges")
        self.rows = rows
        self.columns = columns
        self.yawRange = yawRange
        self.pitchRange = pitchRange
    }

    public init(_ config: DeeSCoConfig) {
        self.init(rows: config.gridRows, columns: config.gridColumns, yawRange: config.yawRange, pitchRange: config.pitchRange)
    }

    public var binCount: Int { rows * columns }
    /// Bin sizes in degrees.
    public var yawStep: Float { 2 * yawRange / Float(columns) }
    public var pitchStep: Float { 2 * pitchRange / Float(rows) }

    /// The centre (yaw, pitch) in degrees of bin (row, column).
    public func centre(row: Int, column: Int) -> SIMD2<Float> {
        SIMD2(-yawRange + (Float(column) + 0.5) * yawStep, pitchRange - (Float(row) + 0.5) * pitchStep)
    }

    /// `[rows·columns, 2]` bin centres: soft-argmax is one product `heat-map · centres`.
    public func centres() -> Tensor {
        var t = Tensor(zeros: [binCount, 2])
        t.withUnsafeMutableBufferPointer { p in
            for r in 0..<rows { for c in 0..<columns {
                let v = centre(row: r, column: c)
                p[(r * columns + c) * 2] = v.x
                p[(r * columns + c) * 2 + 1] = v.y
            } }
        }
        return t
    }

    /// `[N, rows·columns]` target heat-maps: a Gaussian of σ bins (per axis, in bin units)
    /// around each (yaw, pitch) row of `degrees` [N, 2], normalised to sum 1. Labels outside the
    /// grid get the grid's part of their Gaussian, renormalised; labels so far out that all of it
    /// underflows get an all-zero row (only the coordinate term then pulls them).
    public func gaussianTargets(_ degrees: Tensor, sigma: Float) throws -> Tensor {
        guard degrees.rank == 2, degrees.shape[1] == 2 else {
            throw TensorError.shapeMismatch(op: "GazeGrid.gaussianTargets", shapes: [degrees.shape], expected: "[N, 2] (yaw, pitch) degrees")
        }
        let n = degrees.shape[0], g = binCount
        var out = Tensor(zeros: [n, g])
        let inv = -0.5 / (sigma * sigma)
        var rowWeight = [Float](repeating: 0, count: rows), columnWeight = [Float](repeating: 0, count: columns)
        degrees.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<n {
                    // Separable: exp(a + b) = exp(a)·exp(b), so one exp per row and per column.
                    let yaw = d[2 * i], pitch = d[2 * i + 1]
                    for c in 0..<columns { let u = (centre(row: 0, column: c).x - yaw) / yawStep; columnWeight[c] = expf(inv * u * u) }
                    for r in 0..<rows { let u = (centre(row: r, column: 0).y - pitch) / pitchStep; rowWeight[r] = expf(inv * u * u) }
                    var total: Float = 0
                    for r in 0..<rows { for c in 0..<columns { total += rowWeight[r] * columnWeight[c] } }
                    let scale = total > 0 ? 1 / total : 0
                    let base = i &* g
                    for r in 0..<rows { for c in 0..<columns { o[base &+ r &* columns &+ c] = rowWeight[r] * columnWeight[c] * scale } }
                }
            }
        }
        return out
    }
}
