import NN
import Tensor

/// Two 3x3 convolutions with ReLU, padding 1: one U-Net level. With `normalizationGroups`
/// each convolution is followed by group norm (parameter names of the plain pair unchanged,
/// so weight files without norms still load).
final class ConvPair: Module, Layer, @unchecked Sendable {
    let first: Conv2d
    let second: Conv2d
    let firstNorm: GroupNorm?
    let secondNorm: GroupNorm?

    init(_ inChannels: Int, _ outChannels: Int, normalizationGroups: Int? = nil) {
        first = Conv2d(inChannels, outChannels, kernel: 3, padding: 1)
        second = Conv2d(outChannels, outChannels, kernel: 3, padding: 1)
        firstNorm = normalizationGroups.map { GroupNorm(groups: groupCount($0, outChannels), channels: outChannels) }
        secondNorm = normalizationGroups.map { GroupNorm(groups: groupCount($0, outChannels), channels: outChannels) }
    }

    func callAsFunction(_ x: Variable) throws -> Variable {
        try normalized(second(normalized(first(x), firstNorm).relu()), secondNorm).relu()
    }
}

/// The largest group count ≤ `wanted` that divides `channels`.
func groupCount(_ wanted: Int, _ channels: Int) -> Int {
    var g = max(1, min(wanted, channels))
    while channels % g != 0 { g -= 1 }
    return g
}

@inline(__always) func normalized(_ x: Variable, _ norm: GroupNorm?) throws -> Variable {
    try norm.map { try $0(x) } ?? x
}

/// One cascade stage (spec §3.3): a fully convolutional encoder–decoder with skip
/// connections whose output `F_k` has the input's spatial size and `widths[0]` channels.
///
/// Levels: `widths.count`; each but the last ends in a skip and a 2x2 max-pool; the last is the
/// bottleneck. Decoding: nearest x2, concat the skip, one conv3x3 + ReLU.
public final class UNetStage: Module, Layer, @unchecked Sendable {
    let encoders: [ConvPair]
    let decoders: [Conv2d]
    let decoderNorms: [GroupNorm]
    public let widths: [Int]

    /// `normalizationGroups`: group norm after every convolution with (at most) that many
    /// groups; nil = none, as in the shipped weights.
    public init(inChannels: Int, widths: [Int], normalizationGroups: Int? = nil) {
        precondition(!widths.isEmpty, "UNetStage needs at least one level")
        self.widths = widths
        var enc: [ConvPair] = []
        var c = inChannels
        for w in widths {
            enc.append(ConvPair(c, w, normalizationGroups: normalizationGroups))
            c = w
        }
        encoders = enc
        // Decoder l (from the bottom up) maps widths[l+1] + widths[l] -> widths[l].
        decoders = (0..<(widths.count - 1)).reversed().map { l in
            Conv2d(widths[l + 1] + widths[l], widths[l], kernel: 3, padding: 1)
        }
        decoderNorms = normalizationGroups.map { g in
            (0..<(widths.count - 1)).reversed().map { l in GroupNorm(groups: groupCount(g, widths[l]), channels: widths[l]) }
        } ?? []
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
        for (i, decoder) in decoders.enumerated() {
            let skip = skips.removeLast()
            let up = try h.resized(height: skip.shape[2], width: skip.shape[3], mode: .nearest)
            h = try normalized(decoder(Variable.concatenate([up, skip], alongAxis: 1)),
                               decoderNorms.isEmpty ? nil : decoderNorms[i]).relu()
        }
        return h
    }
}
