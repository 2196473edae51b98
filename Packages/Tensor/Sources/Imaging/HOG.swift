import Tensor

/// Settings of a HOG descriptor; the defaults are Dalal & Triggs' (CVPR 2005).
public struct HOGParameters: Sendable, Equatable {
    /// Cell side in pixels.
    public var cellSize: Int
    /// Block side in cells.
    public var blockSize: Int
    /// Step between blocks, in cells (1: blocks overlap, each cell is normalised
    /// in several contexts, which is what made HOG robust to lighting).
    public var blockStride: Int
    /// Orientation bins over 180° (unsigned) or 360° (signed).
    public var bins: Int
    /// Whether gradient direction matters (a dark-to-light and a light-to-dark
    /// edge fall in the same bin when unsigned; best for faces and people).
    public var signedOrientation: Bool
    /// L2-Hys clipping threshold: no single gradient direction dominates a block.
    public var clip: Float
    /// Regulariser of the block norm; keeps flat regions at zero instead of noise.
    public var epsilon: Float

    public init(cellSize: Int = 8, blockSize: Int = 2, blockStride: Int = 1, bins: Int = 9,
                signedOrientation: Bool = false, clip: Float = 0.2, epsilon: Float = 1e-5) {
        self.cellSize = cellSize
        self.blockSize = blockSize
        self.blockStride = blockStride
        self.bins = bins
        self.signedOrientation = signedOrientation
        self.clip = clip
        self.epsilon = epsilon
    }
}

/// Histograms of oriented gradients (Dalal & Triggs).
///
/// 1. Gradients with the centred [-1, 0, 1] filter (edges replicated); on colour
///    images each pixel takes the channel with the strongest gradient.
/// 2. Each pixel votes its gradient magnitude into its cell's histogram, split
///    linearly between the two nearest orientation bins. Bin k is centred at
///    k·180°/bins (unsigned), so bin 0 holds horizontal gradients (vertical
///    edges). Pixels vote only into their own cell (no spatial interpolation).
/// 3. Blocks of blockSize x blockSize cells, every blockStride cells, are
///    L2-Hys normalised: L2, clip at `clip`, L2 again.
///
/// Pixels beyond the last whole cell (right and bottom) are ignored.
///
/// ```swift
/// let hog = try HOG()                                  // 8px cells, 2x2 blocks, 9 bins
/// let d = try hog.descriptor(gray)                     // [blocksY, blocksX, 36]
/// let f = try hog.descriptors(gray, at: landmarks, patchSize: 32)   // [68, 324]
/// ```
public struct HOG: Sendable {
    public let parameters: HOGParameters

    public init(_ parameters: HOGParameters = HOGParameters()) throws {
        let p = parameters
        guard p.cellSize >= 1, p.blockSize >= 1, p.blockStride >= 1, p.bins >= 2 else {
            throw TensorError.invalidArgument(op: "HOG", message: "cellSize, blockSize and blockStride must be at least 1 and bins at least 2, got \(p)")
        }
        guard p.clip > 0, p.epsilon >= 0, p.clip.isFinite, p.epsilon.isFinite else {
            throw TensorError.invalidArgument(op: "HOG", message: "clip must be positive and epsilon non-negative, got clip \(p.clip), epsilon \(p.epsilon)")
        }
        self.parameters = parameters
    }

    /// Cells and blocks that fit in a height x width image.
    public func grid(height: Int, width: Int) -> (cellsY: Int, cellsX: Int, blocksY: Int, blocksX: Int) {
        let p = parameters
        let cy = height / p.cellSize, cx = width / p.cellSize
        let by = cy >= p.blockSize ? (cy - p.blockSize) / p.blockStride + 1 : 0
        let bx = cx >= p.blockSize ? (cx - p.blockSize) / p.blockStride + 1 : 0
        return (cy, cx, by, bx)
    }

    /// Values per block: blockSize² · bins.
    public var blockLength: Int { parameters.blockSize * parameters.blockSize * parameters.bins }

    /// Length of the flattened descriptor of a height x width image.
    public func descriptorLength(height: Int, width: Int) -> Int {
        let g = grid(height: height, width: width)
        return g.blocksY * g.blocksX * blockLength
    }

