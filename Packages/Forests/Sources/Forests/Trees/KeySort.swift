/// Sorting (value, sample) pairs packed into one `UInt64`: the feature value's
/// order-preserving bits in the high half, the sample index in the low half. One integer
/// compare per step and one array to move make this several times faster than sorting
/// tuples, and it never allocates (the standard library's stable sort does).
enum KeySort {
    /// Maps a float to a `UInt32` whose unsigned order is the float order (-0 < +0 aside).
    @inline(__always)
    static func orderedBits(_ v: Float) -> UInt32 {
        let b = v.bitPattern
        return b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
    }

    @inline(__always)
    static func value(ofKey key: UInt64) -> Float {
        let o = UInt32(truncatingIfNeeded: key >> 32)
        return Float(bitPattern: o & 0x8000_0000 != 0 ? o & 0x7FFF_FFFF : ~o)
    }

    @inline(__always)
    static func sample(ofKey key: UInt64) -> Int { Int(UInt32(truncatingIfNeeded: key)) }

    @inline(__always)
    static func key(value: Float, sample: Int32) -> UInt64 {
        UInt64(orderedBits(value)) << 32 | UInt64(UInt32(bitPattern: sample))
    }

    /// Sorts `a[0..<n]` ascending: quicksort (median of three) down to small ranges, then
    /// one insertion-sort pass; recursion only on the smaller side keeps the stack at log n.
    static func sort(_ a: UnsafeMutablePointer<UInt64>, _ n: Int) {
        quicksort(a, 0, n - 1)
        insertionSort(a, n)
    }

    private static func quicksort(_ a: UnsafeMutablePointer<UInt64>, _ lo: Int, _ hi: Int) {
        var lo = lo, hi = hi
        while hi &- lo > 16 {
            let mid = lo &+ (hi &- lo) >> 1
            if a[mid] < a[lo] { swap(a, mid, lo) }
            if a[hi] < a[lo] { swap(a, hi, lo) }
            if a[hi] < a[mid] { swap(a, hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i &+= 1 }
                while a[j] > pivot { j &-= 1 }
                if i <= j { swap(a, i, j); i &+= 1; j &-= 1 }
            }
            if j &- lo < hi &- i {
                quicksort(a, lo, j)
                lo = i
            } else {
                quicksort(a, i, hi)
                hi = j
            }
        }
    }

    @inline(__always)
    private static func swap(_ a: UnsafeMutablePointer<UInt64>, _ i: Int, _ j: Int) {
        let t = a[i]; a[i] = a[j]; a[j] = t
    }

    private static func insertionSort(_ a: UnsafeMutablePointer<UInt64>, _ n: Int) {
        guard n > 1 else { return }
        for i in 1..<n {
            let x = a[i]
            var j = i &- 1
            while j >= 0 && a[j] > x { a[j &+ 1] = a[j]; j &-= 1 }
            a[j &+ 1] = x
        }
    }
}
