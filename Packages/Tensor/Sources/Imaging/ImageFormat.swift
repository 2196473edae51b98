/// The file formats Facet reads and writes.
public enum ImageFormat: String, Sendable, CaseIterable {
    case png, jpeg

    /// The name used in messages.
    public var name: String { self == .png ? "PNG" : "JPEG" }

    /// The format from the first bytes of the data (its magic number); nil when
    /// neither matches. File extensions are never trusted for reading.
    public init?(sniffing bytes: UnsafeRawBufferPointer) {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if bytes.count >= 8, zip(bytes, png).allSatisfy({ $0 == $1 }) {
            self = .png
        } else if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF {
            self = .jpeg
        } else {
            return nil
        }
    }

    /// The format a path's extension names: `.png`, `.jpg`, `.jpeg` (any case).
    public init?(pathExtensionOf path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "png": self = .png
        case "jpg", "jpeg": self = .jpeg
        default: return nil
        }
    }
}