    /// Per-cell orientation histograms (before block normalisation) of a
    /// `[H, W]` or `[C, H, W]` image: `[cellsY, cellsX, bins]`.
    public func cellHistograms(_ image: Tensor) throws -> Tensor {
        let (c, h, w) = try imageShape(image, op: "HOG.cellHistograms")
        let g = grid(height: h, width: w)
        guard g.cellsY >= 1, g.cellsX >= 1 else { throw tooSmall(h, w, op: "HOG.cellHistograms", needCells: 1) }
        var out = Tensor(zeros: [g.cellsY, g.cellsX, parameters.bins])
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { hist in
                accumulateCellsInParallel(src.baseAddress!, channels: c, height: h, width: w, into: hist.baseAddress!)
            }
        }
        return out
    }

    /// The normalised descriptor of a `[H, W]` or `[C, H, W]` image:
    /// `[blocksY, blocksX, blockSize·blockSize·bins]` (reshape to flatten).
    public func descriptor(_ image: Tensor) throws -> Tensor {
        let (c, h, w) = try imageShape(image, op: "HOG.descriptor")
        let g = grid(height: h, width: w)
        guard g.blocksY >= 1, g.blocksX >= 1 else { throw tooSmall(h, w, op: "HOG.descriptor", needCells: parameters.blockSize) }
        var out = Tensor(uninitializedShape: [g.blocksY, g.blocksX, blockLength])
        var cells = [Float](repeating: 0, count: g.cellsY * g.cellsX * parameters.bins)
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                cells.withUnsafeMutableBufferPointer { hist in
                    accumulateCellsInParallel(src.baseAddress!, channels: c, height: h, width: w, into: hist.baseAddress!)
                    normalizeBlocks(hist.baseAddress!, cellsY: g.cellsY, cellsX: g.cellsX, into: dst.baseAddress!)
                }
            }
        }
        return out
    }

    /// One flattened descriptor per point, each computed on a patchSize x patchSize
    /// patch centred there (see `ImageOps.samplePatches` for `scale` and borders):
    /// `[N, descriptorLength(patchSize, patchSize)]`. The shape-indexed features
    /// of forest-based landmark methods.
    public func descriptors(_ image: Tensor, at centers: [SIMD2<Float>], patchSize: Int, scale: Float = 1,
                            border: ImageOps.Border = .replicate) throws -> Tensor {
        _ = try imageShape(image, op: "HOG.descriptors")
        let g = grid(height: patchSize, width: patchSize)
        guard g.blocksY >= 1, g.blocksX >= 1 else { throw tooSmall(patchSize, patchSize, op: "HOG.descriptors", needCells: parameters.blockSize) }
        let patches = try ImageOps.samplePatches(image, centers: centers, height: patchSize, width: patchSize, scale: scale, border: border)
        let channels = image.rank == 3 ? image.shape[0] : 1
        let length = descriptorLength(height: patchSize, width: patchSize)
        let patchCount = channels * patchSize * patchSize
        let cellCount = g.cellsY * g.cellsX * parameters.bins
        var out = Tensor(uninitializedShape: [centers.count, length])
        patches.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                Parallel.forRanges(centers.count, grain: ImageOps.rowGrain(patchCount * 8)) { n0, n1 in
                    var cells = [Float](repeating: 0, count: cellCount)
                    cells.withUnsafeMutableBufferPointer { hist in
                        for n in n0..<n1 {
                            hist.update(repeating: 0)
                            accumulateCells(src.baseAddress! + n &* patchCount, channels: channels, height: patchSize,
                                            width: patchSize, cellRows: 0..<g.cellsY, into: hist.baseAddress!)
                            normalizeBlocks(hist.baseAddress!, cellsY: g.cellsY, cellsX: g.cellsX, into: dst.baseAddress! + n &* length)
                        }
                    }
                }
            }
        }
        return out
    }

    private func imageShape(_ image: Tensor, op: String) throws -> (Int, Int, Int) {
        switch image.rank {
        case 2: return (1, image.shape[0], image.shape[1])
        case 3 where image.shape[0] >= 1: return (image.shape[0], image.shape[1], image.shape[2])
        default: throw TensorError.shapeMismatch(op: op, shapes: [image.shape], expected: "one image, [H, W] or [C, H, W]")
        }
    }

    private func tooSmall(_ h: Int, _ w: Int, op: String, needCells: Int) -> TensorError {
        let side = needCells * parameters.cellSize
        return TensorError.invalidArgument(op: op, message: "a \(w)x\(h) image is smaller than one \(side)x\(side)-pixel block "
            + "(\(needCells)x\(needCells) cells of \(parameters.cellSize) px); use a larger image or smaller cells")
    }

    /// Splits the image into bands of whole cell rows: each band writes only its
    /// own cells, so the bands run in parallel without sharing anything.
    private func accumulateCellsInParallel(_ src: UnsafePointer<Float>, channels: Int, height h: Int, width w: Int,
                                           into hist: UnsafeMutablePointer<Float>) {
        let cell = parameters.cellSize
        let pixelsPerCellRow = cell * (w / cell) * channels
        Parallel.forRanges(h / cell, grain: ImageOps.rowGrain(pixelsPerCellRow * 4)) { first, last in
            accumulateCells(src, channels: channels, height: h, width: w, cellRows: first..<last, into: hist)
        }
    }

    /// Adds the votes of every pixel in `cellRows` to `hist` ([cellsY, cellsX, bins],
    /// zeroed by the caller).
    private func accumulateCells(_ src: UnsafePointer<Float>, channels: Int, height h: Int, width w: Int,
                                 cellRows: Range<Int>, into hist: UnsafeMutablePointer<Float>) {
        let (cell, bins) = (parameters.cellSize, parameters.bins)
        let cellsX = w / cell, usedW = cellsX * cell
        let signed = parameters.signedOrientation
        let period: Float = signed ? 2 * .pi : .pi
        let binsPerRadian = Float(bins) / period
        let plane = h &* w
        for y in (cellRows.lowerBound * cell)..<(cellRows.upperBound * cell) {
            let up = (y > 0 ? y &- 1 : 0) &* w, down = (y &+ 1 < h ? y &+ 1 : y) &* w, row = y &* w
            let cellRow = hist + (y / cell) &* cellsX &* bins
            for x in 0..<usedW {
                let left = x > 0 ? x &- 1 : 0, right = x &+ 1 < w ? x &+ 1 : x
                var gx: Float = 0, gy: Float = 0, m2: Float = -1
                for c in 0..<channels {
                    let p = src + c &* plane
                    let dx = p[row &+ right] - p[row &+ left], dy = p[down &+ x] - p[up &+ x]
                    let m = dx * dx + dy * dy
                    if m > m2 { (gx, gy, m2) = (dx, dy, m) }
                }
                guard m2 > 0 else { continue }
                // Unsigned: fold the gradient into the upper half-plane before atan2,
                // so opposite gradients get bit-identical angles (adding a rounded
                // pi afterwards would not).
                if !signed && (gy < 0 || (gy == 0 && gx < 0)) { (gx, gy) = (-gx, -gy) }
                var angle = Self.atan2(gy, gx)
                if angle < 0 { angle += period }
                let position = angle * binsPerRadian
                var b0 = Int(position)
                let frac = position - Float(b0)
                if b0 >= bins { b0 -= bins }  // an angle a rounding step below the period
                let b1 = b0 &+ 1 == bins ? 0 : b0 &+ 1
                let magnitude = m2.squareRoot()
                let h = cellRow + (x / cell) &* bins
                h[b0] += magnitude * (1 - frac)
                h[b1] += magnitude * frac
            }
        }
    }

    /// atan2 to within 1.2e-5 radians (Hastings' polynomial for atan on [0, 1]),
    /// several times cheaper than libm's; the error moves a vote by 3e-5 of a bin.
    /// Exact on the axes, so axis-aligned gradients land exactly on their bins.
    @inline(__always)
    static func atan2(_ y: Float, _ x: Float) -> Float {
        let ax = abs(x), ay = abs(y)
        let big = Swift.max(ax, ay)
        guard big > 0 else { return 0 }
        let t = Swift.min(ax, ay) / big, t2 = t * t
        var a = t * (0.999_866_0 + t2 * (-0.330_299_5 + t2 * (0.180_141_0 + t2 * (-0.085_133_0 + t2 * 0.020_835_1))))
        if ay > ax { a = .pi / 2 - a }
        if x < 0 { a = .pi - a }
        return y < 0 ? -a : a
    }

    /// L2-Hys over every block, written block after block.
    private func normalizeBlocks(_ hist: UnsafePointer<Float>, cellsY: Int, cellsX: Int, into out: UnsafeMutablePointer<Float>) {
        let p = parameters
        let g = grid(height: cellsY * p.cellSize, width: cellsX * p.cellSize)
        let (bins, length, eps2) = (p.bins, blockLength, p.epsilon * p.epsilon)
        for by in 0..<g.blocksY {
            for bx in 0..<g.blocksX {
                let v = out + (by &* g.blocksX &+ bx) &* length
                var k = 0
                for cy in 0..<p.blockSize {
                    for cx in 0..<p.blockSize {
                        let cellHist = hist + ((by &* p.blockStride &+ cy) &* cellsX &+ bx &* p.blockStride &+ cx) &* bins
                        for b in 0..<bins { v[k] = cellHist[b]; k &+= 1 }
                    }
                }
                var sum: Float = 0
                for i in 0..<length { sum += v[i] * v[i] }
                var inverse = 1 / (sum + eps2).squareRoot()
                sum = 0
                for i in 0..<length {
                    let clipped = Swift.min(v[i] * inverse, p.clip)
                    v[i] = clipped
                    sum += clipped * clipped
                }
                guard sum > 0 else { continue }  // a flat block stays exactly zero
                inverse = 1 / (sum + eps2).squareRoot()
                for i in 0..<length { v[i] *= inverse }
            }
        }
    }
}
