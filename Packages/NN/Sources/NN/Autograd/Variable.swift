import Synchronization
import Tensor

/// A node of the autograd graph: a value, and how to send a gradient back to its inputs.
///
/// Operations on variables record themselves while `Autograd.isRecording`; calling
/// `backward()` on a scalar result fills `grad` of every variable that requires it.
///
/// ```swift
/// let w = Variable(rng.normal([3, 2]), requiresGrad: true)
/// let loss = try (x.matmul(w) - y).squared().mean()
/// try loss.backward()
/// print(w.grad!)                        // d loss / d w
/// ```
public final class Variable: @unchecked Sendable {
    /// The current value. Optimizers write parameters in place.
    public var value: Tensor
    /// The accumulated gradient after `backward()`; nil until then.
    public var grad: Tensor?
    public let requiresGrad: Bool
    /// Inputs and the backward function: given d(out), the gradients of each input (nil where none).
    let parents: [Variable]
    let backwardFn: ((Tensor) throws -> [Tensor?])?
    /// Creation order; backward visits nodes from the newest, so a topological order needs no sort.
    let serial: UInt64

    /// A leaf: a constant (default) or, with `requiresGrad`, a parameter to learn.
    public init(_ value: Tensor, requiresGrad: Bool = false) {
        self.value = value
        self.requiresGrad = requiresGrad
        parents = []
        backwardFn = nil
        serial = Autograd.nextSerial()
    }

    init(_ value: Tensor, parents: [Variable], backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.value = value
        let record = Autograd.isRecording && parents.contains { $0.requiresGrad }
        requiresGrad = record
        self.parents = record ? parents : []
        backwardFn = record ? backward : nil
        serial = Autograd.nextSerial()
    }

    public var shape: [Int] { value.shape }
    public var isLeaf: Bool { backwardFn == nil }

    /// The same value, cut from the graph.
    public func detached() -> Variable { Variable(value) }

    /// Back-propagates from this variable. A non-scalar result needs a `seed` of its shape.
    public func backward(seed: Tensor? = nil) throws {
        guard requiresGrad else {
            throw TensorError.invalidArgument(op: "backward", message: "this value does not depend on any variable that requires a gradient")
        }
        let start: Tensor
        if let seed {
            guard seed.shape == value.shape else {
                throw TensorError.shapeMismatch(op: "backward", shapes: [seed.shape, value.shape], expected: "a seed of the output's shape")
            }
            start = seed
        } else {
            guard value.count == 1 else {
                throw TensorError.invalidArgument(op: "backward", message: "output of shape \(value.shape) is not a scalar: pass a seed")
            }
            start = Tensor(shape: value.shape, repeating: 1)
        }
        // Collect the graph, then visit newest-first: every consumer precedes its inputs.
        var nodes: [Variable] = []
        var seen = Set<ObjectIdentifier>()
        var stack = [self]
        while let v = stack.popLast() {
            guard seen.insert(ObjectIdentifier(v)).inserted else { continue }
            nodes.append(v)
            stack.append(contentsOf: v.parents.filter(\.requiresGrad))
        }
        nodes.sort { $0.serial > $1.serial }
        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): start]
        for v in nodes {
            guard let g = pending.removeValue(forKey: ObjectIdentifier(v)) else { continue }
            if let fn = v.backwardFn {
                let grads = try fn(g)
                for (p, pg) in zip(v.parents, grads) where p.requiresGrad {
                    guard let pg else { continue }
                    let key = ObjectIdentifier(p)
                    if var existing = pending[key] {
                        try existing.add(pg)
                        pending[key] = existing
                    } else {
                        pending[key] = pg
                    }
                }
            } else {
                // A leaf: accumulate into its gradient (gradients add across backward calls).
                if var existing = v.grad {
                    try existing.add(g)
                    v.grad = existing
                } else {
                    v.grad = g
                }
            }
        }
    }

    /// Clears the accumulated gradient.
    public func zeroGrad() { grad = nil }
}

/// The autograd switch: recording on by default, off inside `noGrad`.
public enum Autograd {
    @TaskLocal static var recordingOff = false
    private static let counter = Atomic<UInt64>(0)

    public static var isRecording: Bool { !recordingOff }

    /// Runs `body` without recording operations (inference, optimizer updates, metrics).
    public static func noGrad<R>(_ body: () throws -> R) rethrows -> R {
        try $recordingOff.withValue(true, operation: body)
    }

    static func nextSerial() -> UInt64 {
        counter.add(1, ordering: .relaxed).newValue
    }
}
