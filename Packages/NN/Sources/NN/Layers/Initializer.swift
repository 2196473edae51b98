import Synchronization
import Tensor

/// The generator layers draw their initial weights from, like `torch.manual_seed`:
/// seed it once, build the model, and the same seed gives the same weights.
///
/// ```swift
/// Initializer.seed(42)
/// let model = DigitsCNN()        // reproducible weights
/// ```
public enum Initializer {
    private static let generator = Mutex(RandomGenerator(seed: 0))

    public static func seed(_ seed: UInt64) {
        generator.withLock { $0 = RandomGenerator(seed: seed) }
    }

    /// Uniform in [-bound, bound).
    public static func uniform(_ shape: [Int], bound: Float) -> Tensor {
        generator.withLock { $0.uniform(shape, low: -bound, high: bound) }
    }

    public static func normal(_ shape: [Int], std: Float) -> Tensor {
        generator.withLock { $0.normal(shape, std: std) }
    }

    /// A generator for a layer that needs its own stream (dropout).
    public static func fork() -> RandomGenerator {
        generator.withLock { $0.fork() }
    }

    /// PyTorch's default for Linear and Conv (Kaiming uniform with a = sqrt(5)): bound 1/sqrt(fan_in).
    static func defaultBound(fanIn: Int) -> Float { 1 / Float(Swift.max(1, fanIn)).squareRoot() }
}
