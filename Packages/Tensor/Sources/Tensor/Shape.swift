/// Shape arithmetic shared by the kernels.
enum Shape {
    /// Row-major strides of a contiguous tensor.
    static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc *= shape[i]
        }
        return s
    }

    /// NumPy broadcasting: align trailing dimensions; each pair equal or one of them 1.
    static func broadcast(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
        let n = max(a.count, b.count)
        var out = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            guard da == db || da == 1 || db == 1 else {
                throw TensorError.shapeMismatch(op: op, shapes: [a, b],
                                                expected: "broadcastable (each trailing dimension equal or 1)")
            }
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Normalises a possibly negative axis.
    static func axis(_ axis: Int, rank: Int, op: String) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < rank else { throw TensorError.invalidAxis(op: op, axis: axis, rank: rank) }
        return a
    }

    /// Splits a shape around `axis` into (outer, size, inner) element counts.
    static func split(_ shape: [Int], axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }
}
