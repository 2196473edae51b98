/// A fitted tree as flat arrays, one entry per node in depth-first (pre-)order, plus one
/// buffer of leaf values. Flat arrays keep prediction a tight loop over a few cache lines
/// and make the tree trivially serialisable.
///
/// Node `i` is a leaf when `feature[i] < 0`; its values are
/// `values[valueOffset[i] ..< valueOffset[i] + outputCount]` (class probabilities or the
/// mean target). An inner node sends `x` left when `x[feature[i]] <= threshold[i]`
/// (NaN goes right). Children always come after their parent, which makes every walk end.
public struct TreeNodes: Sendable, Equatable {
    public internal(set) var feature: [Int32] = []
    public internal(set) var threshold: [Float] = []
    public internal(set) var left: [Int32] = []
    public internal(set) var right: [Int32] = []
    public internal(set) var valueOffset: [Int32] = []
    public internal(set) var values: [Float] = []
    /// Values per leaf: classes (classification) or outputs (regression).
    public let outputCount: Int

    public var nodeCount: Int { feature.count }
    public var leafCount: Int { feature.lazy.filter { $0 < 0 }.count }

    init(outputCount: Int) { self.outputCount = outputCount }

    init(feature: [Int32], threshold: [Float], left: [Int32], right: [Int32], valueOffset: [Int32], values: [Float], outputCount: Int) {
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.valueOffset = valueOffset
        self.values = values
        self.outputCount = outputCount
    }

    /// Maximum root-to-leaf depth (a lone leaf has depth 0).
    public var depth: Int {
        guard nodeCount > 0 else { return 0 }
        var depths = [Int](repeating: 0, count: nodeCount)
        var deepest = 0
        for i in 0..<nodeCount where feature[i] >= 0 {
            depths[Int(left[i])] = depths[i] + 1
            depths[Int(right[i])] = depths[i] + 1
            deepest = max(deepest, depths[i] + 1)
        }
        return deepest
    }

    mutating func appendNode() -> Int {
        feature.append(-1)
        threshold.append(0)
        left.append(-1)
        right.append(-1)
        valueOffset.append(-1)
        return feature.count - 1
    }

    /// The leaf `x` reaches; `value(f)` reads feature `f` of the sample.
    @inline(__always)
    func leaf(_ value: (Int) -> Float) -> Int {
        feature.withUnsafeBufferPointer { feature in
            threshold.withUnsafeBufferPointer { threshold in
                left.withUnsafeBufferPointer { left in
                    right.withUnsafeBufferPointer { right in
                        var i = 0
                        while true {
                            let f = feature[i]
                            if f < 0 { return i }
                            i = Int(value(Int(f)) <= threshold[i] ? left[i] : right[i])
                        }
                    }
                }
            }
        }
    }

    /// The leaf values (probabilities or mean target) for one dense row of features.
    public func predict(row: UnsafeBufferPointer<Float>) -> ArraySlice<Float> {
        let node = leaf { row[$0] }
        let start = Int(valueOffset[node])
        return values[start..<start + outputCount]
    }
}

/// A read-only view of a tree's arrays for the prediction loops of a whole forest, so the
/// per-sample walk touches raw pointers only (no retain/release, no bounds checks).
struct TreeView {
    let feature: UnsafePointer<Int32>
    let threshold: UnsafePointer<Float>
    let left: UnsafePointer<Int32>
    let right: UnsafePointer<Int32>
    let valueOffset: UnsafePointer<Int32>
    let values: UnsafePointer<Float>

    @inline(__always)
    func leaf(row: UnsafePointer<Float>) -> Int {
        var i = 0
        while true {
            let f = feature[i]
            if f < 0 { return i }
            i = Int(row[Int(f)] <= threshold[i] ? left[i] : right[i])
        }
    }

    @inline(__always)
    func leaf<S: FeatureSource>(source: S, sample: Int) -> Int {
        var i = 0
        while true {
            let f = feature[i]
            if f < 0 { return i }
            i = Int(source.value(sample: sample, feature: Int(f)) <= threshold[i] ? left[i] : right[i])
        }
    }
}

extension Array where Element == TreeNodes {
    /// Runs `body` with pointer views of every tree, valid only inside `body`. The arrays are
    /// copied into one buffer this call owns, since an array's storage pointer is only
    /// promised inside its own `withUnsafeBufferPointer`; the copy is a memcpy of the model,
    /// small beside a prediction pass.
    func withViews<R>(_ body: ([TreeView]) throws -> R) rethrows -> R {
        // Every array holds 4-byte scalars (Int32 or Float), so one 4-aligned buffer fits all.
        let total = reduce(0) { $0 + 5 * $1.feature.count + $1.values.count }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(total, 1) * 4, alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        func place<T>(_ array: [T]) -> UnsafePointer<T> {
            let target = buffer.advanced(by: offset * 4)
            array.withUnsafeBytes { target.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            offset += array.count
            return UnsafePointer(target.assumingMemoryBound(to: T.self))
        }
        var views: [TreeView] = []
        views.reserveCapacity(count)
        for t in self {
            views.append(TreeView(feature: place(t.feature), threshold: place(t.threshold), left: place(t.left),
                                  right: place(t.right), valueOffset: place(t.valueOffset), values: place(t.values)))
        }
        return try body(views)
    }
}
