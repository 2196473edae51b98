/// Matrix products on OpenBLAS sgemm.
extension Tensor {
    /// `op(self) · op(other)` for rank-2 tensors, or a batch of products for rank 3
    /// (`[B, m, k] · [B, k, n]`, or one side rank 2 shared across the batch).
    ///
    /// ```swift
    /// let y = try x.matmul(w, transposeOther: true)   // x [N, in] · wᵀ, w [out, in]
    /// ```
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) throws -> Tensor {
        let op = "matmul"
        guard (2...3).contains(rank), (2...3).contains(other.rank) else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, other.shape], expected: "rank-2 matrices or rank-3 batches")
        }
        let batchA = rank == 3 ? shape[0] : 1
        let batchB = other.rank == 3 ? other.shape[0] : 1
        guard batchA == batchB || batchA == 1 || batchB == 1 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, other.shape], expected: "equal batch sizes (or one unbatched side)")
        }
        let (ra, ca) = (shape[rank - 2], shape[rank - 1])
        let (rb, cb) = (other.shape[other.rank - 2], other.shape[other.rank - 1])
        let (m, k) = transposeSelf ? (ca, ra) : (ra, ca)
        let (k2, n) = transposeOther ? (cb, rb) : (rb, cb)
        guard k == k2 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, other.shape],
                                            expected: "inner dimensions equal (\(k) vs \(k2))\(transposeSelf || transposeOther ? " after transposition" : "")")
        }
        let batch = Swift.max(batchA, batchB)
        var out = rank == 3 || other.rank == 3 ? Tensor(uninitializedShape: [batch, m, n]) : Tensor(uninitializedShape: [m, n])
        if k == 0 {
            out.storage.pointer.initialize(repeating: 0, count: out.count)
            return out
        }
        guard m > 0 && n > 0 else { return out }
        // An unbatched left side times a batch of matrices is one product when nothing is transposed on the left.
        for b in 0..<batch {
            let pa = storage.pointer + (batchA == 1 ? 0 : b * ra * ca)
            let pb = other.storage.pointer + (batchB == 1 ? 0 : b * rb * cb)
            BLAS.sgemm(transposeA: transposeSelf, transposeB: transposeOther, m: m, n: n, k: k,
                       a: pa, lda: ca, b: pb, ldb: cb, c: out.storage.pointer + b * m * n, ldc: n)
        }
        return out
    }

    /// Matrix-vector product for a rank-2 self and rank-1 vector.
    public func matvec(_ v: Tensor) throws -> Tensor {
        guard rank == 2, v.rank == 1, shape[1] == v.shape[0] else {
            throw TensorError.shapeMismatch(op: "matvec", shapes: [shape, v.shape], expected: "[m, n] and [n]")
        }
        return try matmul(v.reshaped([v.count, 1])).reshaped([shape[0]])
    }
}
