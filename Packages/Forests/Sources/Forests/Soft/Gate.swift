import NN
import Tensor

/// A gate of a mixture of experts: gating input [B, G] -> expert weights [B, E], each row
/// non-negative and summing to 1.
public protocol Gate: Module {
    var expertCount: Int { get }
    func weights(_ g: Variable) throws -> Variable
}

/// The flat gate (ablation of the tree gate): w = softmax(Linear(G → E)(g)).
public final class SoftmaxGate: Module, Gate, @unchecked Sendable {
    public let linear: Linear
    public var expertCount: Int { linear.outputSize }

    public init(gatingSize: Int, experts: Int) throws {
        guard gatingSize > 0, experts > 0 else {
            throw NNError.invalidArgument("SoftmaxGate: gatingSize and experts must be positive, got \(gatingSize), \(experts)")
        }
        linear = Linear(gatingSize, experts)
    }

    public func weights(_ g: Variable) throws -> Variable { try linear(g).softmax(alongAxis: 1) }
}

/// Constant 1/E: the mixture becomes plain ensemble averaging (ablation).
public final class UniformGate: Module, Gate, @unchecked Sendable {
    public let expertCount: Int

    public init(experts: Int) throws {
        guard experts > 0 else { throw NNError.invalidArgument("UniformGate: experts must be positive, got \(experts)") }
        expertCount = experts
    }

    public func weights(_ g: Variable) throws -> Variable {
        guard g.shape.count == 2 else {
            throw NNError.invalidArgument("UniformGate: gating input must be [B, G], got \(g.shape)")
        }
        return Variable(Tensor(shape: [g.shape[0], expertCount], repeating: 1 / Float(expertCount)))
    }
}
