import Tensor

/// The reference forward of `GraphOp.unevenDepthwiseConv2d`: gather each plane's input
/// channel, one k×k filter per plane (a depthwise conv over the P planes), then each
/// output sums its planes (a 0/1 matrix product over the plane axis).
enum UnevenDepthwise {
    static func forward(_ x: Variable, node: String, stride: Int, padding: Int,
                        parameter: (String) -> Variable?) throws -> Variable {
        let weight = parameter("\(node).weight")!
        let source = parameter("\(node).source")!.value.scalars.map { Int($0) }
        let index = parameter("\(node).index")!.value
        let planes = source.count, outputs = index.shape[0], channels = index.shape[1]
        let gathered = try x.indexSelect(alongAxis: 1, source)                                  // [N, P, H, W]
        let z = try Variable.conv2d(gathered, weight: weight, bias: nil,
                                    Conv2DParameters(stride: stride, padding: padding, groups: planes))
        // Gather-sum as [O, P] 0/1 weights: exact, and differentiable for fine-tuning.
        var sum = [Float](repeating: 0, count: outputs * planes)
        index.withUnsafeBufferPointer { p in
            for o in 0..<outputs {
                for c in 0..<channels where p[o * channels + c] > 0 { sum[o * planes + Int(p[o * channels + c]) - 1] += 1 }
            }
        }
        let (n, h, w) = (z.shape[0], z.shape[2], z.shape[3])
        let flat = try z.reshaped([n, planes, h * w])
        let mixing = Variable(try Tensor(shape: [outputs, planes], scalars: sum))
        var y = try mixing.matmul(flat).reshaped([n, outputs, h, w])                        // broadcast over N
        if let bias = parameter("\(node).bias") { y = try y + bias.reshaped([1, outputs, 1, 1]) }
        return y
    }
}
