import NN
import Tensor

/// The network E of the nuisance variable: a trunk whose output is the exogenous
/// representation z_x (what the gate reads), and a head that predicts the nuisance target
/// from it (rotation (cos θ, sin θ), log scale, identity logits), used only to train E.
///
/// ```swift
/// let e = ExogenousNetwork.mlp(sizes: [256, 128, 64], targetSize: 2)   // z_x is 64-d
/// try e.fitRegression(x, targets: cosSin, epochs: 30, seed: 0)
/// ```
public final class ExogenousNetwork: Module, Layer, @unchecked Sendable {
    public let trunk: Sequential
    public let head: Linear
    public var representationSize: Int { head.inputSize }

    public init(trunk: Sequential, head: Linear) {
        self.trunk = trunk
        self.head = head
    }

    /// Trunk Linear–ReLU layers over `sizes` (input first, z_x last) and a linear head.
    public static func mlp(sizes: [Int], targetSize: Int) throws -> ExogenousNetwork {
        guard sizes.count >= 2, sizes.allSatisfy({ $0 > 0 }), targetSize > 0 else {
            throw NNError.invalidArgument("ExogenousNetwork.mlp: need ≥ 2 positive layer sizes and a positive target size, got \(sizes), \(targetSize)")
        }
        return ExogenousNetwork(trunk: MLP.reluStack(sizes), head: Linear(sizes.last!, targetSize))
    }

    /// z_x.
    public func representation(_ x: Variable) throws -> Variable { try trunk(x) }

    /// The nuisance prediction.
    public func callAsFunction(_ x: Variable) throws -> Variable { try head(trunk(x)) }
}

/// Small helpers shared by the networks of THIN.
public enum MLP {
    /// Linear–ReLU pairs over consecutive sizes (ReLU after every layer, the output included,
    /// since the output is a representation, not logits).
    public static func reluStack(_ sizes: [Int]) -> Sequential {
        var layers: [any Layer] = []
        for (a, b) in zip(sizes, sizes.dropFirst()) {
            layers.append(Linear(a, b))
            layers.append(ReLU())
        }
        return Sequential(layers)
    }
}
