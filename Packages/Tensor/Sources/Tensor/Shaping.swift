/// Moving elements around: permute, slice, concatenate, stack, split, pad, gather, one-hot.
extension Tensor {
    /// Dimensions reordered: `permuted([0, 2, 3, 1])` turns NCHW into NHWC. Copies.
    public func permuted(_ order: [Int]) throws -> Tensor {
        guard order.count == rank, Set(order) == Set(0..<rank) else {
            throw TensorError.invalidArgument(op: "permuted", message: "\(order) is not a permutation of 0..<\(rank)")
        }
        if order == Array(0..<rank) { return self }
        let newShape = order.map { shape[$0] }
        var out = Tensor(uninitializedShape: newShape)
        guard count > 0 else { return out }
        // Merge runs of source dimensions that stay adjacent and in order: fewer, longer loops.
        let srcStrides = Shape.strides(shape)
        var dims: [(size: Int, stride: Int)] = []
        for o in order {
            if let last = dims.last, last.stride == srcStrides[o] * shape[o] {
                dims[dims.count - 1] = (last.size * shape[o], srcStrides[o])
            } else {
                dims.append((shape[o], srcStrides[o]))
            }
        }
        let src = storage.pointer, dst = out.storage.pointer
        if dims.count == 2 {
            // With two groups left, the first has stride 1: a plain matrix transpose.
            Tensor.transpose2D(src, dst, sourceRows: dims[1].size, sourceColumns: dims[0].size)
            return out
        }
        let inner = dims[dims.count - 1]
        let outer = Array(dims.dropLast())
        var idx = [Int](repeating: 0, count: outer.count)
        var off = 0, o = 0
        let total = count / inner.size
        for _ in 0..<total {
            if inner.stride == 1 {
                (dst + o).update(from: src + off, count: inner.size)
            } else {
                var s = off
                for j in 0..<inner.size { dst[o &+ j] = src[s]; s &+= inner.stride }
            }
            o &+= inner.size
            var d = outer.count - 1
            while d >= 0 {
                idx[d] += 1
                off += outer[d].stride
                if idx[d] < outer[d].size { break }
                off -= outer[d].stride * outer[d].size
                idx[d] = 0
                d -= 1
            }
        }
        return out
    }

    /// Cache-blocked transpose of a row-major [sourceRows, sourceColumns] matrix.
    static func transpose2D(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, sourceRows rows: Int, sourceColumns cols: Int) {
        let block = 32
        var i0 = 0
        while i0 < cols {
            let i1 = Swift.min(cols, i0 &+ block)
            var j0 = 0
            while j0 < rows {
                let j1 = Swift.min(rows, j0 &+ block)
                for i in i0..<i1 {
                    for j in j0..<j1 { dst[i &* rows &+ j] = src[j &* cols &+ i] }
                }
                j0 = j1
            }
            i0 = i1
        }
    }

