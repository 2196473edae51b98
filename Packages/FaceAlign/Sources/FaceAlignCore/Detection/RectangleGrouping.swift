/// An integer rectangle, as raw detections come.
struct DetectionRect: Sendable, Equatable {
    var x: Int, y: Int, width: Int, height: Int
}

/// Merges overlapping raw detections the way OpenCV's `groupRectangles` does, so
/// `minNeighbors` means what OpenCV users expect.
enum RectangleGrouping {
    /// Rectangles are "similar" when every edge moves by at most
    /// `eps * (mean of the smaller width and height)`; similarity is closed
    /// transitively into clusters. Clusters of `minNeighbors` or fewer rectangles are
    /// dropped; each other cluster gives its average rectangle, scored by its size.
    /// Then a cluster lying inside a stronger one is dropped.
    /// With `minNeighbors` 0 the raw rectangles come back unmerged, each scored 1.
    static func group(_ rects: [DetectionRect], minNeighbors: Int, eps: Double = 0.2) -> [(DetectionRect, Int)] {
        guard minNeighbors > 0 else { return rects.map { ($0, 1) } }
        let n = rects.count
        guard n > 0 else { return [] }
        // Union-find over the similarity graph.
        var parent = Array(0..<n)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for i in 0..<n {
            for j in (i + 1)..<n where similar(rects[i], rects[j], eps: eps) {
                let a = root(i), b = root(j)
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var label = [Int](repeating: -1, count: n)
        var sums: [(x: Int, y: Int, w: Int, h: Int, count: Int)] = []
        for i in 0..<n {
            let r = root(i)
            if label[r] < 0 { label[r] = sums.count; sums.append((0, 0, 0, 0, 0)) }
            let c = label[r]
            sums[c].x += rects[i].x; sums[c].y += rects[i].y
            sums[c].w += rects[i].width; sums[c].h += rects[i].height
            sums[c].count += 1
        }
        let clusters: [(DetectionRect, Int)] = sums.map { s in
            let k = Double(s.count)
            // OpenCV rounds the mean of each coordinate (saturate_cast<int>).
            func mean(_ v: Int) -> Int { Int((Double(v) / k).rounded(.toNearestOrEven)) }
            return (DetectionRect(x: mean(s.x), y: mean(s.y), width: mean(s.w), height: mean(s.h)), s.count)
        }
        let kept = clusters.filter { $0.1 > minNeighbors }
        var out: [(DetectionRect, Int)] = []
        for (i, (r1, n1)) in kept.enumerated() {
            let inside = kept.enumerated().contains { j, other in
                let (r2, n2) = other
                guard i != j else { return false }
                let dx = Int((Double(r2.width) * eps).rounded(.toNearestOrEven))
                let dy = Int((Double(r2.height) * eps).rounded(.toNearestOrEven))
                return r1.x >= r2.x - dx && r1.y >= r2.y - dy
                    && r1.x + r1.width <= r2.x + r2.width + dx && r1.y + r1.height <= r2.y + r2.height + dy
                    && (n2 > max(3, n1) || n1 < 3)
            }
            if !inside { out.append((r1, n1)) }
        }
        return out
    }

    static func similar(_ a: DetectionRect, _ b: DetectionRect, eps: Double) -> Bool {
        let delta = eps * Double(min(a.width, b.width) + min(a.height, b.height)) * 0.5
        return Double(abs(a.x - b.x)) <= delta && Double(abs(a.y - b.y)) <= delta
            && Double(abs(a.x + a.width - b.x - b.width)) <= delta
            && Double(abs(a.y + a.height - b.y - b.height)) <= delta
    }
}
