/// A window that passed every stage, in the scaled image's pixels.
struct CascadeHit: Sendable {
    var x: Int32
    var y: Int32
}

/// The cascade rearranged for scanning: scale-independent parts laid out once, the
/// integral-image offsets laid out per scale. Evaluation follows OpenCV's
/// `cascadedetect.cpp` so published thresholds keep their meaning.
struct CascadeEvaluator: Sendable {
    let cascade: CascadeClassifier
    /// Stage thresholds lowered by OpenCV's `THRESHOLD_EPS`, so borderline windows
    /// decide as they do in OpenCV.
    let stageThresholds: [Float]
    /// Exclusive end of each stage in `trees` (also in `stumpValues` when stump-based).
    let stageEnds: [Int32]
    let stumpBased: Bool
    /// Stump path, per weak classifier: feature index.
    let stumpFeatures: [Int32]
    /// Stump path, per weak classifier: threshold, left leaf, right leaf.
    let stumpValues: [Float]
    /// Haar: per feature, three weights (0 for a missing third rectangle).
    let haarWeights: [Float]

    static let thresholdEpsilon: Float = 1e-5

    init(_ cascade: CascadeClassifier) {
        self.cascade = cascade
        stageThresholds = cascade.stages.map { $0.threshold - Self.thresholdEpsilon }
        stageEnds = cascade.stages.map { Int32($0.trees.upperBound) }
        stumpBased = cascade.isStumpBased
        var features: [Int32] = [], values: [Float] = []
        if stumpBased {
            for t in cascade.trees {
                let n = cascade.nodes[t.firstNode]
                features.append(n.feature)
                values += [n.threshold, cascade.leaves[t.firstLeaf], cascade.leaves[t.firstLeaf + 1]]
            }
        }
        stumpFeatures = features
        stumpValues = values
        var weights: [Float] = []
        for f in cascade.haarFeatures {
            for r in 0..<3 { weights.append(r < f.rects.count ? f.rects[r].weight : 0) }
        }
        haarWeights = weights
    }

    /// Integral-image offsets of every feature for a table of row stride `stride`:
    /// Haar, 3 rectangles x 4 corners (a missing rectangle reads offset 0 four times,
    /// which sums to 0); LBP, the 4x4 corner grid of the 3x3 cells.
    func offsets(stride: Int) -> [Int32] {
        var out: [Int32] = []
        switch cascade.kind {
        case .haar:
            out.reserveCapacity(cascade.haarFeatures.count * 12)
            for f in cascade.haarFeatures {
                for r in 0..<3 {
                    guard r < f.rects.count else { out += [0, 0, 0, 0]; continue }
                    let q = f.rects[r]
                    let top = q.y * stride, bottom = (q.y + q.height) * stride
                    out += [top + q.x, top + q.x + q.width, bottom + q.x, bottom + q.x + q.width].map { Int32($0) }
                }
            }
        case .lbp:
            out.reserveCapacity(cascade.lbpFeatures.count * 16)
            for f in cascade.lbpFeatures {
                for r in 0..<4 {
                    for c in 0..<4 { out.append(Int32((f.y + r * f.height) * stride + f.x + c * f.width)) }
                }
            }
        }
        return out
    }

    /// Scans every window of an integral image (of a `width` x `height` scaled image)
    /// at `step` pixels, appending passing windows to `hits`. Follows OpenCV's
    /// shortcut: a window rejected by the first stage skips its right neighbour.
    func scan(sums: UnsafePointer<UInt32>, squares: UnsafePointer<UInt64>, width: Int, height: Int,
              step: Int, hits: inout [CascadeHit]) {
        let ww = cascade.windowWidth, wh = cascade.windowHeight
        guard width >= ww, height >= wh else { return }
        let stride = width + 1
        let offsets = self.offsets(stride: stride)
        // Variance is measured on the window inset by one pixel, as OpenCV does.
        let n0 = stride + 1, n1 = stride + ww - 1, n2 = (wh - 1) * stride + 1, n3 = (wh - 1) * stride + ww - 1
        let normArea = Double((ww - 2) * (wh - 2))
        let kind = cascade.kind, stumpBased = self.stumpBased
        withTables(offsets) { t in
            var y = 0
            while y <= height - wh {
                var x = 0
                while x <= width - ww {
                    let base = y &* stride &+ x
                    let result: Int
                    switch kind {
                    case .haar:
                        let p = sums + base, q = squares + base
                        let valSum = Double(p[n3] &- p[n1] &- p[n2] &+ p[n0])
                        let valSquares = Double(q[n3] &- q[n1] &- q[n2] &+ q[n0])
                        let nf = normArea * valSquares - valSum * valSum
                        // Flat windows (standard deviation <= 10 gray levels) are
                        // refused outright, as in OpenCV.
                        if nf > 0, normArea < 0.1 * nf.squareRoot() {
                            let inv = Float(1 / nf.squareRoot())
                            result = stumpBased ? Self.haarStumps(p, inv, t) : Self.haarTrees(p, inv, t)
                        } else {
                            result = -1
                        }
                    case .lbp:
                        result = Self.lbp(sums + base, t)
                    }
                    if result > 0 { hits.append(CascadeHit(x: Int32(x), y: Int32(y))) }
                    x &+= result == 0 ? 2 &* step : step
                }
                y &+= step
            }
        }
    }

    /// Raw views of every table the window loop reads, taken once per scan.
    private struct Tables {
        var offsets: UnsafePointer<Int32>
        var stageThresholds: UnsafePointer<Float>
        var stageEnds: UnsafePointer<Int32>
        var stageCount: Int
        var stumpFeatures: UnsafePointer<Int32>
        var stumpValues: UnsafePointer<Float>
        var haarWeights: UnsafePointer<Float>
        var trees: UnsafePointer<CascadeClassifier.Tree>
        var nodes: UnsafePointer<CascadeClassifier.Node>
        var leaves: UnsafePointer<Float>
        var subsets: UnsafePointer<Int32>
    }

