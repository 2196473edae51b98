/// A tensor of integer indices: class labels, argmax results, gather indices.
public struct IndexTensor: Hashable, Sendable, CustomStringConvertible {
    public let shape: [Int]
    public let values: [Int]

    public init(shape: [Int], values: [Int]) throws {
        guard shape.reduce(1, *) == values.count, shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.shapeMismatch(op: "IndexTensor", shapes: [shape, [values.count]],
                                            expected: "as many values as the shape holds")
        }
        self.shape = shape
        self.values = values
    }

    /// A rank-1 index tensor.
    public init(_ values: [Int]) {
        shape = [values.count]
        self.values = values
    }

    public var count: Int { values.count }
    public var description: String { "IndexTensor(shape: \(shape), \(values.prefix(64)))" }
}
