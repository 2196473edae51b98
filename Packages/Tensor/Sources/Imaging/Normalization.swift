import Tensor

/// Per-channel standardisation, as networks trained on normalised inputs expect.
extension ImageOps {
    /// The ImageNet statistics most pretrained backbones were trained with (RGB, 0...1 input).
    public static let imageNetMean: [Float] = [0.485, 0.456, 0.406]
    public static let imageNetStd: [Float] = [0.229, 0.224, 0.225]

    /// `(x - mean[c]) / std[c]` for each channel c of a `[C, H, W]` or `[N, C, H, W]` tensor.
    public static func normalize(_ image: Tensor, mean: [Float], std: [Float]) throws -> Tensor {
        let stack = try validate(image, mean: mean, std: std, op: "ImageOps.normalize")
        return applyPerChannel(image, stack, scale: std.map { 1 / $0 }, shift: zip(mean, std).map { -$0 / $1 })
    }

    /// The inverse of `normalize`: `x * std[c] + mean[c]`.
    public static func denormalize(_ image: Tensor, mean: [Float], std: [Float]) throws -> Tensor {
        let stack = try validate(image, mean: mean, std: std, op: "ImageOps.denormalize")
        return applyPerChannel(image, stack, scale: std, shift: mean)
    }

    private static func validate(_ image: Tensor, mean: [Float], std: [Float], op: String) throws -> ChannelStack {
        let stack = try ChannelStack(image, op: op)
        guard mean.count == stack.channels, std.count == stack.channels else {
            throw TensorError.invalidArgument(op: op, message: "the image has \(stack.channels) channels but mean has \(mean.count) "
                + "and std \(std.count) values; give one per channel")
        }
        guard std.allSatisfy({ $0.isFinite && $0 != 0 }), mean.allSatisfy({ $0.isFinite }) else {
            throw TensorError.invalidArgument(op: op, message: "std must be finite and non-zero and mean finite, got mean \(mean), std \(std)")
        }
        return stack
    }

    /// `x * scale[c] + shift[c]` per channel.
    private static func applyPerChannel(_ image: Tensor, _ stack: ChannelStack, scale: [Float], shift: [Float]) -> Tensor {
        var out = Tensor(uninitializedShape: image.shape)
        let (c, plane) = (stack.channels, stack.planeSize)
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<(stack.batch * c) {
                    let s = src.baseAddress! + i * plane, d = dst.baseAddress! + i * plane
                    let (k, b) = (scale[i % c], shift[i % c])
                    for p in 0..<plane { d[p] = s[p] * k + b }
                }
            }
        }
        return out
    }
}
