/// A dense Float32 tensor: a shape and contiguous row-major storage.
///
/// Value semantics with copy-on-write: copies share storage until one is written.
/// `reshaped` is free; `transposed`/`permuted` copy (every tensor stays contiguous,
/// which keeps every kernel simple and fast). Batches of images are NCHW.
///
/// ```swift
/// let a = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// let b = try a + Tensor([10, 20, 30])        // broadcasts over rows
/// let c = try a.matmul(b.transposed())         // [2, 2], on OpenBLAS
/// ```
public struct Tensor: Sendable {
    public private(set) var shape: [Int]
    @usableFromInline var storage: TensorStorage

    /// A tensor of `shape` with every element `value`.
    public init(shape: [Int], repeating value: Float) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        self.shape = shape
        storage = TensorStorage(count: shape.reduce(1, *))
        storage.pointer.initialize(repeating: value, count: storage.count)
    }

    public init(zeros shape: [Int]) { self.init(shape: shape, repeating: 0) }
    public init(ones shape: [Int]) { self.init(shape: shape, repeating: 1) }

    /// Wraps `scalars` (row-major) in `shape`; throws when the counts differ.
    public init(shape: [Int], scalars: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.invalidArgument(op: "Tensor(shape:scalars:)", message: "negative dimension in shape \(shape)")
        }
        let n = shape.reduce(1, *)
        guard n == scalars.count else {
            throw TensorError.shapeMismatch(op: "Tensor(shape:scalars:)", shapes: [shape, [scalars.count]],
                                            expected: "shape \(shape) holds \(n) elements but \(scalars.count) scalars were given")
        }
        self.init(uninitializedShape: shape)
        scalars.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: n) }
    }

    /// A rank-1 tensor.
    public init(_ scalars: [Float]) {
        try! self.init(shape: [scalars.count], scalars: scalars)
    }

    /// A rank-0 tensor holding one value.
    public init(scalar: Float) {
        self.init(shape: [], repeating: scalar)
    }

    /// Storage whose contents the caller must fully write before reading.
    public init(uninitializedShape shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        self.shape = shape
        storage = TensorStorage(count: shape.reduce(1, *))
    }

    init(shape: [Int], storage: TensorStorage) {
        self.shape = shape
        self.storage = storage
    }

    public var rank: Int { shape.count }
    public var count: Int { storage.count }
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: storage.pointer, count: count)) }

    /// The single value of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "scalar of a tensor with \(count) elements (shape \(shape))")
        return storage.pointer[0]
    }

    /// Element at a full index, e.g. `t[0, 2, 1]`.
    public subscript(indices: Int...) -> Float {
        get { storage.pointer[flatIndex(indices)] }
        set {
            let i = flatIndex(indices)
            makeUnique()
            storage.pointer[i] = newValue
        }
    }

    func flatIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == rank, "index \(indices) for a tensor of rank \(rank)")
        var flat = 0
        for (i, d) in zip(indices, shape) {
            precondition(i >= 0 && i < d, "index \(indices) out of bounds for shape \(shape)")
            flat = flat * d + i
        }
        return flat
    }

    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
    }

    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = TensorStorage(count: storage.count)
            copy.pointer.update(from: storage.pointer, count: storage.count)
            storage = copy
        }
    }

    /// The same elements under another shape; one dimension may be -1 (inferred). Free.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var dims = newShape
        let unknown = dims.indices.filter { dims[$0] == -1 }
        guard unknown.count <= 1, dims.allSatisfy({ $0 >= -1 }) else {
            throw TensorError.invalidArgument(op: "reshaped", message: "shape \(newShape) may hold at most one -1 and no other negative size")
        }
        let known = dims.filter { $0 != -1 }.reduce(1, *)
        if let u = unknown.first {
            guard known > 0, count % known == 0 else {
                throw TensorError.shapeMismatch(op: "reshaped", shapes: [shape, newShape],
                                                expected: "\(count) elements cannot be split by \(known)")
            }
            dims[u] = count / known
        }
        guard dims.reduce(1, *) == count else {
            throw TensorError.shapeMismatch(op: "reshaped", shapes: [shape, newShape],
                                            expected: "the same number of elements (\(count))")
        }
        return Tensor(shape: dims, storage: storage)
    }

    /// Whether the two tensors hold the same storage (for tests of copy-on-write).
    public func sharesStorage(with other: Tensor) -> Bool { storage === other.storage }
}

extension Tensor: Equatable {
    /// Same shape and bit-identical values (NaN != NaN, as for Float).
    public static func == (a: Tensor, b: Tensor) -> Bool {
        guard a.shape == b.shape else { return false }
        if a.storage === b.storage { return true }
        for i in 0..<a.count where a.storage.pointer[i] != b.storage.pointer[i] { return false }
        return true
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(64).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 64 ? ", ..." : "")])"
    }
}
