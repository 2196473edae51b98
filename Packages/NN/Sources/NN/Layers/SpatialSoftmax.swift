import Tensor

/// Heat-maps to attention maps and expected coordinates, the tools of landmark and gaze
/// methods that regress points from maps.
extension Variable {
    /// Softmax over each H×W map of [N, K, H, W] (sums to one per map), with an
    /// optional temperature: larger `beta` gives sharper maps.
    public func spatialSoftmax(beta: Float = 1) throws -> Variable {
        guard shape.count == 4 else {
            throw TensorError.shapeMismatch(op: "spatialSoftmax", shapes: [shape], expected: "[N, K, H, W] maps")
        }
        let (n, k, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let scaled = beta == 1 ? self : self * beta
        return try scaled.reshaped([n, k, h * w]).softmax(alongAxis: -1).reshaped([n, k, h, w])
    }

    /// Expected (x, y) of each normalised map of [N, K, H, W], in pixel coordinates
    /// (column 0...W-1, row 0...H-1, pixel centres at integers): [N, K, 2].
    public func softArgmax() throws -> Variable {
        guard shape.count == 4 else {
            throw TensorError.shapeMismatch(op: "softArgmax", shapes: [shape], expected: "[N, K, H, W] maps")
        }
        let (n, k, h, w) = (shape[0], shape[1], shape[2], shape[3])
        // [H*W, 2] grid of (x, y): one matrix product gives both expectations.
        var grid = Tensor(zeros: [h * w, 2])
        grid.withUnsafeMutableBufferPointer { g in
            for y in 0..<h { for x in 0..<w { g[(y * w + x) * 2] = Float(x); g[(y * w + x) * 2 + 1] = Float(y) } }
        }
        return try reshaped([n * k, h * w]).matmul(Variable(grid)).reshaped([n, k, 2])
    }
}

/// Spatial softmax followed by soft-argmax, as a layer: maps [N, K, H, W] to points [N, K, 2].
public final class SoftArgmax: Module, Layer {
    public let beta: Float
    public init(beta: Float = 1) { self.beta = beta }
    public func callAsFunction(_ x: Variable) throws -> Variable { try x.spatialSoftmax(beta: beta).softArgmax() }
}
