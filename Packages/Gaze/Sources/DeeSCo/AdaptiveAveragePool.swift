import NN
import Tensor

/// Adaptive average pooling [N, C, H, W] → [N, C·rows·columns] (flattened), as PyTorch's
/// `AdaptiveAvgPool2d((rows, columns))` followed by `flatten`: bin i of an axis of size n
/// covers [⌊i·n/k⌋, ⌈(i+1)·n/k⌉). One matrix product with a constant [H·W, rows·columns]
/// averaging matrix, so the backward is autograd's.
///
/// (General; NN has no adaptive pooling yet. A candidate to move there.)
public final class AdaptiveAveragePool: Module, Layer, @unchecked Sendable {
    public let rows: Int, columns: Int
    private var cached: (height: Int, width: Int, matrix: Tensor)?

    public init(rows: Int, columns: Int) {
        precondition(rows > 0 && columns > 0, "AdaptiveAveragePool needs a positive output grid")
        self.rows = rows
        self.columns = columns
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        guard x.shape.count == 4 else {
            throw TensorError.shapeMismatch(op: "AdaptiveAveragePool", shapes: [x.shape], expected: "an NCHW input")
        }
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let p = Variable(averagingMatrix(height: h, width: w))
        return try x.reshaped([n * c, h * w]).matmul(p).reshaped([n, c * rows * columns])
    }

    /// `[H·W, rows·columns]`: column (i, j) holds 1/|bin| on the pixels of bin (i, j).
    func averagingMatrix(height h: Int, width w: Int) -> Tensor {
        if let cached, cached.height == h, cached.width == w { return cached.matrix }
        var m = Tensor(zeros: [h * w, rows * columns])
        m.withUnsafeMutableBufferPointer { p in
            for i in 0..<rows {
                let y0 = i * h / rows, y1 = ((i + 1) * h + rows - 1) / rows
                for j in 0..<columns {
                    let x0 = j * w / columns, x1 = ((j + 1) * w + columns - 1) / columns
                    let value = 1 / Float((y1 - y0) * (x1 - x0))
                    for y in y0..<y1 { for x in x0..<x1 { p[(y * w + x) * rows * columns + i * columns + j] = value } }
                }
            }
        }
        cached = (h, w, m)
        return m
    }
}
