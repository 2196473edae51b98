import Tensor

/// 2-D convolution over NCHW input, with stride, padding, dilation and groups
/// (`groups == inChannels` is depthwise). Weight [out, in/groups, kH, kW].
public final class Conv2d: Module, Layer {
    public let weight: Variable
    public let bias: Variable?
    public let parameters2D: Conv2DParameters

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                dilation: Int = 1, groups: Int = 1, bias: Bool = true) {
        precondition(inChannels % groups == 0 && outChannels % groups == 0, "Conv2d: channels must be divisible by groups")
        parameters2D = Conv2DParameters(stride: stride, padding: padding, dilation: dilation, groups: groups)
        let fanIn = inChannels / groups * kernel * kernel
        let bound = Initializer.defaultBound(fanIn: fanIn)
        weight = Variable(Initializer.uniform([outChannels, inChannels / groups, kernel, kernel], bound: bound), requiresGrad: true)
        self.bias = bias ? Variable(Initializer.uniform([outChannels], bound: bound), requiresGrad: true) : nil
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        try Variable.conv2d(x, weight: weight, bias: bias, parameters2D)
    }
}

/// Transposed convolution (learnable upsampling): the adjoint of `Conv2d` in its input.
/// Weight [in, out, kH, kW] as in PyTorch; output size (H-1)·stride - 2·padding + kernel + outputPadding.
public final class ConvTranspose2d: Module, Layer {
    public let weight: Variable
    public let bias: Variable?
    public let stride: Int, padding: Int, outputPadding: Int
    let inChannels: Int, outChannels: Int, kernel: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0, bias: Bool = true) {
        precondition(outputPadding < stride || outputPadding == 0, "ConvTranspose2d: outputPadding must be smaller than stride")
        (self.inChannels, self.outChannels, self.kernel) = (inChannels, outChannels, kernel)
        (self.stride, self.padding, self.outputPadding) = (stride, padding, outputPadding)
        let bound = Initializer.defaultBound(fanIn: outChannels * kernel * kernel)
        weight = Variable(Initializer.uniform([inChannels, outChannels, kernel, kernel], bound: bound), requiresGrad: true)
        self.bias = bias ? Variable(Initializer.uniform([outChannels], bound: bound), requiresGrad: true) : nil
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        guard x.shape.count == 4, x.shape[1] == inChannels else {
            throw TensorError.shapeMismatch(op: "ConvTranspose2d", shapes: [x.shape], expected: "[N, \(inChannels), H, W]")
        }
        let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let outShape = [n, outChannels, (h - 1) * stride - 2 * padding + kernel + outputPadding,
                        (w - 1) * stride - 2 * padding + kernel + outputPadding]
        // The forward conv this is the adjoint of maps [N, out, H', W'] to [N, in, H, W] with weight [in, out, k, k].
        let p = Conv2DParameters(stride: stride, padding: padding)
        let (input, wt) = (x.value, weight.value)
        var y = Variable(try Tensor.conv2dBackwardInput(input, weight: wt, inputShape: outShape, p), parents: [x, weight]) { g in
            [x.requiresGrad ? try Tensor.conv2d(g, weight: wt, p) : nil,
             self.weight.requiresGrad ? try Tensor.conv2dBackwardWeight(input, input: g, weightShape: wt.shape, p) : nil]
        }
        if let bias { y = try y + bias.reshaped([1, outChannels, 1, 1]) }
        return y
    }
}
