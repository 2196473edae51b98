import CFacetBLAS

/// Facet's OpenBLAS: loaded on first use with kernels chosen from the CPU's features
/// when `OPENBLAS_CORETYPE` is unset (a user's setting always wins).
public enum BLAS {
    /// Loads the library, or stops with instructions when it is not installed.
    @usableFromInline
    static let ready: Bool = {
        if facet_blas_load() != 0 {
            fatalError("Facet: \(String(cString: facet_blas_error()))")
        }
        return true
    }()

    /// The kernel family OpenBLAS runs, e.g. "SkylakeX"; benchmarks print it.
    public static var coreName: String {
        _ = ready
        return String(cString: facet_blas_corename())
    }

    /// The `OPENBLAS_CORETYPE` Facet chose, or nil when the user's own setting was kept.
    public static var chosenCoreType: String? {
        _ = ready
        let s = String(cString: facet_blas_chosen_coretype())
        return s.isEmpty ? nil : s
    }

    /// OpenBLAS' thread count (default: the core count; `OPENBLAS_NUM_THREADS` overrides).
    public static var threads: Int {
        get { _ = ready; return Int(facet_blas_get_threads()) }
        set { _ = ready; facet_blas_set_threads(Int32(max(1, newValue))) }
    }

    /// Row-major C = alpha * op(A) * op(B) + beta * C.
    @inlinable
    public static func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        _ = ready
        facet_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
