/// An image as files store it: 8- or 16-bit samples, interleaved (RGBRGB...),
/// row-major, rows packed without padding.
///
/// This is what decoders produce and encoders take, with no conversion on the
/// way: the fast path for loading and saving. Convert to a Float32 tensor
/// (`chwTensor()`, `hwcTensor()`) for arithmetic, and back with
/// `PixelImage(chw:bitDepth:)` for saving.
///
/// - `channels`: 1 (gray), 3 (RGB) or 4 (RGBA, straight, not premultiplied alpha).
/// - `bitDepth`: 8 or 16. 16-bit samples are stored as `UInt16` in the host's
///   byte order, two bytes each.
///
/// ```swift
/// var image = try ImageIO.read("face.jpg")
/// image.drawCircle(center: [120, 80], radius: 3, color: .green, filled: true)
/// try ImageIO.write(image, to: "face-annotated.png")
/// ```
public struct PixelImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    public let bitDepth: Int
    /// The raw samples: `height * bytesPerRow` bytes.
    public internal(set) var bytes: [UInt8]

    /// Wraps existing samples; throws when the layout is not one Facet stores or
    /// `bytes` has the wrong length.
    public init(width: Int, height: Int, channels: Int, bitDepth: Int = 8, bytes: [UInt8]) throws {
        try Self.validate(width: width, height: height, channels: channels, bitDepth: bitDepth, op: "PixelImage")
        let expected = width * height * channels * (bitDepth / 8)
        guard bytes.count == expected else {
            throw ImageError.invalidArgument(op: "PixelImage", message: "a \(width)x\(height) image with \(channels) channels of "
                + "\(bitDepth) bits needs \(expected) bytes, got \(bytes.count)")
        }
        self.init(uncheckedWidth: width, height: height, channels: channels, bitDepth: bitDepth, bytes: bytes)
    }

    /// An image with every sample 0 (black; transparent when there is alpha).
    public init(width: Int, height: Int, channels: Int, bitDepth: Int = 8) throws {
        try Self.validate(width: width, height: height, channels: channels, bitDepth: bitDepth, op: "PixelImage")
        self.init(uncheckedWidth: width, height: height, channels: channels, bitDepth: bitDepth,
                  bytes: [UInt8](repeating: 0, count: width * height * channels * (bitDepth / 8)))
    }

    init(uncheckedWidth width: Int, height: Int, channels: Int, bitDepth: Int, bytes: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.bytes = bytes
    }

    static func validate(width: Int, height: Int, channels: Int, bitDepth: Int, op: String) throws {
        guard width >= 1, height >= 1 else {
            throw ImageError.invalidArgument(op: op, message: "width and height must be at least 1, got \(width)x\(height)")
        }
        guard channels == 1 || channels == 3 || channels == 4 else {
            throw ImageError.invalidArgument(op: op, message: "channels must be 1 (gray), 3 (RGB) or 4 (RGBA), got \(channels)")
        }
        guard bitDepth == 8 || bitDepth == 16 else {
            throw ImageError.invalidArgument(op: op, message: "bit depth must be 8 or 16, got \(bitDepth)")
        }
    }

    public var bytesPerSample: Int { bitDepth / 8 }
    public var bytesPerRow: Int { width * channels * bytesPerSample }
    /// The largest sample value: 255 or 65535.
    public var maxSampleValue: Int { bitDepth == 8 ? 255 : 65535 }

    /// One sample, as an integer in `0...maxSampleValue`. Out-of-range
    /// coordinates are a programmer error.
    public func sample(x: Int, y: Int, channel: Int) -> Int {
        let i = sampleIndex(x: x, y: y, channel: channel)
        return bytes.withUnsafeBytes { raw in
            bitDepth == 8 ? Int(raw[i]) : Int(raw.load(fromByteOffset: 2 * i, as: UInt16.self))
        }
    }

    /// Sets one sample; `value` is clamped to `0...maxSampleValue`.
    public mutating func setSample(x: Int, y: Int, channel: Int, value: Int) {
        let i = sampleIndex(x: x, y: y, channel: channel)
        let v = Swift.min(Swift.max(value, 0), maxSampleValue)
        let is8 = bitDepth == 8
        bytes.withUnsafeMutableBytes { raw in
            if is8 { raw[i] = UInt8(v) } else { raw.storeBytes(of: UInt16(v), toByteOffset: 2 * i, as: UInt16.self) }
        }
    }

    private func sampleIndex(x: Int, y: Int, channel: Int) -> Int {
        precondition(x >= 0 && x < width && y >= 0 && y < height && channel >= 0 && channel < channels,
                     "sample (x: \(x), y: \(y), channel: \(channel)) outside a \(width)x\(height)x\(channels) image")
        return (y * width + x) * channels + channel
    }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeMutableBytes(body)
    }
}

extension PixelImage: CustomStringConvertible {
    public var description: String {
        let kind = channels == 1 ? "gray" : channels == 3 ? "RGB" : "RGBA"
        return "PixelImage(\(width)x\(height) \(kind) \(bitDepth)-bit)"
    }
}
