import Tensor

extension Array where Element == Point2 {
    /// The rows of an `[n, 2]` tensor as points (e.g. a shape of n landmarks).
    public init(points tensor: Tensor) throws {
        guard tensor.rank == 2, tensor.shape[1] == 2 else {
            throw TensorError.shapeMismatch(op: "[Point2](points:)", shapes: [tensor.shape],
                                            expected: "[n, 2]: one (x, y) row per point")
        }
        self = tensor.withUnsafeBufferPointer { p in
            (0..<tensor.shape[0]).map { Point2(Double(p[2 * $0]), Double(p[2 * $0 + 1])) }
        }
    }
}

extension Tensor {
    /// An `[n, 2]` tensor of the points' (x, y) rows, rounded to Float32.
    public init(points: [Point2]) {
        self.init(uninitializedShape: [points.count, 2])
        withUnsafeMutableBufferPointer { p in
            for (i, q) in points.enumerated() {
                p[2 * i] = Float(q.x)
                p[2 * i + 1] = Float(q.y)
            }
        }
    }
}
