import XCTest
@testable import Tensor

/// SVD, symmetric eigendecomposition, least squares, inverse and determinant on LAPACK.
final class LinearAlgebraTests: XCTestCase {
    func testSVDReconstructsTallAndWideMatrices() throws {
        var rng = LinearAlgebraTestRNG(seed: 1)
        for shape in [[7, 4], [4, 7]] {
            let a = rng.matrix(shape[0], shape[1])
            let (u, s, vt) = try a.svd()
            let k = min(shape[0], shape[1])
            XCTAssertEqual(u.shape, [shape[0], k])
            XCTAssertEqual(s.shape, [k])
            XCTAssertEqual(vt.shape, [k, shape[1]])
            let sv = s.scalars
            for i in 1..<k { XCTAssertGreaterThanOrEqual(sv[i - 1], sv[i], "singular values must descend") }
            XCTAssertGreaterThan(sv[k - 1], 0)
            // U·diag(S)·Vt == A
            var us = u
            for i in 0..<shape[0] { for j in 0..<k { us[i, j] *= sv[j] } }
            assertMatricesClose(naiveMatmul(us, vt), a, 1e-5)
            // Orthonormal columns of U and rows of Vt.
            assertMatricesClose(naiveMatmul(transpose(u), u), identity(k), 1e-5)
            assertMatricesClose(naiveMatmul(vt, transpose(vt)), identity(k), 1e-5)
        }
    }

    func testSVDOfAKnownDiagonalMatrix() throws {
        // A 4x3 matrix holding diag(3, -1, 2): singular values are |entries| sorted down.
        var a = Tensor(zeros: [4, 3])
        a[0, 0] = 3
        a[1, 1] = -1
        a[2, 2] = 2
        let (_, s, _) = try a.svd()
        XCTAssertEqual(s.scalars[0], 3, accuracy: 1e-6)
        XCTAssertEqual(s.scalars[1], 2, accuracy: 1e-6)
        XCTAssertEqual(s.scalars[2], 1, accuracy: 1e-6)
    }

    func testEighReconstructsASymmetricMatrixWithOrthonormalEigenvectors() throws {
        var rng = LinearAlgebraTestRNG(seed: 2)
        let n = 6
        let b = rng.matrix(n, n)
        let a = try Tensor(shape: [n, n], scalars: (0..<n * n).map { b[$0 / n, $0 % n] + b[$0 % n, $0 / n] })
        let (w, v) = try a.eigh()
        XCTAssertEqual(w.shape, [n])
        XCTAssertEqual(v.shape, [n, n])
        for i in 1..<n { XCTAssertLessThanOrEqual(w.scalars[i - 1], w.scalars[i], "eigenvalues must ascend") }
        assertMatricesClose(naiveMatmul(transpose(v), v), identity(n), 1e-5)
        // A·v_j == w_j·v_j for every column j, and V·diag(w)·Vᵀ == A.
        var vw = v
        for i in 0..<n { for j in 0..<n { vw[i, j] *= w.scalars[j] } }
        assertMatricesClose(naiveMatmul(a, v), vw, 1e-5)
        assertMatricesClose(naiveMatmul(vw, transpose(v)), a, 1e-5)
    }

