import NN

/// The small CNN of the face experiments, used for both E and F: three 3x3 convolutions of
/// stride 2 (ReLU), flattened, then a linear layer to the representation (ReLU).
///
/// Flattening rather than global pooling (the spec's digit CNN pools) keeps where a feature
/// is: on aligned faces a brow and a lip corner look alike locally and differ by position.
///
/// ```swift
/// let trunk = try ConvTrunk(inputSide: 48).make()    // [B, 1, 48, 48] -> [B, 64]
/// ```
public struct ConvTrunk: Sendable, Equatable, Codable {
    public var inputChannels = 1
    public var inputSide = 48
    public var channels = [16, 32, 64]
    public var representationSize = 64

    public init(inputChannels: Int = 1, inputSide: Int = 48, channels: [Int] = [16, 32, 64], representationSize: Int = 64) {
        self.inputChannels = inputChannels
        self.inputSide = inputSide
        self.channels = channels
        self.representationSize = representationSize
    }

    /// Side of the last feature map: each stride-2 convolution (padding 1) halves it, rounding up.
    public var featureSide: Int { channels.reduce(inputSide) { side, _ in (side + 1) / 2 } }

    public func validate() throws {
        guard inputChannels > 0, inputSide >= 8, !channels.isEmpty, channels.allSatisfy({ $0 > 0 }), representationSize > 0 else {
            throw THINError.invalidConfiguration("conv trunk needs positive channels, an input side ≥ 8 and a positive representation size, got \(self)")
        }
    }

    public func make() throws -> Sequential {
        try validate()
        var layers: [any Layer] = []
        var previous = inputChannels
        for c in channels {
            layers += [Conv2d(previous, c, kernel: 3, stride: 2, padding: 1), ReLU()]
            previous = c
        }
        layers += [Flatten(), Linear(previous * featureSide * featureSide, representationSize), ReLU()]
        return Sequential(layers)
    }
}
