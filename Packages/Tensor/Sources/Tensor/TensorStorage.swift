#if canImport(Glibc)
import Glibc
#endif

/// The contiguous Float32 buffer behind one or more tensors (shared until written: copy-on-write).
///
/// 64-byte aligned for vector loads; large buffers ask the kernel for huge pages, which
/// halves the page-fault cost of first touching a fresh 64 MB result.
public final class TensorStorage: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    @usableFromInline
    init(count: Int) {
        precondition(count >= 0, "negative element count")
        self.count = count
        let bytes = max(count, 1) &* MemoryLayout<Float>.stride
        let hugePage = 2 << 20
        var raw: UnsafeMutableRawPointer?
        let alignment = bytes >= 4 * hugePage ? hugePage : 64
        guard posix_memalign(&raw, alignment, bytes) == 0, let raw else {
            fatalError("out of memory allocating \(bytes) bytes for a tensor")
        }
        #if os(Linux)
        if alignment == hugePage { _ = madvise(raw, bytes, 14 /* MADV_HUGEPAGE */) }
        #endif
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    deinit { free(pointer) }
}
