import CFacetBLAS

/// Dense linear algebra on rank-2 tensors, on OpenBLAS' LAPACK.
///
/// Tensors are row-major and LAPACK is column-major. A row-major `m×n` buffer read as
/// column-major is the transpose `Aᵀ` (`n×m`), so most routines run on `Aᵀ` and use an
/// identity to read the answer back without copying:
/// `Aᵀ = U'ΣV'ᵀ ⇒ A = V'ΣU'ᵀ` (SVD), `inv(Aᵀ) = inv(A)ᵀ`, `det(Aᵀ) = det(A)`.
/// Inputs holding NaN or infinity are refused: LAPACK would return garbage or loop.
extension Tensor {
    /// Thin singular value decomposition `A = U · diag(S) · Vt` of an `[m, n]` matrix.
    ///
    /// With `k = min(m, n)`: `U` is `[m, k]` with orthonormal columns, `S` is `[k]` in
    /// descending order (non-negative), `Vt` is `[k, n]` with orthonormal rows.
    /// Runs LAPACK's divide-and-conquer `sgesdd`.
    public func svd() throws -> (u: Tensor, s: Tensor, vt: Tensor) {
        let (m, n) = try linearAlgebraMatrix("svd")
        let k = Swift.min(m, n)
        if k == 0 { return (Tensor(zeros: [m, 0]), Tensor(zeros: [0]), Tensor(zeros: [0, n])) }
        var a = scalars
        var s = [Float](repeating: 0, count: k)
        var u = [Float](repeating: 0, count: m * k)
        var vt = [Float](repeating: 0, count: k * n)
        var iwork = [Int32](repeating: 0, count: 8 * k)
        // LAPACK factors Aᵀ (n×m) = U'ΣV'ᵀ. Its U' (n×k, column-major) is our Vt [k, n] row-major,
        // and its V'ᵀ (k×m, column-major) is our U [m, k] row-major.
        let info = LAPACKWorkspace.run { work, lwork in
            facet_sgesdd(CChar(UInt8(ascii: "S")), Int32(n), Int32(m), &a, Int32(n), &s,
                         &vt, Int32(n), &u, Int32(k), work, lwork, &iwork)
        }
        guard info == 0 else {
            throw TensorError.numerical(op: "svd", message: "LAPACK sgesdd did not converge (info \(info)); "
                                        + "the matrix may be badly scaled: rescale it and retry")
        }
        return (try Tensor(shape: [m, k], scalars: u), Tensor(s), try Tensor(shape: [k, n], scalars: vt))
    }

