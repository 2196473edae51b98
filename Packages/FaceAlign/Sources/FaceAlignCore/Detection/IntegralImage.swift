/// Summed-area tables of an 8-bit gray image: any rectangle's sum, and sum of
/// squares, in four reads.
///
/// Both tables have `(width + 1) * (height + 1)` entries with a zero first row and
/// column, so entry (x, y) is the sum over pixels `0 ..< x` across and `0 ..< y` down,
/// as OpenCV's `integral` lays them out.
///
/// Sums are stored as `UInt32` and combined with wrapping arithmetic: the table itself
/// may wrap past 2^32 on a large image, but a rectangle's sum comes out exact whenever
/// the true sum is below 2^32, which every rectangle under 16.8 million pixels is. The
/// detector only reads rectangles inside a small window, and half-width tables keep
/// its hot loop in cache. Squares are `UInt64`: exact for any image Facet decodes.
public struct IntegralImage: Sendable {
    public let width: Int
    public let height: Int
    public private(set) var sums: [UInt32]
    public private(set) var squares: [UInt64]

    /// Tables of a `width` x `height` gray image stored row-major in `pixels`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height,
                     "IntegralImage: \(pixels.count) pixels for a \(width)x\(height) image")
        self.width = width
        self.height = height
        let count = (width + 1) * (height + 1)
        sums = [UInt32](repeating: 0, count: count)
        squares = [UInt64](repeating: 0, count: count)
        pixels.withUnsafeBufferPointer { src in
            sums.withUnsafeMutableBufferPointer { s in
                squares.withUnsafeMutableBufferPointer { q in
                    Self.compute(src.baseAddress!, width: width, height: height, sums: s.baseAddress!, squares: q.baseAddress!)
                }
            }
        }
    }

    /// Sum of pixels in columns `x ..< x + width`, rows `y ..< y + height`.
    public func sum(x: Int, y: Int, width w: Int, height h: Int) -> Int {
        let (a, b, c, d) = corners(x: x, y: y, width: w, height: h)
        return Int(sums[d] &- sums[b] &- sums[c] &+ sums[a])
    }

    /// Sum of squared pixels over the same rectangle.
    public func squaredSum(x: Int, y: Int, width w: Int, height h: Int) -> Int {
        let (a, b, c, d) = corners(x: x, y: y, width: w, height: h)
        return Int(squares[d] &- squares[b] &- squares[c] &+ squares[a])
    }

    private func corners(x: Int, y: Int, width w: Int, height h: Int) -> (Int, Int, Int, Int) {
        precondition(x >= 0 && y >= 0 && w >= 0 && h >= 0 && x + w <= width && y + h <= height,
                     "rectangle (\(x), \(y), \(w), \(h)) outside a \(width)x\(height) image")
        let stride = width + 1
        return (y * stride + x, y * stride + x + w, (y + h) * stride + x, (y + h) * stride + x + w)
    }

    /// Fills both tables (each `(width + 1) * (height + 1)`, row stride `width + 1`)
    /// from `pixels` (row stride `width`). Shared with the detector's per-scale buffers.
    static func compute(_ pixels: UnsafePointer<UInt8>, width: Int, height: Int,
                        sums: UnsafeMutablePointer<UInt32>, squares: UnsafeMutablePointer<UInt64>) {
        let stride = width &+ 1
        for x in 0..<stride { sums[x] = 0; squares[x] = 0 }
        for y in 0..<height {
            let row = pixels + y &* width
            let above = y &* stride, here = above &+ stride
            sums[here] = 0
            squares[here] = 0
            var rowSum: UInt32 = 0
            var rowSquares: UInt64 = 0
            for x in 0..<width {
                let v = UInt32(row[x])
                rowSum &+= v
                rowSquares &+= UInt64(v &* v)
                sums[here &+ x &+ 1] = sums[above &+ x &+ 1] &+ rowSum
                squares[here &+ x &+ 1] = squares[above &+ x &+ 1] &+ rowSquares
            }
        }
    }
}
