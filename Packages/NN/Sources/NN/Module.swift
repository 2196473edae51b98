import Tensor

/// A tensor a module keeps but does not learn by gradient (e.g. batch-norm running statistics).
public final class Buffer: @unchecked Sendable {
    public var value: Tensor
    public init(_ value: Tensor) { self.value = value }
}

/// Base class of every network part: holds parameters, buffers and child modules as stored
/// properties, and finds them by reflection, so names form a tree like `stage1.conv2.weight`.
///
/// Stored properties of these kinds are discovered: `Variable` (a parameter when it
/// requires a gradient), `Buffer`, `Module`, optionals of those, and arrays of those
/// (named by index: `blocks.0.conv.weight`).
///
/// ```swift
/// final class TwoLayer: Module, Layer {
///     let fc1 = Linear(64, 32), fc2 = Linear(32, 10)
///     func callAsFunction(_ x: Variable) throws -> Variable { try fc2(fc1(x).relu()) }
/// }
/// ```
open class Module: @unchecked Sendable {
    /// Training mode (dropout active, batch norm uses batch statistics) or evaluation mode.
    public private(set) var isTraining = true

    public init() {}

    /// Direct children, in declaration order.
    public func namedChildren() -> [(String, Module)] {
        var out: [(String, Module)] = []
        for (name, value) in Self.storedProperties(of: self) {
            switch value {
            case let m as Module: out.append((name, m))
            case let ms as [Module]: out += ms.enumerated().map { ("\(name).\($0.offset)", $0.element) }
            default: break
            }
        }
        return out
    }

    /// Every learnable parameter below this module, with its dotted name.
    public func namedParameters() -> [(String, Variable)] {
        collect { value -> [Variable] in
            switch value {
            case let v as Variable: return v.requiresGrad ? [v] : []
            case let vs as [Variable]: return vs.filter(\.requiresGrad)
            default: return []
            }
        }
    }

    public func parameters() -> [Variable] { namedParameters().map(\.1) }

    /// Every buffer below this module, with its dotted name.
    public func namedBuffers() -> [(String, Buffer)] {
        collect { value -> [Buffer] in
            switch value {
            case let b as Buffer: return [b]
            case let bs as [Buffer]: return bs
            default: return []
            }
        }
    }

    /// Parameters and buffers by name: what a checkpoint stores.
    public func stateDict() -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (n, p) in namedParameters() { out[n] = p.value }
        for (n, b) in namedBuffers() { out[n] = b.value }
        return out
    }

    /// Loads parameters and buffers by name. Reports what the state lacks and what it has
    /// too much; a shape mismatch throws (nothing is changed then).
    @discardableResult
    public func loadStateDict(_ state: [String: Tensor], strict: Bool = true) throws -> (missing: [String], unexpected: [String]) {
        let params = namedParameters(), buffers = namedBuffers()
        let known = Set(params.map(\.0) + buffers.map(\.0))
        let missing = known.subtracting(state.keys).sorted()
        let unexpected = Set(state.keys).subtracting(known).sorted()
        if strict && (!missing.isEmpty || !unexpected.isEmpty) {
            throw NNError.stateMismatch(missing: missing, unexpected: unexpected)
        }
        for (n, p) in params { if let t = state[n], t.shape != p.value.shape { throw NNError.stateShape(name: n, expected: p.value.shape, found: t.shape) } }
        for (n, b) in buffers { if let t = state[n], t.shape != b.value.shape { throw NNError.stateShape(name: n, expected: b.value.shape, found: t.shape) } }
        for (n, p) in params { if let t = state[n] { p.value = t } }
        for (n, b) in buffers { if let t = state[n] { b.value = t } }
        return (missing, unexpected)
    }

    /// Switches this module and all below it to training (true) or evaluation (false) mode.
    public func train(_ on: Bool = true) {
        isTraining = on
        for (_, c) in namedChildren() { c.train(on) }
    }

    public func eval() { train(false) }

    /// Number of learnable scalars.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.value.count } }

    private func collect<T>(_ extract: (Any) -> [T]) -> [(String, T)] {
        var out: [(String, T)] = []
        for (name, value) in Self.storedProperties(of: self) {
            let own = extract(value)
            if own.count == 1, !(value is [Any]) {
                out.append((name, own[0]))
            } else {
                out += own.enumerated().map { ("\(name).\($0.offset)", $0.element) }
            }
        }
        for (prefix, child) in namedChildren() {
            out += child.collect(extract).map { ("\(prefix).\($0.0)", $0.1) }
        }
        return out
    }

    /// Stored properties of this object and its superclasses, optionals unwrapped.
    private static func storedProperties(of object: AnyObject) -> [(String, Any)] {
        var out: [(String, Any)] = []
        var mirror: Mirror? = Mirror(reflecting: object)
        var chain: [Mirror] = []
        while let m = mirror { chain.append(m); mirror = m.superclassMirror }
        for m in chain.reversed() {
            for child in m.children {
                guard let label = child.label, label != "isTraining" else { continue }
                let name = label.hasPrefix("_") ? String(label.dropFirst()) : label   // property wrappers / lazy storage
                if let unwrapped = unwrapOptional(child.value) { out.append((name, unwrapped)) }
            }
        }
        return out
    }

    private static func unwrapOptional(_ value: Any) -> Any? {
        let m = Mirror(reflecting: value)
        guard m.displayStyle == .optional else { return value }
        return m.children.first?.value
    }
}

/// A module with one input and one output: what `Sequential` chains.
public protocol Layer: Module {
    func callAsFunction(_ x: Variable) throws -> Variable
}

/// Errors of model state and configuration.
public enum NNError: Error, Equatable, CustomStringConvertible {
    case stateMismatch(missing: [String], unexpected: [String])
    case stateShape(name: String, expected: [Int], found: [Int])
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .stateMismatch(let missing, let unexpected):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing keys: " + missing.joined(separator: ", ")) }
            if !unexpected.isEmpty { parts.append("unexpected keys: " + unexpected.joined(separator: ", ")) }
            return "the saved state does not match the model (\(parts.joined(separator: "; "))); was it saved from another architecture or configuration?"
        case .stateShape(let name, let expected, let found):
            return "'\(name)' has shape \(found) in the saved state but \(expected) in the model; was it saved with other hyperparameters?"
        case .invalidArgument(let message):
            return message
        }
    }
}