    private func withTables(_ offsets: [Int32], _ body: (Tables) -> Void) {
        // Empty arrays may hand out a nil base; a dangling-but-unread pointer stands in.
        func base<T>(_ b: UnsafeBufferPointer<T>) -> UnsafePointer<T> {
            b.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<T>.alignment)!
        }
        offsets.withUnsafeBufferPointer { o in
        stageThresholds.withUnsafeBufferPointer { st in
        stageEnds.withUnsafeBufferPointer { se in
        stumpFeatures.withUnsafeBufferPointer { sf in
        stumpValues.withUnsafeBufferPointer { sv in
        haarWeights.withUnsafeBufferPointer { hw in
        cascade.trees.withUnsafeBufferPointer { tr in
        cascade.nodes.withUnsafeBufferPointer { nd in
        cascade.leaves.withUnsafeBufferPointer { lv in
        cascade.subsets.withUnsafeBufferPointer { ss in
            body(Tables(offsets: base(o), stageThresholds: base(st), stageEnds: base(se), stageCount: st.count,
                        stumpFeatures: base(sf), stumpValues: base(sv), haarWeights: base(hw), trees: base(tr),
                        nodes: base(nd), leaves: base(lv), subsets: base(ss)))
        }}}}}}}}}}
    }

    @inline(__always)
    private static func rectSum(_ p: UnsafePointer<UInt32>, _ o: UnsafePointer<Int32>) -> Float {
        Float(Int32(bitPattern: p[Int(o[3])] &- p[Int(o[1])] &- p[Int(o[2])] &+ p[Int(o[0])]))
    }

    @inline(__always)
    private static func haarValue(_ p: UnsafePointer<UInt32>, _ inv: Float, _ f: Int, _ t: Tables) -> Float {
        let o = t.offsets + f &* 12, w = t.haarWeights + f &* 3
        return (w[0] * rectSum(p, o) + w[1] * rectSum(p, o + 4) + w[2] * rectSum(p, o + 8)) * inv
    }

    /// 1 when the window passes; otherwise minus the index of the rejecting stage
    /// (0 for the first stage), as OpenCV's `runAt` reports.
    @inline(__always)
    private static func haarStumps(_ p: UnsafePointer<UInt32>, _ inv: Float, _ t: Tables) -> Int {
        var k = 0
        for s in 0..<t.stageCount {
            let end = Int(t.stageEnds[s])
            var sum: Float = 0
            while k < end {
                let value = haarValue(p, inv, Int(t.stumpFeatures[k]), t)
                let v = t.stumpValues + k &* 3
                sum += value < v[0] ? v[1] : v[2]
                k &+= 1
            }
            if sum < t.stageThresholds[s] { return -s }
        }
        return 1
    }

    private static func haarTrees(_ p: UnsafePointer<UInt32>, _ inv: Float, _ t: Tables) -> Int {
        var k = 0
        for s in 0..<t.stageCount {
            let end = Int(t.stageEnds[s])
            var sum: Float = 0
            while k < end {
                let tree = t.trees[k]
                var n = 0
                while true {
                    let node = t.nodes[tree.firstNode &+ n]
                    let value = haarValue(p, inv, Int(node.feature), t)
                    let next = Int(value < node.threshold ? node.left : node.right)
                    if next <= 0 { sum += t.leaves[tree.firstLeaf &- next]; break }
                    n = next
                }
                k &+= 1
            }
            if sum < t.stageThresholds[s] { return -s }
        }
        return 1
    }

    /// LBP cascades compare each outer cell's sum with the centre cell's; the 8-bit
    /// code picks a branch through the node's category subset. No variance step.
    private static func lbp(_ p: UnsafePointer<UInt32>, _ t: Tables) -> Int {
        @inline(__always) func cell(_ o: UnsafePointer<Int32>, _ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Int32 {
            Int32(bitPattern: p[Int(o[d])] &- p[Int(o[b])] &- p[Int(o[c])] &+ p[Int(o[a])])
        }
        var k = 0
        for s in 0..<t.stageCount {
            let end = Int(t.stageEnds[s])
            var sum: Float = 0
            while k < end {
                let tree = t.trees[k]
                var n = 0
                while true {
                    let node = t.nodes[tree.firstNode &+ n]
                    let o = t.offsets + Int(node.feature) &* 16
                    let centre = cell(o, 5, 6, 9, 10)
                    var code = cell(o, 0, 1, 4, 5) >= centre ? 128 : 0
                    code |= cell(o, 1, 2, 5, 6) >= centre ? 64 : 0
                    code |= cell(o, 2, 3, 6, 7) >= centre ? 32 : 0
                    code |= cell(o, 6, 7, 10, 11) >= centre ? 16 : 0
                    code |= cell(o, 10, 11, 14, 15) >= centre ? 8 : 0
                    code |= cell(o, 9, 10, 13, 14) >= centre ? 4 : 0
                    code |= cell(o, 8, 9, 12, 13) >= centre ? 2 : 0
                    code |= cell(o, 4, 5, 8, 9) >= centre ? 1 : 0
                    let word = t.subsets[Int(node.subset) &+ (code >> 5)]
                    let inSubset = word & (Int32(1) << Int32(code & 31)) != 0
                    let next = Int(inSubset ? node.left : node.right)
                    if next <= 0 { sum += t.leaves[tree.firstLeaf &- next]; break }
                    n = next
                }
                k &+= 1
            }
            if sum < t.stageThresholds[s] { return -s }
        }
        return 1
    }
}
