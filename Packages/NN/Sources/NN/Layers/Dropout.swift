import Tensor

/// Zeroes each element with probability `p` in training and scales the rest by 1/(1-p);
/// the identity in evaluation mode.
public final class Dropout: Module, Layer, RandomStateful {
    public let probability: Float
    private var rng: RandomGenerator

    public init(_ probability: Float = 0.5) {
        precondition((0..<1).contains(probability), "Dropout probability must be in [0, 1)")
        self.probability = probability
        rng = Initializer.fork()
    }

    /// Restarts the dropout stream.
    public func reseed(_ seed: UInt64) { rng = RandomGenerator(seed: seed) }

    public var randomState: [UInt64] {
        get { rng.state }
        set { if let g = try? RandomGenerator(state: newValue) { rng = g } }
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        guard isTraining, probability > 0 else { return x }
        let mask = rng.bernoulli(x.shape, p: 1 - probability) * (1 / (1 - probability))
        return try x * Variable(mask)
    }
}
