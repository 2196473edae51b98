import CFacetBLAS

/// A small row-major Double matrix with an SVD on LAPACK's `dgesdd`: the workhorse behind
/// nearest rotations, the DLT and rank tests. Internal: public APIs speak in points.
struct DenseMatrix {
    var rows: Int
    var columns: Int
    var values: [Double]

    init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "DenseMatrix \(rows)x\(columns) given \(values.count) values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    init(_ m: Matrix3) { self.init(rows: 3, columns: 3, values: m.values) }

    subscript(i: Int, j: Int) -> Double {
        get { values[i * columns + j] }
        set { values[i * columns + j] = newValue }
    }

    /// Thin SVD `A = U·diag(s)·Vt` with `s` descending; `U` is rows×k, `Vt` is k×columns.
    ///
    /// LAPACK is column-major, so it factors our buffer as `Aᵀ = U'ΣV'ᵀ`; then `A = V'ΣU'ᵀ`,
    /// and its `U'` buffer is our row-major `Vt` while its `V'ᵀ` buffer is our row-major `U`.
    func svd(op: String) throws -> (u: DenseMatrix, s: [Double], vt: DenseMatrix) {
        let m = rows, n = columns, k = min(m, n)
        precondition(k > 0, "svd of an empty matrix")
        guard values.allSatisfy({ $0.isFinite }) else {
            throw GeometryError.nonFinite(op: op, what: "the input points (through the matrix they build)")
        }
        guard facet_blas_load() == 0 else {
            throw GeometryError.numerical(op: op, message: String(cString: facet_blas_error()))
        }
        var a = values
        var s = [Double](repeating: 0, count: k)
        var u = [Double](repeating: 0, count: m * k)
        var vt = [Double](repeating: 0, count: k * n)
        var iwork = [Int32](repeating: 0, count: 8 * k)
        let jobz = CChar(UInt8(ascii: "S"))
        var query = 0.0
        var info = facet_dgesdd(jobz, Int32(n), Int32(m), &a, Int32(n), &s, &vt, Int32(n), &u, Int32(k),
                                &query, -1, &iwork)
        if info == 0 {
            var work = [Double](repeating: 0, count: max(1, Int(query) + 16))
            info = facet_dgesdd(jobz, Int32(n), Int32(m), &a, Int32(n), &s, &vt, Int32(n), &u, Int32(k),
                                &work, Int32(work.count), &iwork)
        }
        guard info == 0 else {
            throw GeometryError.numerical(op: op, message: "LAPACK dgesdd did not converge (info \(info)); "
                                          + "check the input for extreme magnitudes")
        }
        return (DenseMatrix(rows: m, columns: k, values: u), s, DenseMatrix(rows: k, columns: n, values: vt))
    }
}

extension Matrix3 {
    init(_ m: DenseMatrix) {
        precondition(m.rows == 3 && m.columns == 3, "Matrix3 from a \(m.rows)x\(m.columns) matrix")
        self.init(m.values)
    }
}

/// Solves `A x = b` for a small symmetric positive-definite `A` (n×n, row-major) by Cholesky;
/// nil when `A` is not positive definite (the caller then damps harder or gives up).
func solveSymmetricPositiveDefinite(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        for j in 0...i {
            var sum = a[i * n + j]
            for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
            if i == j {
                guard sum > 0, sum.isFinite else { return nil }
                l[i * n + i] = sum.squareRoot()
            } else {
                l[i * n + j] = sum / l[j * n + j]
            }
        }
    }
    var y = b
    for i in 0..<n {
        for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
        y[i] /= l[i * n + i]
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
        for k in (i + 1)..<n { y[i] -= l[k * n + i] * y[k] }
        y[i] /= l[i * n + i]
    }
    return y
}
