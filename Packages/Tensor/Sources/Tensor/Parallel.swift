import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// A raw pointer that may cross into concurrent work items; each item writes a disjoint range.
@usableFromInline
struct SendablePointer<T>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<T>
    @usableFromInline init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

/// How Facet splits large elementwise work across cores.
public enum Parallel {
    /// Worker count for Facet's own loops: `FACET_NUM_THREADS` if set, else the core count.
    public static let threads: Int = {
        if let s = getenv("FACET_NUM_THREADS"), let n = Int(String(cString: s)), n > 0 { return n }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }()

    /// Below this many elements, splitting costs more than it saves.
    public static let minimumWorkPerThread = 1 << 16

    /// Calls `body(start, end)` over `0..<count` in contiguous chunks, in parallel when large.
    public static func forRanges(_ count: Int, grain: Int = minimumWorkPerThread, _ body: (Int, Int) -> Void) {
        let chunks = min(threads, count / max(grain, 1))
        if chunks <= 1 {
            if count > 0 { body(0, count) }
            return
        }
        let per = (count + chunks - 1) / chunks
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let start = c * per
                let end = min(count, start + per)
                if start < end { box.value(start, end) }
            }
        }
    }

    /// Calls `body(i)` for each of `count` independent items, in parallel when there are several.
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        if count <= 1 || threads <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
        }
    }
}

@usableFromInline
struct UncheckedBox<T>: @unchecked Sendable {
    @usableFromInline let value: T
    @usableFromInline init(_ value: T) { self.value = value }
}
