import Tensor

/// The parameters of an optimizer with their state names, deduplicated by identity.
struct ParameterList {
    let names: [String]
    let variables: [Variable]

    init(_ named: [(String, Variable)]) {
        var seen = Set<ObjectIdentifier>()
        var names: [String] = [], variables: [Variable] = []
        for (name, v) in named where seen.insert(ObjectIdentifier(v)).inserted {
            names.append(name)
            variables.append(v)
        }
        self.names = names
        self.variables = variables
    }

    /// Positional names "0", "1", ... for an unnamed list.
    init(_ variables: [Variable]) {
        self.init(variables.enumerated().map { ("\($0.offset)", $0.element) })
    }

    var named: [(String, Variable)] { Array(zip(names, variables)) }
    var count: Int { variables.count }

    /// Throws before any update when a gradient is non-finite or mis-shaped, or when a
    /// parameter's state (`stateShapes[i]`, saved as `slot`) no longer fits it (a model changed
    /// after the optimizer was made): the update loops then never run out of bounds.
    func validate(stateShapes: [[Int]?], slot: String) throws {
        for (i, (name, v)) in zip(names, variables).enumerated() {
            guard let g = v.grad else { continue }
            guard g.shape == v.value.shape else {
                throw OptimizerError.shape(key: "\(name) (gradient)", expected: v.value.shape, found: g.shape)
            }
            if let s = stateShapes[i], s != v.value.shape {
                throw OptimizerError.shape(key: OptimizerStateCoding.key(name, slot), expected: v.value.shape, found: s)
            }
            if !g.withUnsafeBufferPointer(OptimizerKernels.allFinite) {
                throw OptimizerError.nonFiniteGradient(parameter: name)
            }
        }
    }
}

/// Reading and writing the `[String: Tensor]` form of optimizer state.
enum OptimizerStateCoding {
    static func key(_ parameter: String, _ slot: String) -> String { "state.\(parameter).\(slot)" }

    /// A step count as two Float32 base-2²⁴ digits [high, low]: a single Float32 is exact only
    /// up to 2²⁴ ≈ 16.8 M, and bias corrections need the exact count to resume bit for bit.
    static func encodeCount(_ n: Int) -> Tensor {
        Tensor([Float(n >> 24), Float(n & 0xFF_FFFF)])
    }

    static func decodeCount(_ t: Tensor, key: String) throws -> Int {
        guard t.count == 2 else { throw OptimizerError.shape(key: key, expected: [2], found: t.shape) }
        let (high, low) = (t.scalars[0], t.scalars[1])
        guard high >= 0, low >= 0, high == high.rounded(), low == low.rounded(), low < 0x100_0000 else {
            throw OptimizerError.invalidHyperparameter("'\(key)' does not hold a step count (got \(t.scalars)); the state file is damaged")
        }
        return Int(high) << 24 | Int(low)
    }

    /// Takes the named rank-0 scalars out of `remaining`; collects those absent in `missing`.
    static func scalars(_ keys: [String], from state: [String: Tensor], remaining: inout Set<String>,
                        missing: inout [String]) throws -> [String: Float] {
        var out: [String: Float] = [:]
        for key in keys {
            guard let t = state[key] else { missing.append(key); continue }
            guard t.count == 1 else { throw OptimizerError.shape(key: key, expected: [], found: t.shape) }
            out[key] = t.scalars[0]
            remaining.remove(key)
        }
        return out
    }

    /// Takes a parameter's slot tensors: nil when none is saved (the parameter never had a
    /// gradient), all of them when all are; a partial set is an error.
    static func slots(_ slots: [String], of parameter: String, shapes: [String: [Int]], from state: [String: Tensor],
                      remaining: inout Set<String>, missing: inout [String]) throws -> [String: Tensor]? {
        let keys = slots.map { key(parameter, $0) }
        let present = keys.filter { state[$0] != nil }
        if present.isEmpty { return nil }
        guard present.count == keys.count else {
            missing += keys.filter { state[$0] == nil }
            for key in present { remaining.remove(key) }
            return nil
        }
        var out: [String: Tensor] = [:]
        for (slot, key) in zip(slots, keys) {
            let t = state[key]!
            if let expected = shapes[slot], t.shape != expected {
                throw OptimizerError.shape(key: key, expected: expected, found: t.shape)
            }
            out[slot] = t
            remaining.remove(key)
        }
        return out
    }
}

func validateHyperparameter(_ ok: Bool, _ message: @autoclosure () -> String) throws {
    guard ok else { throw OptimizerError.invalidHyperparameter(message()) }
}