    /// Eigendecomposition `A = V · diag(values) · Vᵀ` of a symmetric `[n, n]` matrix.
    ///
    /// `values` is `[n]` in ascending order; `vectors` is `[n, n]` whose column `j` is the
    /// unit eigenvector of `values[j]` (columns are orthonormal). Only the lower triangle is
    /// read, but a matrix that is visibly not symmetric (beyond rounding) is refused, because
    /// its "eigenvectors" would silently belong to another matrix. Runs LAPACK `ssyevd`.
    public func eigh() throws -> (values: Tensor, vectors: Tensor) {
        let n = try linearAlgebraSquare("eigh")
        if n == 0 { return (Tensor(zeros: [0]), Tensor(zeros: [0, 0])) }
        try requireSymmetric(n, op: "eigh")
        var a = scalars
        var w = [Float](repeating: 0, count: n)
        // Row-major lower triangle = column-major upper triangle.
        var liwork: Int32 = 0
        var info = Self.facetSsyevdQuery(n: n, a: &a, w: &w, liwork: &liwork)
        var iwork = [Int32](repeating: 0, count: Swift.max(Int(liwork), 1))
        if info == 0 {
            info = LAPACKWorkspace.run { work, lwork in
                facet_ssyevd(CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), Int32(n), &a, Int32(n), &w,
                             work, lwork, &iwork, Int32(iwork.count))
            }
        }
        guard info == 0 else {
            throw TensorError.numerical(op: "eigh", message: "LAPACK ssyevd did not converge (info \(info)); "
                                        + "the matrix may be badly scaled: rescale it and retry")
        }
        // LAPACK wrote eigenvector j as column j of a column-major matrix, i.e. row j of our
        // row-major buffer: transpose so that columns are eigenvectors.
        var vectors = Tensor(uninitializedShape: [n, n])
        vectors.withUnsafeMutableBufferPointer { v in
            for i in 0..<n { for j in 0..<n { v[i &* n &+ j] = a[j &* n &+ i] } }
        }
        return (Tensor(w), vectors)
    }

    /// The inverse of a square matrix, by LU factorisation (LAPACK `sgetrf` + `sgetri`).
    ///
    /// Throws `TensorError.numerical` when the matrix is singular, exactly or to Float32
    /// precision (a pivot below `n · ε` times the largest pivot): such an "inverse" would be
    /// dominated by rounding noise.
    public func inverse() throws -> Tensor {
        let n = try linearAlgebraSquare("inverse")
        if n == 0 { return self }
        var a = scalars
        var ipiv = [Int32](repeating: 0, count: n)
        _ = BLAS.ready
        let info = facet_sgetrf(Int32(n), Int32(n), &a, Int32(n), &ipiv)
        if info > 0 || Self.luIsNumericallySingular(a, n: n) {
            throw TensorError.numerical(op: "inverse", message: "the \(n)x\(n) matrix is singular (its rows are "
                                        + "linearly dependent) and has no inverse; use Tensor.leastSquares for a "
                                        + "minimum-norm solution instead")
        }
        // inv(Aᵀ) computed in place on the column-major view is inv(A) in row-major order.
        let info2 = LAPACKWorkspace.run { work, lwork in
            facet_sgetri(Int32(n), &a, Int32(n), ipiv, work, lwork)
        }
        guard info2 == 0 else {
            throw TensorError.numerical(op: "inverse", message: "LAPACK sgetri failed (info \(info2)): the matrix is singular")
        }
        return try Tensor(shape: [n, n], scalars: a)
    }

    /// The determinant of a square matrix, from its LU factorisation (accumulated in Double,
    /// so a product of many moderate pivots does not overflow early). A singular matrix gives 0;
    /// an empty matrix gives 1.
    public func determinant() throws -> Float {
        let n = try linearAlgebraSquare("determinant")
        if n == 0 { return 1 }
        var a = scalars
        var ipiv = [Int32](repeating: 0, count: n)
        _ = BLAS.ready
        let info = facet_sgetrf(Int32(n), Int32(n), &a, Int32(n), &ipiv)
        if info > 0 { return 0 }
        var det = 1.0
        for i in 0..<n {
            det *= Double(a[i * n + i])
            if Int(ipiv[i]) != i + 1 { det = -det }   // each row swap flips the sign
        }
        return Float(det)
    }

    /// The least-squares solution `X` minimising `‖A·X − B‖` (Frobenius), for `A` `[m, n]` and
    /// `B` `[m]` or `[m, r]`; `X` is `[n]` or `[n, r]` to match.
    ///
    /// Works for over- and under-determined systems and rank-deficient `A` (then `X` is the
    /// minimum-norm solution): singular values below `rcond · σ_max` count as zero; the default
    /// `nil` uses Float32's machine epsilon. Runs LAPACK's SVD-based `sgelsd`.
    public static func leastSquares(_ a: Tensor, _ b: Tensor, rcond: Float? = nil) throws -> Tensor {
        let op = "leastSquares"
        let (m, n) = try a.linearAlgebraMatrix(op)
        guard (b.rank == 1 || b.rank == 2), b.shape[0] == m else {
            throw TensorError.shapeMismatch(op: op, shapes: [a.shape, b.shape],
                                            expected: "B must be [\(m)] or [\(m), r]: one row per row of A")
        }
        guard b.scalars.allSatisfy({ $0.isFinite }) else {
            throw TensorError.invalidArgument(op: op, message: "B holds NaN or infinite values; clean the input first")
        }
        let r = b.rank == 1 ? 1 : b.shape[1]
        let outShape = b.rank == 1 ? [n] : [n, r]
        if m == 0 || n == 0 || r == 0 { return Tensor(zeros: outShape) }

        // Column-major copies: A as m×n, B in an ldb×r block large enough to hold X (n×r).
        let ldb = Swift.max(m, n)
        var ac = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { p in
            for i in 0..<m { for j in 0..<n { ac[j &* m &+ i] = p[i &* n &+ j] } }
        }
        var bc = [Float](repeating: 0, count: ldb * r)
        b.withUnsafeBufferPointer { p in
            for i in 0..<m { for j in 0..<r { bc[j &* ldb &+ i] = p[i &* r &+ j] } }
        }
        var s = [Float](repeating: 0, count: Swift.min(m, n))
        var rank: Int32 = 0
        var iworkSize: Int32 = 0
        var info = Self.facetSgelsdQuery(m: m, n: n, r: r, a: &ac, b: &bc, ldb: ldb, s: &s, iworkSize: &iworkSize)
        var iwork = [Int32](repeating: 0, count: Swift.max(Int(iworkSize), 1))
        if info == 0 {
            info = LAPACKWorkspace.run { work, lwork in
                facet_sgelsd(Int32(m), Int32(n), Int32(r), &ac, Int32(m), &bc, Int32(ldb), &s, rcond ?? -1,
                             &rank, work, lwork, &iwork)
            }
        }
        guard info == 0 else {
            throw TensorError.numerical(op: op, message: "LAPACK sgelsd's SVD did not converge (info \(info)); "
                                        + "rescale A and retry")
        }
        var x = Tensor(uninitializedShape: outShape)
        x.withUnsafeMutableBufferPointer { p in
            for i in 0..<n { for j in 0..<r { p[i &* r &+ j] = bc[j &* ldb &+ i] } }
        }
        return x
    }
}

