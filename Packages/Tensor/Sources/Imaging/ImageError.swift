/// Errors from image files and image operations. Each message says what was wrong
/// and what to do about it; operations on tensors throw `TensorError` instead.
public enum ImageError: Error, Equatable, CustomStringConvertible {
    /// The bytes start with neither the PNG nor the JPEG signature.
    case unknownFormat(firstBytes: [UInt8])
    /// The library refused the data (truncated, corrupt or hostile file).
    case corrupt(format: ImageFormat, message: String)
    /// The header declares more pixels than `limits` allow; nothing was allocated.
    case tooLarge(width: Int, height: Int, limits: ImageLimits)
    /// The file is larger than `limits.maxFileBytes`; it was not read.
    case fileTooLarge(path: String, bytes: Int, limits: ImageLimits)
    /// A valid request the format cannot store (e.g. alpha in a JPEG).
    case unsupported(String)
    /// The file system refused (missing file, permissions, full disk).
    case file(path: String, message: String)
    /// Decoding the file at `path` failed with `error` (still matchable: `.inFile(_, .tooLarge)`).
    indirect case inFile(path: String, error: ImageError)
    /// A bad argument to an image function (a size, a channel count).
    case invalidArgument(op: String, message: String)

    public var description: String {
        switch self {
        case .unknownFormat(let bytes):
            let shown = bytes.prefix(8).map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
            return "unknown image format (first bytes: \(shown.isEmpty ? "none, the data is empty" : shown)); "
                + "Facet reads PNG (starts 89 50 4E 47) and JPEG (starts FF D8 FF): convert the image to one of them"
        case .corrupt(let format, let message):
            return "\(format.name) data is corrupt or truncated: \(message); check that the file was written "
                + "completely, or re-export it"
        case .tooLarge(let width, let height, let limits):
            return "the image declares \(width)x\(height) pixels, beyond the limit of \(limits.maxSide) pixels a side "
                + "and \(limits.maxPixels) pixels in all; if the image is genuine, pass larger ImageLimits"
        case .fileTooLarge(let path, let bytes, let limits):
            return "\(path): \(bytes) bytes is more than the \(limits.maxFileBytes) an image file may have; "
                + "if the file is genuine, pass larger ImageLimits"
        case .unsupported(let message):
            return message
        case .file(let path, let message):
            return "\(path): \(message)"
        case .inFile(let path, let error):
            return "\(path): \(error)"
        case .invalidArgument(let op, let message):
            return "\(op): \(message)"
        }
    }
}
