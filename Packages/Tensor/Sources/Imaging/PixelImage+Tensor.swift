import Tensor

/// Conversions between stored samples and Float32 tensors with values in 0...1.
///
/// Facet's float image operations take CHW (`[C, H, W]`, or NCHW batches), the
/// layout networks use; HWC exists only at the I/O edge for code that wants
/// interleaved pixels.
extension PixelImage {
    /// The samples as `[C, H, W]`, each divided by `maxSampleValue` (exactly:
    /// values equal numpy's `x / 255.0` bit for bit).
    public func chwTensor() -> Tensor {
        var out = Tensor(uninitializedShape: [channels, height, width])
        out.withUnsafeMutableBufferPointer { dst in convert(into: dst.baseAddress!, planar: true) }
        return out
    }

    /// The samples as `[H, W, C]` (the stored order), each divided by `maxSampleValue`.
    public func hwcTensor() -> Tensor {
        var out = Tensor(uninitializedShape: [height, width, channels])
        out.withUnsafeMutableBufferPointer { dst in convert(into: dst.baseAddress!, planar: false) }
        return out
    }

    /// 8-bit samples go through a table of the 256 exact quotients (a gather is
    /// much cheaper than a division); 16-bit samples are divided.
    private func convert(into d: UnsafeMutablePointer<Float>, planar: Bool) {
        let (c, plane, is8) = (channels, width * height, bitDepth == 8)
        let outer = planar ? c : 1, stride = planar ? c : 1, count = planar ? plane : plane * c
        bytes.withUnsafeBytes { raw in
            Self.unitTable8.withUnsafeBufferPointer { table in
                let lut = table.baseAddress!
                Parallel.forRanges(count) { start, end in
                    for k in 0..<outer {
                        let o = d + k &* count
                        if is8 {
                            let s = raw.bindMemory(to: UInt8.self).baseAddress! + k
                            for i in start..<end { o[i] = lut[Int(s[i &* stride])] }
                        } else {
                            let s = raw.bindMemory(to: UInt16.self).baseAddress! + k
                            for i in start..<end { o[i] = Float(s[i &* stride]) / 65535 }
                        }
                    }
                }
            }
        }
    }

    private static let unitTable8: [Float] = (0...255).map { Float($0) / 255 }

    /// Quantises a `[C, H, W]` (or `[H, W]`, gray) tensor of values in 0...1:
    /// values are clamped to 0...1 (NaN becomes 0) and rounded to the nearest level.
    public init(chw tensor: Tensor, bitDepth: Int = 8) throws {
        let s = tensor.shape
        guard s.count == 3 || s.count == 2 else {
            throw TensorError.shapeMismatch(op: "PixelImage(chw:)", shapes: [s], expected: "[C, H, W] or [H, W]")
        }
        let (c, h, w) = s.count == 3 ? (s[0], s[1], s[2]) : (1, s[0], s[1])
        try self.init(quantizing: tensor, width: w, height: h, channels: c, bitDepth: bitDepth, planar: true)
    }

    /// Quantises an `[H, W, C]` (or `[H, W]`) tensor; as `init(chw:bitDepth:)`.
    public init(hwc tensor: Tensor, bitDepth: Int = 8) throws {
        let s = tensor.shape
        guard s.count == 3 || s.count == 2 else {
            throw TensorError.shapeMismatch(op: "PixelImage(hwc:)", shapes: [s], expected: "[H, W, C] or [H, W]")
        }
        let (h, w, c) = s.count == 3 ? (s[0], s[1], s[2]) : (s[0], s[1], 1)
        try self.init(quantizing: tensor, width: w, height: h, channels: c, bitDepth: bitDepth, planar: false)
    }

    private init(quantizing tensor: Tensor, width: Int, height: Int, channels: Int, bitDepth: Int, planar: Bool) throws {
        try Self.validate(width: width, height: height, channels: channels, bitDepth: bitDepth,
                          op: planar ? "PixelImage(chw:)" : "PixelImage(hwc:)")
        let (c, plane, is8) = (channels, width * height, bitDepth == 8)
        let levels: Float = is8 ? 255 : 65535
        let bytes = [UInt8](unsafeUninitializedCapacity: plane * c * (bitDepth / 8)) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            tensor.withUnsafeBufferPointer { src in
                let s = src.baseAddress!
                Parallel.forRanges(plane) { start, end in
                    for p in start..<end {
                        for k in 0..<c {
                            let v = s[planar ? k &* plane &+ p : p &* c &+ k]
                            // `v > 0` is false for NaN, which therefore maps to 0.
                            let q = v > 0 ? (v < 1 ? v * levels + 0.5 : levels) : 0
                            if is8 {
                                raw[p &* c &+ k] = UInt8(truncatingIfNeeded: Int(q))
                            } else {
                                raw.storeBytes(of: UInt16(truncatingIfNeeded: Int(q)), toByteOffset: 2 &* (p &* c &+ k), as: UInt16.self)
                            }
                        }
                    }
                }
            }
            count = buffer.count
        }
        self.init(uncheckedWidth: width, height: height, channels: channels, bitDepth: bitDepth, bytes: bytes)
    }
}
