import NN
import Tensor

/// Two 3x3 convolutions with ReLU, padding 1: one U-Net level.
final class ConvPair: Module, Layer, @unchecked Sendable {
    let first: Conv2d
    let second: Conv2d

    init(_ inChannels: Int, _ outChannels: Int) {
        first = Conv2d(inChannels, outChannels, kernel: 3, padding: 1)
        second = Conv2d(outChannels, outChannels, kernel: 3, padding: 1)
    }

    func callAsFunction(_ x: Variable) throws -> Variable {
        try second(first(x).relu()).relu()
    }
}

/// One cascade stage (spec §3.3): a fully convolutional encoder–decoder with skip
/// connections whose output `F_k` has the input's spatial size and `widths[0]` channels.
///
/// Levels: `widths.count`; each but the last ends in a skip and a 2x2 max-pool; the last is the
/// bottleneck. Decoding: nearest x2, concat the skip, one conv3x3 + ReLU.
public final class UNetStage: Module, Layer, @unchecked Sendable {
    let encoders: [ConvPair]
    let decoders: [Conv2d]
    public let widths: [Int]

    public init(inChannels: Int, widths: [Int]) {
        precondition(!widths.isEmpty, "UNetStage needs at least one level")
        self.widths = widths
        var enc: [ConvPair] = []
        var c = inChannels
        for w in widths {
            enc.append(ConvPair(c, w))
            c = w
        }
        encoders = enc
        // Decoder l (from the bottom up) maps widths[l+1] + widths[l] -> widths[l].
        decoders = (0..<(widths.count - 1)).reversed().map { l in
            Conv2d(widths[l + 1] + widths[l], widths[l], kernel: 3, padding: 1)
        }
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        var skips: [Variable] = []
        var h = x
        for (level, encoder) in encoders.enumerated() {
            h = try encoder(h)
            if level < encoders.count - 1 {
                skips.append(h)
                h = try h.maxPool2d(Pool2DParameters(kernel: 2))
            }
        }
        for decoder in decoders {
            let skip = skips.removeLast()
            let up = try h.resized(height: skip.shape[2], width: skip.shape[3], mode: .nearest)
            h = try decoder(Variable.concatenate([up, skip], alongAxis: 1)).relu()
        }
        return h
    }
}
