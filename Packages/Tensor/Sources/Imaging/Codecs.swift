import CFacetImageCodecs

/// The Swift side of the C codecs: header first, limits checked, then one
/// allocation that the decoder writes straight into.
enum Codecs {
    typealias Open = (UnsafeRawPointer?, Int, UnsafeMutablePointer<facet_image_info>?, UnsafeMutablePointer<CChar>?) -> OpaquePointer?
    typealias Read = (OpaquePointer?, UnsafeMutableRawPointer?, Int, UnsafeMutablePointer<CChar>?) -> Int32
    typealias Close = (OpaquePointer?) -> Void

    static func decode(_ data: UnsafeRawBufferPointer, format: ImageFormat, limits: ImageLimits) throws -> PixelImage {
        switch format {
        case .png:
            return try decode(data, format: format, limits: limits,
                              open: facet_png_decoder_open, read: facet_png_decoder_read, close: facet_png_decoder_close)
        case .jpeg:
            return try decode(data, format: format, limits: limits,
                              open: facet_jpeg_decoder_open, read: facet_jpeg_decoder_read, close: facet_jpeg_decoder_close)
        }
    }

    private static func decode(_ data: UnsafeRawBufferPointer, format: ImageFormat, limits: ImageLimits,
                               open: Open, read: Read, close: Close) throws -> PixelImage {
        var message = [CChar](repeating: 0, count: Int(FACET_CODEC_MESSAGE_SIZE))
        var info = facet_image_info()
        guard let decoder = open(data.baseAddress, data.count, &info, &message) else {
            throw ImageError.corrupt(format: format, message: text(message))
        }
        defer { close(decoder) }
        let (width, height) = (Int(info.width), Int(info.height))
        guard limits.admits(width: width, height: height) else {
            throw ImageError.tooLarge(width: width, height: height, limits: limits)
        }
        let (channels, depth) = (Int(info.channels), Int(info.bit_depth))
        let size = width * height * channels * (depth / 8)
        var status: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            status = read(decoder, buffer.baseAddress, size, &message)
            count = status == 0 ? size : 0
        }
        guard status == 0 else { throw ImageError.corrupt(format: format, message: text(message)) }
        return PixelImage(uncheckedWidth: width, height: height, channels: channels, bitDepth: depth, bytes: bytes)
    }

    /// PNG keeps every layout; JPEG takes 8-bit gray or RGB only.
    static func encode(_ image: PixelImage, format: ImageFormat, quality: Int, compressionLevel: Int) throws -> [UInt8] {
        if format == .jpeg {
            guard image.bitDepth == 8 else {
                throw ImageError.unsupported("JPEG stores 8-bit samples only; convert with `image.converted(toBitDepth: 8)` "
                    + "or write PNG, which keeps 16 bits")
            }
            guard image.channels != 4 else {
                throw ImageError.unsupported("JPEG stores no alpha channel; drop it with `image.removingAlpha()` "
                    + "or write PNG, which keeps it")
            }
        }
        var message = [CChar](repeating: 0, count: Int(FACET_CODEC_MESSAGE_SIZE))
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status = image.withUnsafeBytes { pixels in
            switch format {
            case .png:
                facet_png_encode(pixels.baseAddress, UInt32(image.width), UInt32(image.height), Int32(image.channels),
                                 Int32(image.bitDepth), Int32(compressionLevel), &output, &size, &message)
            case .jpeg:
                facet_jpeg_encode(pixels.baseAddress, UInt32(image.width), UInt32(image.height), Int32(image.channels),
                                  Int32(quality), &output, &size, &message)
            }
        }
        guard status == 0, let output else {
            throw ImageError.unsupported("could not encode \(image) as \(format.name): \(text(message))")
        }
        defer { facet_codec_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    private static func text(_ message: [CChar]) -> String {
        let s = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return s.isEmpty ? "the decoder gave no reason" : s
    }
}
