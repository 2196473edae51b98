import Tensor

/// Channel conversions on `[C, H, W]` images or `[N, C, H, W]` batches.
extension ImageOps {
    /// ITU-R BT.601 luma weights, as Pillow's "L" mode and OpenCV use.
    public static let lumaWeights: (red: Float, green: Float, blue: Float) = (0.299, 0.587, 0.114)

    /// RGB (3 channels) to gray (1 channel) with BT.601 luma; RGBA is refused
    /// (decide about alpha first with `rgbaToRGB`).
    public static func rgbToGray(_ image: Tensor) throws -> Tensor {
        let op = "ImageOps.rgbToGray"
        let stack = try ChannelStack(image, op: op)
        try requireChannels(stack, 3, op: op, image)
        var out = Tensor(uninitializedShape: stack.shape(channels: 1))
        let (n, plane) = (stack.batch, stack.planeSize)
        let (wr, wg, wb) = lumaWeights
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n {
                    let r = src.baseAddress! + i * 3 * plane, g = r + plane, b = g + plane
                    let o = dst.baseAddress! + i * plane
                    for p in 0..<plane { o[p] = wr * r[p] + wg * g[p] + wb * b[p] }
                }
            }
        }
        return out
    }

    /// Gray (1 channel) to RGB (3 equal channels).
    public static func grayToRGB(_ image: Tensor) throws -> Tensor {
        let op = "ImageOps.grayToRGB"
        let stack = try ChannelStack(image, op: op)
        try requireChannels(stack, 1, op: op, image)
        var out = Tensor(uninitializedShape: stack.shape(channels: 3))
        let (n, plane) = (stack.batch, stack.planeSize)
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n {
                    let s = src.baseAddress! + i * plane
                    for c in 0..<3 { (dst.baseAddress! + (i * 3 + c) * plane).update(from: s, count: plane) }
                }
            }
        }
        return out
    }

    /// RGBA (4 channels) to RGB. With no `background` the alpha channel is
    /// dropped; with one (three values in 0...1), each pixel is composited over
    /// it: `rgb * alpha + background * (1 - alpha)`, as a viewer would show it.
    public static func rgbaToRGB(_ image: Tensor, background: [Float]? = nil) throws -> Tensor {
        let op = "ImageOps.rgbaToRGB"
        let stack = try ChannelStack(image, op: op)
        try requireChannels(stack, 4, op: op, image)
        if let background, background.count != 3 {
            throw TensorError.invalidArgument(op: op, message: "background needs 3 values (red, green, blue), got \(background.count)")
        }
        var out = Tensor(uninitializedShape: stack.shape(channels: 3))
        let (n, plane) = (stack.batch, stack.planeSize)
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n {
                    let s = src.baseAddress! + i * 4 * plane, alpha = s + 3 * plane
                    for c in 0..<3 {
                        let from = s + c * plane, to = dst.baseAddress! + (i * 3 + c) * plane
                        if let background {
                            let bg = background[c]
                            for p in 0..<plane { to[p] = from[p] * alpha[p] + bg * (1 - alpha[p]) }
                        } else {
                            to.update(from: from, count: plane)
                        }
                    }
                }
            }
        }
        return out
    }

    static func requireChannels(_ stack: ChannelStack, _ c: Int, op: String, _ image: Tensor) throws {
        guard stack.channels == c else {
            throw TensorError.shapeMismatch(op: op, shapes: [image.shape],
                                            expected: "\(c) channels on axis -3 ([C, H, W] or [N, C, H, W])")
        }
    }
}
