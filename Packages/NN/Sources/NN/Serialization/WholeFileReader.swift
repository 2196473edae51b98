import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The whole contents of a regular file, read with one `read` into one buffer.
///
/// Not `mmap`: a mapped file that another process truncates turns the next access into a
/// SIGBUS crash; a read copy cannot be pulled away. Refuses directories and devices,
/// whose "size" means nothing.
func readWholeFile(at url: URL) throws -> Data {
    let path = url.path
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileIOError.posix("open", path) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw FileIOError.posix("inspect (fstat)", path) }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
        throw FileIOError(path: path, operation: "read", reason: "it is not a regular file (a directory or a device?)")
    }
    let size = Int(info.st_size)
    var data = Data(count: size)
    var done = 0
    try data.withUnsafeMutableBytes { raw in
        while done < size {
            let n = read(fd, raw.baseAddress! + done, size - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileIOError.posix("read", path)
            }
            if n == 0 { break } // shrank while we read: the parser reports what is missing
            done += n
        }
    }
    if done < size { data.count = done }
    return data
}
