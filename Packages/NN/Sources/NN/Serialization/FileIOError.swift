#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that could not be read or written, with the system's reason and what to try.
public struct FileIOError: Error, Equatable, CustomStringConvertible {
    /// The file (or directory) involved.
    public let path: String
    /// What was being done: "open", "write", "rename onto", ...
    public let operation: String
    /// The `errno` of the failing call, when there was one.
    public let code: Int32?
    /// Why, in words, when there is no `errno` to explain it.
    public let reason: String?

    public init(path: String, operation: String, code: Int32? = nil, reason: String? = nil) {
        self.path = path
        self.operation = operation
        self.code = code
        self.reason = reason
    }

    /// An error for the `errno` the failing call just set.
    static func posix(_ operation: String, _ path: String) -> FileIOError {
        FileIOError(path: path, operation: operation, code: errno)
    }

    public var description: String {
        var why = reason ?? ""
        if let code { why = String(cString: strerror(code)) }
        return "cannot \(operation) \(path): \(why); \(advice)"
    }

    private var advice: String {
        switch code {
        case ENOENT?: return "check that the path and its directory exist"
        case EACCES?, EPERM?: return "check the permissions of the file and its directory"
        case ENOSPC?, EDQUOT?: return "free some disk space and try again"
        case EISDIR?: return "the path is a directory; give the path of a file"
        case ENOTDIR?: return "a part of the path is not a directory; check the path"
        case EROFS?: return "the file system is read-only; choose another directory"
        case EXDEV?: return "the temporary file and the destination are on different file systems"
        default: return "check the path and the disk"
        }
    }
}
