/// Layout changes on stored images, for when a format needs one (JPEG stores
/// neither alpha nor 16 bits) without a round trip through floats.
extension PixelImage {
    /// The RGB channels alone, dropping alpha (unchanged when there is no alpha).
    public func removingAlpha() -> PixelImage {
        guard channels == 4 else { return self }
        let b = bytesPerSample, n = width * height
        let out = [UInt8](unsafeUninitializedCapacity: n * 3 * b) { dst, count in
            bytes.withUnsafeBufferPointer { src in
                for p in 0..<n {
                    for i in 0..<(3 &* b) { dst[p &* 3 &* b &+ i] = src[p &* 4 &* b &+ i] }
                }
            }
            count = n * 3 * b
        }
        return PixelImage(uncheckedWidth: width, height: height, channels: 3, bitDepth: bitDepth, bytes: out)
    }

    /// The same image with 8- or 16-bit samples. 8 -> 16 multiplies by 257 (255
    /// becomes 65535); 16 -> 8 rounds to the nearest level.
    public func converted(toBitDepth depth: Int) throws -> PixelImage {
        guard depth != bitDepth else { return self }
        try Self.validate(width: width, height: height, channels: channels, bitDepth: depth, op: "PixelImage.converted(toBitDepth:)")
        let n = width * height * channels
        let out: [UInt8]
        if depth == 16 {
            out = [UInt8](unsafeUninitializedCapacity: 2 * n) { dst, count in
                let d = UnsafeMutableRawBufferPointer(dst)
                bytes.withUnsafeBufferPointer { s in
                    for i in 0..<n { d.storeBytes(of: UInt16(s[i]) &* 257, toByteOffset: 2 &* i, as: UInt16.self) }
                }
                count = 2 * n
            }
        } else {
            out = [UInt8](unsafeUninitializedCapacity: n) { dst, count in
                bytes.withUnsafeBytes { raw in
                    let s = raw.bindMemory(to: UInt16.self)
                    for i in 0..<n { dst[i] = UInt8(truncatingIfNeeded: (UInt32(s[i]) &* 255 &+ 32767) / 65535) }
                }
                count = n
            }
        }
        return PixelImage(uncheckedWidth: width, height: height, channels: channels, bitDepth: depth, bytes: out)
    }
}
