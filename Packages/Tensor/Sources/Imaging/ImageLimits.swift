/// How large an image the decoders accept. Checked against the header before any
/// pixel memory is allocated, so a tiny hostile file that declares a huge image
/// costs nothing.
///
/// The defaults (16384 pixels a side, 2^28 pixels, 1 GiB files) admit every
/// photograph a face pipeline meets while bounding the worst case at 1 GiB of
/// pixels (2 GiB for 16-bit RGBA). Services that decode untrusted uploads may
/// want them tighter.
public struct ImageLimits: Sendable, Equatable {
    public var maxSide: Int
    public var maxPixels: Int
    public var maxFileBytes: Int

    public init(maxSide: Int = 16384, maxPixels: Int = 1 << 28, maxFileBytes: Int = 1 << 30) {
        self.maxSide = maxSide
        self.maxPixels = maxPixels
        self.maxFileBytes = maxFileBytes
    }

    public static let `default` = ImageLimits()

    /// Whether a width x height image fits. Never overflows: sides are checked first.
    public func admits(width: Int, height: Int) -> Bool {
        guard width >= 1, height >= 1, width <= maxSide, height <= maxSide else { return false }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        return !overflow && pixels <= maxPixels
    }
}
