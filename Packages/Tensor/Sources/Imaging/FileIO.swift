#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and all-or-nothing writes, on POSIX calls so every failure
/// carries the system's reason.
enum FileIO {
    static func readAll(_ path: String, limits: ImageLimits) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot open for reading") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw failure(path, "cannot inspect") }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw ImageError.file(path: path, message: "not a regular file; pass the path of an image file")
        }
        let size = Int(status.st_size)
        guard size <= limits.maxFileBytes else { throw ImageError.fileTooLarge(path: path, bytes: size, limits: limits) }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw failure(path, "cannot read") }
            if n == 0 { break }  // the file shrank while being read: decode what is there
            done += n
        }
        bytes.removeLast(size - done)
        return bytes
    }

    /// Writes to a temporary file beside `path`, flushes it to disk, then renames
    /// it over `path`: readers see the old file or the new one, never half of one,
    /// even if the process dies midway.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else {
            throw ImageError.file(path: path, message: "names a directory; give a file name ending in .png, .jpg or .jpeg")
        }
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<8 {
            temporary = "\(directory).\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            // O_EXCL: never follow or reuse an existing file; mode 0666 lets the umask decide.
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw failure(path, "cannot create a temporary file in its directory") }
        var succeeded = false
        defer { if !succeeded { unlink(temporary) } }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let error = failure(path, "cannot write")
                close(fd)
                throw error
            }
            done += n
        }
        guard fsync(fd) == 0 else {
            let error = failure(path, "cannot flush to disk")
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw failure(path, "cannot close") }
        guard rename(temporary, path) == 0 else { throw failure(path, "cannot replace") }
        succeeded = true
    }

    private static func failure(_ path: String, _ what: String) -> ImageError {
        ImageError.file(path: path, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
