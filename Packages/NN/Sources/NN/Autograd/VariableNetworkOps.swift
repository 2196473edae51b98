import Tensor

/// Products, convolutions, pooling, resampling and softmax on variables.
extension Variable {
    public func matmul(_ other: Variable, transposeSelf: Bool = false, transposeOther: Bool = false) throws -> Variable {
        let (a, b) = (value, other.value)
        let out = try a.matmul(b, transposeSelf: transposeSelf, transposeOther: transposeOther)
        return Variable(out, parents: [self, other]) { g in
            // d(op(A)·op(B)): dA = g·op(B)ᵀ (transposed back if A was), dB likewise.
            var ga: Tensor? = nil, gb: Tensor? = nil
            if self.requiresGrad {
                ga = transposeSelf ? try b.matmul(g, transposeSelf: transposeOther, transposeOther: true)
                                   : try g.matmul(b, transposeOther: !transposeOther)
                if a.rank == 2, let x = ga, x.rank == 3 { ga = try x.sum(alongAxis: 0) }
            }
            if other.requiresGrad {
                gb = transposeOther ? try g.matmul(a, transposeSelf: true, transposeOther: transposeSelf)
                                    : try a.matmul(g, transposeSelf: !transposeSelf)
                if b.rank == 2, let x = gb, x.rank == 3 { gb = try x.sum(alongAxis: 0) }
            }
            return [ga, gb]
        }
    }

    public static func conv2d(_ input: Variable, weight: Variable, bias: Variable? = nil, _ p: Conv2DParameters = .init()) throws -> Variable {
        let (x, w) = (input.value, weight.value)
        let out = try Tensor.conv2d(x, weight: w, bias: bias?.value, p)
        let parents = [input, weight] + (bias.map { [$0] } ?? [])
        return Variable(out, parents: parents) { g in
            var grads: [Tensor?] = [
                input.requiresGrad ? try Tensor.conv2dBackwardInput(g, weight: w, inputShape: x.shape, p) : nil,
                weight.requiresGrad ? try Tensor.conv2dBackwardWeight(g, input: x, weightShape: w.shape, p) : nil,
            ]
            if let bias { grads.append(bias.requiresGrad ? try Tensor.conv2dBackwardBias(g) : nil) }
            return grads
        }
    }

    public func maxPool2d(_ p: Pool2DParameters) throws -> Variable {
        let shape = self.shape
        let (out, argmax) = try Tensor.maxPool2d(value, p)
        return Variable(out, parents: [self]) { g in [try Tensor.maxPool2dBackward(g, argmax: argmax, inputShape: shape)] }
    }

    public func avgPool2d(_ p: Pool2DParameters) throws -> Variable {
        let shape = self.shape
        return Variable(try Tensor.avgPool2d(value, p), parents: [self]) { g in [try Tensor.avgPool2dBackward(g, inputShape: shape, p)] }
    }

    /// [N, C, H, W] -> [N, C].
    public func globalAveragePool() throws -> Variable {
        guard shape.count == 4 else {
            throw TensorError.shapeMismatch(op: "globalAveragePool", shapes: [shape], expected: "an NCHW input")
        }
        return try mean(alongAxes: [2, 3])
    }

    public func resized(height: Int, width: Int, mode: ResizeMode = .bilinear) throws -> Variable {
        let shape = self.shape
        return Variable(try value.resized(height: height, width: width, mode: mode), parents: [self]) { g in
            [try Tensor.resizeBackward(g, inputShape: shape, mode: mode)]
        }
    }

    public func softmax(alongAxis axis: Int = -1) throws -> Variable {
        let out = try value.softmax(alongAxis: axis)
        return Variable(out, parents: [self]) { g in
            // dx = s * (g - sum(g * s))
            let dot = try (g * out).sum(alongAxes: [axis], keepingDimensions: true)
            return [try out * (g - dot)]
        }
    }

    public func logSoftmax(alongAxis axis: Int = -1) throws -> Variable {
        let out = try value.logSoftmax(alongAxis: axis)
        return Variable(out, parents: [self]) { g in
            // dx = g - softmax * sum(g)
            let total = try g.sum(alongAxes: [axis], keepingDimensions: true)
            return [try g - out.exp() * total]
        }
    }
}