// MARK: - Checks and LAPACK plumbing

extension Tensor {
    /// The matrix dimensions, after checking the rank, the size LAPACK's 32-bit indices can
    /// address, and that every value is finite.
    fileprivate func linearAlgebraMatrix(_ op: String) throws -> (m: Int, n: Int) {
        guard rank == 2 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape], expected: "a matrix (rank 2); reshape the input to [rows, columns]")
        }
        guard count < Int(Int32.max), shape.allSatisfy({ $0 < 1 << 20 }) else {
            throw TensorError.invalidArgument(op: op, message: "matrix \(shape) is too large for LAPACK's 32-bit indices")
        }
        let finite = withUnsafeBufferPointer { p in p.allSatisfy { $0.isFinite } }
        guard finite else {
            throw TensorError.invalidArgument(op: op, message: "the matrix holds NaN or infinite values; "
                                              + "find where they come from (a division by zero, an overflow) and clean the input")
        }
        return (shape[0], shape[1])
    }

    fileprivate func linearAlgebraSquare(_ op: String) throws -> Int {
        let (m, n) = try linearAlgebraMatrix(op)
        guard m == n else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape], expected: "a square matrix [n, n]")
        }
        return n
    }

    /// Refuses a matrix whose mirror entries differ by more than rounding (relative to its
    /// largest entry), which is what a covariance or Gram matrix built in Float32 carries.
    fileprivate func requireSymmetric(_ n: Int, op: String) throws {
        try withUnsafeBufferPointer { p in
            let scale = p.reduce(Float(0)) { Swift.max($0, Swift.abs($1)) }
            let tolerance = 1e-4 * scale
            for i in 0..<n {
                for j in 0..<i where Swift.abs(p[i &* n &+ j] - p[j &* n &+ i]) > tolerance {
                    throw TensorError.invalidArgument(
                        op: op, message: "the matrix is not symmetric (entry [\(i), \(j)] = \(p[i * n + j]) but "
                        + "[\(j), \(i)] = \(p[j * n + i])); symmetrise it with (A + Aᵀ) / 2 or use svd")
                }
            }
        }
    }

    /// A zero or tiny pivot means singular to working precision. The pivot ratio is a cheap
    /// stand-in for a condition estimate: it catches what rounding hides from `sgetrf`'s
    /// exact-zero test (e.g. [[1,2,3],[4,5,6],[7,8,9]] in Float32).
    fileprivate static func luIsNumericallySingular(_ lu: [Float], n: Int) -> Bool {
        var largest: Float = 0
        var smallest = Float.infinity
        for i in 0..<n {
            let p = Swift.abs(lu[i * n + i])
            largest = Swift.max(largest, p)
            smallest = Swift.min(smallest, p)
        }
        return smallest <= largest * Float(n) * Float.ulpOfOne
    }

    fileprivate static func facetSgelsdQuery(m: Int, n: Int, r: Int, a: inout [Float], b: inout [Float], ldb: Int,
                                             s: inout [Float], iworkSize: inout Int32) -> Int32 {
        _ = BLAS.ready
        var work: Float = 0
        var rank: Int32 = 0
        return facet_sgelsd(Int32(m), Int32(n), Int32(r), &a, Int32(m), &b, Int32(ldb), &s, -1, &rank,
                            &work, -1, &iworkSize)
    }

    fileprivate static func facetSsyevdQuery(n: Int, a: inout [Float], w: inout [Float], liwork: inout Int32) -> Int32 {
        _ = BLAS.ready
        var work: Float = 0
        return facet_ssyevd(CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), Int32(n), &a, Int32(n), &w,
                            &work, -1, &liwork, -1)
    }
}

/// LAPACK's two-call workspace protocol: ask with `lwork = -1`, which writes the optimal size
/// into `work[0]`, then call again with that much.
enum LAPACKWorkspace {
    static func run(_ call: (UnsafeMutablePointer<Float>, Int32) -> Int32) -> Int32 {
        _ = BLAS.ready
        var query: Float = 0
        let info = call(&query, -1)
        guard info == 0 else { return info }
        // The size comes back as a Float: round up, with a little slack for its lost digits.
        let lwork = Swift.max(1, Int(query.rounded(.up)) + 16)
        var work = [Float](repeating: 0, count: lwork)
        return work.withUnsafeMutableBufferPointer { call($0.baseAddress!, Int32(lwork)) }
    }
}
