import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `data` to `url` so that the file holds either its old contents or all of the new ones.
///
/// A training run killed mid-save (out of memory, a cluster pre-empting the job, ^C)
/// must not leave a half-written checkpoint in place of the last good one. So the bytes
/// go to a temporary file in the same directory (a rename is atomic only within one file
/// system), are flushed with `fsync`, and the temporary file is renamed over the
/// destination; the directory is then flushed so the rename itself survives a power
/// loss. On any error the temporary file is removed and the destination is untouched.
///
/// A symbolic link at `url` is replaced by the file, not followed.
public func writeFileAtomically(_ data: Data, to url: URL) throws {
    let path = url.path
    let directory = url.deletingLastPathComponent().path
    let name = url.lastPathComponent
    guard !name.isEmpty, name != "/" else {
        throw FileIOError(path: path, operation: "write", reason: "the path names no file")
    }
    let tempPath = directory + "/." + name + ".tmp-\(getpid())-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)

    let fd = open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw FileIOError.posix("create a temporary file for", path) }
    var renamed = false
    defer { if !renamed { unlink(tempPath) } }

    do {
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileIOError.posix("write", path)
                }
                offset += n
            }
        }
        guard fsync(fd) == 0 else { throw FileIOError.posix("flush (fsync)", path) }
    } catch {
        close(fd)
        throw error
    }
    guard close(fd) == 0 else { throw FileIOError.posix("close", path) }
    guard rename(tempPath, path) == 0 else { throw FileIOError.posix("replace (rename onto)", path) }
    renamed = true
    try syncDirectory(directory)
}

/// Flushes a directory's entries (a rename is a change of the directory, not of the file).
/// File systems that cannot sync a directory say EINVAL; there is nothing more to do there.
private func syncDirectory(_ directory: String) throws {
    let fd = open(directory, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileIOError.posix("open the directory", directory) }
    defer { close(fd) }
    if fsync(fd) != 0 && errno != EINVAL {
        throw FileIOError.posix("flush (fsync) the directory", directory)
    }
}
