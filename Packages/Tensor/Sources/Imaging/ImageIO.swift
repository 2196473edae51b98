#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reading and writing PNG and JPEG files.
///
/// - Reading: the format comes from the data's magic bytes, never the file name.
///   PNG decodes to its own layout (gray, RGB or RGBA; 8 or 16 bits; palettes
///   and gray+alpha expanded); JPEG to 8-bit gray or RGB. Corrupt, truncated or
///   oversized files throw `ImageError`; none ends the process.
/// - Writing: the format comes from the extension (`.png`, `.jpg`, `.jpeg`); the
///   file is replaced atomically (temporary file, then rename).
///
/// ```swift
/// let image = try ImageIO.read("photo.jpg")          // PixelImage
/// let x = image.chwTensor()                          // [3, H, W] in 0...1
/// try ImageIO.write(try PixelImage(chw: x), to: "copy.png")
/// ```
public enum ImageIO {
    /// Reads and decodes an image file. File-system failures throw `.file`;
    /// problems with the content throw `.inFile(path, error)` around the same
    /// errors `decode` throws.
    public static func read(_ path: String, limits: ImageLimits = .default) throws -> PixelImage {
        let bytes = try FileIO.readAll(path, limits: limits)
        do {
            return try bytes.withUnsafeBytes { try decode(bytes: $0, limits: limits) }
        } catch let error as ImageError {
            throw ImageError.inFile(path: path, error: error)
        }
    }

    /// Decodes PNG or JPEG data held in memory.
    public static func decode(_ data: Data, limits: ImageLimits = .default) throws -> PixelImage {
        try data.withUnsafeBytes { try decode(bytes: $0, limits: limits) }
    }

    /// Decodes PNG or JPEG data from raw memory, which is only read during the call.
    public static func decode(bytes: UnsafeRawBufferPointer, limits: ImageLimits = .default) throws -> PixelImage {
        guard let format = ImageFormat(sniffing: bytes) else {
            throw ImageError.unknownFormat(firstBytes: Array(bytes.prefix(8)))
        }
        return try Codecs.decode(bytes, format: format, limits: limits)
    }

    /// Encodes an image.
    /// - Parameters:
    ///   - quality: JPEG quality, 1...100 (ignored for PNG). 90 keeps faces sharp at
    ///     about a tenth of PNG's size.
    ///   - compressionLevel: zlib level for PNG, 0 (fastest) ... 9 (smallest).
    public static func encode(_ image: PixelImage, as format: ImageFormat, quality: Int = 90,
                              compressionLevel: Int = 6) throws -> Data {
        Data(try Codecs.encode(image, format: format, quality: quality, compressionLevel: compressionLevel))
    }

    /// Encodes an image in the format its path's extension names and replaces the
    /// file atomically.
    public static func write(_ image: PixelImage, to path: String, quality: Int = 90,
                             compressionLevel: Int = 6) throws {
        guard let format = ImageFormat(pathExtensionOf: path) else {
            throw ImageError.file(path: path, message: "unknown image extension; end the name with .png, .jpg or .jpeg")
        }
        let bytes = try Codecs.encode(image, format: format, quality: quality, compressionLevel: compressionLevel)
        try FileIO.writeAtomically(bytes, to: path)
    }
}
