import Tensor

extension Variable {
    public func reshaped(_ shape: [Int]) throws -> Variable {
        let original = self.shape
        return Variable(try value.reshaped(shape), parents: [self]) { g in [try g.reshaped(original)] }
    }

    /// Flattens all but the first axis: [N, ...] -> [N, rest].
    public func flattened() throws -> Variable { try reshaped([shape.first ?? 1, -1]) }

    public func permuted(_ order: [Int]) throws -> Variable {
        var inverse = [Int](repeating: 0, count: order.count)
        for (i, o) in order.enumerated() { inverse[o] = i }
        return Variable(try value.permuted(order), parents: [self]) { g in [try g.permuted(inverse)] }
    }

    public func transposed() -> Variable {
        Variable(value.transposed(), parents: [self]) { g in [g.transposed()] }
    }

    public func slice(alongAxis axis: Int, _ range: Range<Int>) throws -> Variable {
        let shape = self.shape
        let a = axis < 0 ? axis + shape.count : axis
        return Variable(try value.slice(alongAxis: axis, range), parents: [self]) { g in
            var pad = shape.map { _ in (before: 0, after: 0) }
            pad[a] = (range.lowerBound, shape[a] - range.upperBound)
            return [try g.padded(pad)]
        }
    }

    public static func concatenate(_ parts: [Variable], alongAxis axis: Int = 0) throws -> Variable {
        let out = try Tensor.concatenate(parts.map(\.value), alongAxis: axis)
        let a = axis < 0 ? axis + out.rank : axis
        let sizes = parts.map { $0.shape[a] }
        return Variable(out, parents: parts) { g in try g.split(alongAxis: a, sizes: sizes) }
    }

    public static func stack(_ parts: [Variable], alongAxis axis: Int = 0) throws -> Variable {
        guard let first = parts.first else {
            throw TensorError.invalidArgument(op: "stack", message: "needs at least one variable")
        }
        var expanded = first.shape
        let a = axis < 0 ? axis + first.shape.count + 1 : axis
        guard a >= 0 && a <= expanded.count else { throw TensorError.invalidAxis(op: "stack", axis: axis, rank: first.shape.count + 1) }
        expanded.insert(1, at: a)
        return try concatenate(parts.map { try $0.reshaped(expanded) }, alongAxis: a)
    }

    public func split(alongAxis axis: Int, sizes: [Int]) throws -> [Variable] {
        var start = 0
        return try sizes.map { n in
            defer { start += n }
            return try slice(alongAxis: axis, start..<(start + n))
        }
    }

    public func padded(_ padding: [(before: Int, after: Int)], value fill: Float = 0) throws -> Variable {
        let shape = self.shape
        return Variable(try value.padded(padding, value: fill), parents: [self]) { g in
            var t = g
            for (axis, p) in padding.enumerated() where p.before > 0 || p.after > 0 {
                t = try t.slice(alongAxis: axis, p.before..<(p.before + shape[axis]))
            }
            return [t]
        }
    }

    /// Rows picked along an axis (indices may repeat; their gradients add).
    public func indexSelect(alongAxis axis: Int, _ indices: [Int]) throws -> Variable {
        let shape = self.shape
        let a = axis < 0 ? axis + shape.count : axis
        return Variable(try value.indexSelect(alongAxis: a, indices), parents: [self]) { g in
            var grad = Tensor(zeros: shape)
            let outer = shape[..<a].reduce(1, *), size = shape[a], inner = shape[(a + 1)...].reduce(1, *)
            grad.withUnsafeMutableBufferPointer { dst in
                g.withUnsafeBufferPointer { src in
                    for o in 0..<outer {
                        for (k, i) in indices.enumerated() {
                            let d = (o * size + i) * inner, s = (o * indices.count + k) * inner
                            for j in 0..<inner { dst[d + j] += src[s + j] }
                        }
                    }
                }
            }
            return [grad]
        }
    }

    /// `out[i] = self[i, index[i]]` for a [N, C] variable.
    public func gather(rows index: IndexTensor) throws -> Variable {
        let shape = self.shape
        return Variable(try value.gather(rows: index), parents: [self]) { g in
            var grad = Tensor(zeros: shape)
            grad.withUnsafeMutableBufferPointer { dst in
                g.withUnsafeBufferPointer { src in
                    for (i, c) in index.values.enumerated() { dst[i * shape[1] + c] += src[i] }
                }
            }
            return [grad]
        }
    }
}