    /// The matrix transpose of a rank-2 tensor, or swaps the last two axes of a batch.
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transposed needs rank >= 2, got shape \(shape)")
        var order = Array(0..<rank)
        order.swapAt(rank - 1, rank - 2)
        return try! permuted(order)
    }

    /// Elements `range` along `axis`.
    public func slice(alongAxis axis: Int, _ range: Range<Int>) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "slice")
        guard range.lowerBound >= 0, range.upperBound <= shape[a] else {
            throw TensorError.invalidArgument(op: "slice", message: "range \(range) is outside 0..<\(shape[a]) of axis \(axis)")
        }
        let (outer, size, inner) = Shape.split(shape, axis: a)
        var newShape = shape
        newShape[a] = range.count
        var out = Tensor(uninitializedShape: newShape)
        let n = range.count * inner
        for o in 0..<outer {
            (out.storage.pointer + o * n).update(from: storage.pointer + (o * size + range.lowerBound) * inner, count: n)
        }
        return out
    }

    /// One index along axis 0, dropping that axis (e.g. one image of a batch).
    public subscript(index i: Int) -> Tensor {
        precondition(rank >= 1 && i >= 0 && i < shape[0], "index \(i) out of range for shape \(shape)")
        return try! slice(alongAxis: 0, i..<(i + 1)).reshaped(Array(shape.dropFirst()))
    }

    /// Joins tensors along an existing axis; other dimensions must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError.invalidArgument(op: "concatenate", message: "needs at least one tensor")
        }
        let a = try Shape.axis(axis, rank: first.rank, op: "concatenate")
        for t in tensors {
            var x = t.shape, y = first.shape
            guard x.count == y.count else {
                throw TensorError.shapeMismatch(op: "concatenate", shapes: [first.shape, t.shape], expected: "equal ranks")
            }
            x[a] = 0; y[a] = 0
            guard x == y else {
                throw TensorError.shapeMismatch(op: "concatenate", shapes: [first.shape, t.shape],
                                                expected: "equal sizes except along axis \(axis)")
            }
        }
        var newShape = first.shape
        newShape[a] = tensors.reduce(0) { $0 + $1.shape[a] }
        var out = Tensor(uninitializedShape: newShape)
        let (outer, total, inner) = Shape.split(newShape, axis: a)
        var offset = 0
        for t in tensors {
            let n = t.shape[a] * inner
            for o in 0..<outer {
                (out.storage.pointer + o * total * inner + offset).update(from: t.storage.pointer + o * n, count: n)
            }
            offset += n
        }
        return out
    }

    /// Stacks equal-shaped tensors along a new axis.
    public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError.invalidArgument(op: "stack", message: "needs at least one tensor")
        }
        guard tensors.allSatisfy({ $0.shape == first.shape }) else {
            throw TensorError.shapeMismatch(op: "stack", shapes: tensors.map(\.shape), expected: "all shapes equal")
        }
        let a = try Shape.axis(axis, rank: first.rank + 1, op: "stack")
        var expanded = first.shape
        expanded.insert(1, at: a)
        return try concatenate(tensors.map { try $0.reshaped(expanded) }, alongAxis: a)
    }

    /// Splits along `axis` into pieces of the given sizes (which must sum to the axis size).
    public func split(alongAxis axis: Int, sizes: [Int]) throws -> [Tensor] {
        let a = try Shape.axis(axis, rank: rank, op: "split")
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[a] else {
            throw TensorError.invalidArgument(op: "split", message: "sizes \(sizes) must be non-negative and sum to \(shape[a])")
        }
        var start = 0
        return try sizes.map { n in
            defer { start += n }
            return try slice(alongAxis: a, start..<(start + n))
        }
    }

    /// Pads with a constant: `padding[i] = (before, after)` for each axis.
    public func padded(_ padding: [(before: Int, after: Int)], value: Float = 0) throws -> Tensor {
        guard padding.count == rank, padding.allSatisfy({ $0.before >= 0 && $0.after >= 0 }) else {
            throw TensorError.invalidArgument(op: "padded", message: "needs one non-negative (before, after) pair per axis (\(rank))")
        }
        let newShape = zip(shape, padding).map { $0 + $1.before + $1.after }
        var out = Tensor(shape: newShape, repeating: value)
        guard count > 0 else { return out }
        let inner = shape[rank - 1]
        let rows = count / Swift.max(inner, 1)
        let outStrides = Shape.strides(newShape)
        let outer = Array(shape.dropLast())
        var idx = [Int](repeating: 0, count: outer.count)
        for r in 0..<rows {
            var o = padding[rank - 1].before
            for d in 0..<outer.count { o += (idx[d] + padding[d].before) * outStrides[d] }
            (out.storage.pointer + o).update(from: storage.pointer + r * inner, count: inner)
            var d = outer.count - 1
            while d >= 0 {
                idx[d] += 1
                if idx[d] < outer[d] { break }
                idx[d] = 0
                d -= 1
            }
        }
        return out
    }

    /// Picks `indices` along `axis` (like `torch.index_select`); indices may repeat.
    public func indexSelect(alongAxis axis: Int, _ indices: [Int]) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "indexSelect")
        if let bad = indices.first(where: { $0 < 0 || $0 >= shape[a] }) {
            throw TensorError.invalidArgument(op: "indexSelect", message: "index \(bad) is outside 0..<\(shape[a])")
        }
        let (outer, size, inner) = Shape.split(shape, axis: a)
        var newShape = shape
        newShape[a] = indices.count
        var out = Tensor(uninitializedShape: newShape)
        for o in 0..<outer {
            for (k, i) in indices.enumerated() {
                (out.storage.pointer + (o * indices.count + k) * inner).update(from: storage.pointer + (o * size + i) * inner, count: inner)
            }
        }
        return out
    }

    /// `out[i] = self[i, index[i]]` for a [N, C] tensor and N indices (e.g. the logit of each label).
    public func gather(rows index: IndexTensor) throws -> Tensor {
        guard rank == 2, index.count == shape[0] else {
            throw TensorError.shapeMismatch(op: "gather", shapes: [shape, index.shape], expected: "a [N, C] tensor and N indices")
        }
        var out = Tensor(uninitializedShape: [shape[0]])
        for (i, c) in index.values.enumerated() {
            guard c >= 0 && c < shape[1] else {
                throw TensorError.invalidArgument(op: "gather", message: "index \(c) at row \(i) is outside 0..<\(shape[1])")
            }
            out.storage.pointer[i] = storage.pointer[i * shape[1] + c]
        }
        return out
    }

    /// One-hot rows: `[labels.count, classes]` with a 1 at each label.
    public static func oneHot(_ labels: IndexTensor, classes: Int) throws -> Tensor {
        var out = Tensor(zeros: labels.shape + [classes])
        for (i, c) in labels.values.enumerated() {
            guard c >= 0 && c < classes else {
                throw TensorError.invalidArgument(op: "oneHot", message: "label \(c) is outside 0..<\(classes)")
            }
            out.storage.pointer[i * classes + c] = 1
        }
        return out
    }
}