    func testEighKnownEigenvalues() throws {
        let a = try Tensor(shape: [2, 2], scalars: [2, 1, 1, 2])
        let (w, v) = try a.eigh()
        XCTAssertEqual(w.scalars[0], 1, accuracy: 1e-6)
        XCTAssertEqual(w.scalars[1], 3, accuracy: 1e-6)
        // The eigenvector of 3 is (1, 1)/√2 up to sign: a column, not a row.
        XCTAssertEqual(abs(v[0, 1]), Float(0.5).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(v[0, 1] * v[1, 1], 0.5, accuracy: 1e-6)
    }

    func testEighRejectsANonSymmetricMatrix() {
        let a = try! Tensor(shape: [2, 2], scalars: [1, 2, 0, 1])
        XCTAssertThrowsError(try a.eigh()) { error in
            XCTAssertTrue("\(error)".contains("not symmetric"), "\(error)")
        }
    }

    func testLeastSquaresSolvesAConsistentOverdeterminedSystem() throws {
        var rng = LinearAlgebraTestRNG(seed: 3)
        let a = rng.matrix(9, 4)
        let x = try Tensor(shape: [4, 2], scalars: [1, -2, 0.5, 3, -1, 0.25, 2, 1])
        let b = naiveMatmul(a, x)
        let solved = try Tensor.leastSquares(a, b)
        assertMatricesClose(solved, x, 1e-4)
        // A rank-1 right-hand side gives a rank-1 answer.
        let b0 = try Tensor(shape: [9], scalars: (0..<9).map { b[$0, 0] })
        let x0 = try Tensor.leastSquares(a, b0)
        XCTAssertEqual(x0.shape, [4])
        for i in 0..<4 { XCTAssertEqual(x0.scalars[i], x[i, 0], accuracy: 1e-4) }
    }

    func testLeastSquaresFitsALineThroughNoisyPoints() throws {
        // y = 2x + 1 plus residuals (+½, −½, −½, +½) orthogonal to both columns: the fit ignores them.
        let a = try Tensor(shape: [4, 2], scalars: [0, 1, 1, 1, 2, 1, 3, 1])
        let b = try Tensor(shape: [4], scalars: [1.5, 2.5, 4.5, 7.5])
        let x = try Tensor.leastSquares(a, b)
        XCTAssertEqual(x.scalars[0], 2, accuracy: 1e-5)
        XCTAssertEqual(x.scalars[1], 1, accuracy: 1e-5)
    }

    func testLeastSquaresGivesTheMinimumNormSolutionForRankDeficientA() throws {
        // Two equal columns: every x with x0 + x1 = 2 fits exactly; the shortest is (1, 1).
        let a = try Tensor(shape: [3, 2], scalars: [1, 1, 2, 2, 3, 3])
        let x = try Tensor.leastSquares(a, Tensor([2, 4, 6]))
        XCTAssertEqual(x.scalars[0], 1, accuracy: 1e-5)
        XCTAssertEqual(x.scalars[1], 1, accuracy: 1e-5)
    }

    func testInverseTimesAIsIdentity() throws {
        var rng = LinearAlgebraTestRNG(seed: 4)
        let n = 5
        var a = rng.matrix(n, n)
        for i in 0..<n { a[i, i] += 3 }
        let inv = try a.inverse()
        assertMatricesClose(naiveMatmul(inv, a), identity(n), 1e-5)
        assertMatricesClose(naiveMatmul(a, inv), identity(n), 1e-5)
        // Row-major handling: a non-symmetric 2x2 with a known inverse.
        let b = try Tensor(shape: [2, 2], scalars: [4, 7, 2, 6])
        assertMatricesClose(try b.inverse(), try Tensor(shape: [2, 2], scalars: [0.6, -0.7, -0.2, 0.4]), 1e-6)
    }

    func testInverseOfASingularMatrixThrows() {
        for values: [Float] in [[1, 2, 2, 4], [1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 0, 0, 0]] {
            let n = values.count == 4 ? 2 : 3
            let a = try! Tensor(shape: [n, n], scalars: values)
            XCTAssertThrowsError(try a.inverse(), "\(values)") { error in
                guard case TensorError.numerical(let op, let message) = error else {
                    return XCTFail("expected a numerical error, got \(error)")
                }
                XCTAssertEqual(op, "inverse")
                XCTAssertTrue(message.contains("singular"), message)
            }
        }
    }

    func testDeterminant() throws {
        XCTAssertEqual(try Tensor(shape: [2, 2], scalars: [4, 7, 2, 6]).determinant(), 10, accuracy: 1e-5)
        XCTAssertEqual(try Tensor(shape: [2, 2], scalars: [0, 1, 1, 0]).determinant(), -1, accuracy: 1e-6)
        XCTAssertEqual(try Tensor(shape: [3, 3], scalars: [2, 0, 1, 1, 3, 2, 1, 1, 2]).determinant(), 6, accuracy: 1e-5)
        XCTAssertEqual(try Tensor(shape: [2, 2], scalars: [1, 2, 2, 4]).determinant(), 0, accuracy: 1e-6)
    }

    func testShapeErrorsThrow() {
        let vector = Tensor([1, 2, 3])
        let wide = Tensor(zeros: [2, 3])
        XCTAssertThrowsError(try vector.svd()) { XCTAssertTrue($0 is TensorError) }
        XCTAssertThrowsError(try wide.eigh())
        XCTAssertThrowsError(try wide.inverse())
        XCTAssertThrowsError(try wide.determinant())
        XCTAssertThrowsError(try Tensor.leastSquares(wide, Tensor([1, 2, 3])))
        XCTAssertThrowsError(try Tensor.leastSquares(wide, Tensor(zeros: [2, 1, 1])))
    }

    func testNonFiniteInputThrowsInsteadOfReturningGarbage() {
        var a = Tensor(ones: [3, 3])
        a[1, 2] = .nan
        for (name, call) in [("svd", { _ = try a.svd() }), ("eigh", { _ = try a.eigh() }),
                             ("inverse", { _ = try a.inverse() }), ("determinant", { _ = try a.determinant() }),
                             ("leastSquares", { _ = try Tensor.leastSquares(a, Tensor([1, 2, 3])) }),
                             ("leastSquares B", { _ = try Tensor.leastSquares(Tensor(ones: [3, 3]), Tensor([1, .infinity, 3])) })] {
            XCTAssertThrowsError(try call(), name) { error in
                XCTAssertTrue("\(error)".contains("NaN or infinite"), "\(name): \(error)")
            }
        }
    }

    func testEmptyMatrices() throws {
        let (u, s, vt) = try Tensor(zeros: [3, 0]).svd()
        XCTAssertEqual([u.shape, s.shape, vt.shape], [[3, 0], [0], [0, 0]])
        XCTAssertEqual(try Tensor(zeros: [0, 0]).determinant(), 1)
    }
}

// MARK: - Helpers (self-contained: plain loops, not the library's own matmul)

private struct LinearAlgebraTestRNG {
    var base: RandomGenerator
    init(seed: UInt64) { base = RandomGenerator(seed: seed) }

    /// Uniform in [-1, 1).
    mutating func uniform() -> Float { base.uniform(-1, 1) }

    mutating func matrix(_ m: Int, _ n: Int) -> Tensor {
        try! Tensor(shape: [m, n], scalars: (0..<m * n).map { _ in uniform() })
    }
}


private func transpose(_ a: Tensor) -> Tensor {
    var out = Tensor(zeros: [a.shape[1], a.shape[0]])
    for i in 0..<a.shape[0] { for j in 0..<a.shape[1] { out[j, i] = a[i, j] } }
    return out
}

private func identity(_ n: Int) -> Tensor {
    var out = Tensor(zeros: [n, n])
    for i in 0..<n { out[i, i] = 1 }
    return out
}

private func assertMatricesClose(_ a: Tensor, _ b: Tensor, _ tolerance: Float, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.shape, b.shape, file: file, line: line)
    guard a.shape == b.shape else { return }
    let worst = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    XCTAssertLessThanOrEqual(worst, tolerance, "largest difference \(worst)", file: file, line: line)
}
