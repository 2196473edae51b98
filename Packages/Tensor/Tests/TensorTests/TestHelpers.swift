import XCTest
@testable import Tensor

/// Asserts two tensors have the same shape and values within `tolerance` (absolute + relative).
func assertClose(_ a: Tensor, _ b: Tensor, tolerance: Float = 1e-5, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.shape, b.shape, "shapes differ \(message)", file: file, line: line)
    guard a.shape == b.shape else { return }
    var worst: Float = 0, at = 0
    let (av, bv) = (a.scalars, b.scalars)  // `scalars` copies: once, not per element
    for i in 0..<a.count {
        let x = av[i], y = bv[i]
        if x.isNaN && y.isNaN { continue }
        if x == y { continue }
        let err = Swift.abs(x - y) / (1 + Swift.max(Swift.abs(x), Swift.abs(y)))
        if !(err <= worst) { worst = err.isNaN ? .infinity : err; at = i }
    }
    XCTAssertLessThanOrEqual(worst, tolerance, "max error \(worst) at flat index \(at): \(av[at]) vs \(bv[at]) \(message)", file: file, line: line)
}

func t(_ shape: [Int], _ values: [Float]) -> Tensor { try! Tensor(shape: shape, scalars: values) }

/// The matrix product by its definition, accumulated in Double: the reference for BLAS results.
func naiveMatmul(_ a: Tensor, _ b: Tensor) -> Tensor {
    let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
    precondition(b.shape[0] == k, "naiveMatmul: inner dimensions differ")
    var out = Tensor(zeros: [m, n])
    for i in 0..<m { for j in 0..<n {
        var sum: Double = 0
        for p in 0..<k { sum += Double(a[i, p]) * Double(b[p, j]) }
        out[i, j] = Float(sum)
    } }
    return out
}
