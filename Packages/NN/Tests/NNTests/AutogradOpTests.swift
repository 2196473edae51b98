import XCTest
@testable import NN
import Tensor

/// Every differentiable op against central finite differences.
final class AutogradOpTests: XCTestCase {
    var rng = RandomGenerator(seed: 11)

    func check(_ name: String, _ inputs: [Tensor], tolerance: Float = 2e-2, file: StaticString = #filePath, line: UInt = #line,
               _ f: ([Variable]) throws -> Variable) {
        do {
            let err = try GradientCheck.maxRelativeError(inputs: inputs, f)
            XCTAssertLessThan(err, tolerance, "\(name): relative error \(err)", file: file, line: line)
        } catch {
            XCTFail("\(name) threw \(error)", file: file, line: line)
        }
    }

    /// A fixed random projection turns any output into a scalar with non-uniform weights.
    func project(_ v: Variable) throws -> Variable {
        var r = RandomGenerator(seed: 99)
        return try (v * Variable(r.normal(v.shape))).sum()
    }

    func testArithmeticWithBroadcasting() {
        let a = rng.normal([3, 4]), b = rng.normal([4]), c = rng.normal([3, 1])
        check("add", [a, b]) { try self.project($0[0] + $0[1]) }
        check("sub", [a, c]) { try self.project($0[0] - $0[1]) }
        check("mul", [a, b]) { try self.project($0[0] * $0[1]) }
        check("div", [a, rng.uniform([3, 1], low: 1, high: 2)]) { try self.project($0[0] / $0[1]) }
        check("scalar ops", [a]) { try self.project(((2 * $0[0]) - 1) / 3 + 0.5) }
        check("neg", [a]) { try self.project(-$0[0]) }
        check("maximum", [a, rng.normal([3, 4])]) { try self.project($0[0].maximum($0[1])) }
        check("minimum", [a, b]) { try self.project($0[0].minimum($0[1])) }
    }

    func testUnaryMaths() {
        let x = rng.normal([2, 5]), pos = rng.uniform([2, 5], low: 0.5, high: 2)
        check("exp", [x]) { try self.project($0[0].exp()) }
        check("log", [pos]) { try self.project($0[0].log()) }
        check("sqrt", [pos]) { try self.project($0[0].sqrt()) }
        check("squared", [x]) { try self.project($0[0].squared()) }
        check("pow", [pos]) { try self.project($0[0].pow(2.5)) }
        check("tanh", [x]) { try self.project($0[0].tanh()) }
        check("sigmoid", [x]) { try self.project($0[0].sigmoid()) }
        check("gelu", [x]) { try self.project($0[0].gelu()) }
        // Kinks: keep inputs away from 0 so differences do not straddle them.
        let away = x.map { $0 >= 0 ? $0 + 0.2 : $0 - 0.2 }
        check("relu", [away]) { try self.project($0[0].relu()) }
        check("leakyRelu", [away]) { try self.project($0[0].leakyRelu(slope: 0.1)) }
        check("abs", [away]) { try self.project($0[0].abs()) }
        check("clamped", [away * 0.5]) { try self.project($0[0].clamped(-0.45, 0.45)) }
    }

    func testReductions() {
        let x = rng.normal([2, 3, 4])
        check("sum", [x]) { $0[0].squared().sum() }
        check("mean", [x]) { $0[0].squared().mean() }
        check("sum axes", [x]) { try self.project($0[0].sum(alongAxes: [0, 2])) }
        check("mean keep", [x]) { try self.project($0[0].mean(alongAxes: [1], keepingDimensions: true)) }
        check("max axis", [x]) { try self.project($0[0].max(alongAxis: 1)) }
        check("variance", [x]) { try self.project($0[0].variance(alongAxes: [2])) }
    }

    func testShaping() throws {
        let x = rng.normal([2, 3, 4])
        check("reshape", [x]) { try self.project($0[0].reshaped([6, 4])) }
        check("permute", [x]) { try self.project($0[0].permuted([2, 0, 1])) }
        check("transpose", [rng.normal([3, 5])]) { try self.project($0[0].transposed()) }
        check("slice", [x]) { try self.project($0[0].slice(alongAxis: 2, 1..<3)) }
        check("concat", [x, rng.normal([2, 2, 4])]) { try self.project(Variable.concatenate([$0[0], $0[1]], alongAxis: 1)) }
        check("stack", [x, rng.normal([2, 3, 4])]) { try self.project(Variable.stack([$0[0], $0[1]], alongAxis: 1)) }
        check("split", [x]) { v in
            let parts = try v[0].split(alongAxis: 2, sizes: [1, 3])
            return try self.project(parts[0]) + self.project(parts[1] * 2)
        }
        check("pad", [x]) { try self.project($0[0].padded([(0, 1), (2, 0), (1, 1)], value: 0.5)) }
        check("indexSelect", [x]) { try self.project($0[0].indexSelect(alongAxis: 1, [2, 0, 2])) }
        check("gather", [rng.normal([3, 4])]) { try self.project($0[0].gather(rows: IndexTensor([1, 3, 1]))) }
    }

    func testNetworkOps() {
        let a = rng.normal([3, 4]), b = rng.normal([4, 2])
        check("matmul", [a, b]) { try self.project($0[0].matmul($0[1])) }
        check("matmul Tᵀ", [a, rng.normal([2, 4])]) { try self.project($0[0].matmul($0[1], transposeOther: true)) }
        check("matmul ᵀ", [rng.normal([4, 3]), b]) { try self.project($0[0].matmul($0[1], transposeSelf: true)) }
        check("matmul ᵀᵀ", [rng.normal([4, 3]), rng.normal([2, 4])]) { try self.project($0[0].matmul($0[1], transposeSelf: true, transposeOther: true)) }
        check("batched matmul", [rng.normal([2, 3, 4]), rng.normal([2, 4, 2])]) { try self.project($0[0].matmul($0[1])) }
        check("batch x shared", [rng.normal([2, 3, 4]), b]) { try self.project($0[0].matmul($0[1])) }
        let x = rng.normal([2, 4, 5, 5])
        check("conv", [x, rng.normal([3, 4, 3, 3]), rng.normal([3])]) {
            try self.project(Variable.conv2d($0[0], weight: $0[1], bias: $0[2], Conv2DParameters(stride: 2, padding: 1)))
        }
        check("grouped conv", [x, rng.normal([4, 2, 3, 3])]) {
            try self.project(Variable.conv2d($0[0], weight: $0[1], Conv2DParameters(stride: 1, padding: 1, groups: 2)))
        }
        check("depthwise conv", [x, rng.normal([4, 1, 3, 3])]) {
            try self.project(Variable.conv2d($0[0], weight: $0[1], Conv2DParameters(stride: 1, padding: 1, groups: 4)))
        }
        // Distinct values keep the max unique under perturbation.
        let distinct = try! Tensor(shape: [1, 2, 4, 4], scalars: (0..<32).map { Float(($0 * 7) % 32) * 0.1 })
        check("maxPool", [distinct]) { try self.project($0[0].maxPool2d(Pool2DParameters(kernel: 2))) }
        check("avgPool", [x]) { try self.project($0[0].avgPool2d(Pool2DParameters(kernel: 3, stride: 2, padding: 1))) }
        check("globalAvgPool", [x]) { try self.project($0[0].globalAveragePool()) }
        check("resize bilinear", [x]) { try self.project($0[0].resized(height: 7, width: 3)) }
        check("resize nearest", [x]) { try self.project($0[0].resized(height: 10, width: 10, mode: .nearest)) }
        check("softmax", [rng.normal([3, 5])]) { try self.project($0[0].softmax(alongAxis: 1)) }
        check("softmax axis 0", [rng.normal([3, 5])]) { try self.project($0[0].softmax(alongAxis: 0)) }
        check("logSoftmax", [rng.normal([3, 5])]) { try self.project($0[0].logSoftmax(alongAxis: -1)) }
        check("spatialSoftmax+softArgmax", [rng.normal([2, 3, 4, 5])]) { try self.project($0[0].spatialSoftmax(beta: 2).softArgmax()) }
    }

    func testGradientsAccumulateAndNoGradStopsRecording() throws {
        let w = Variable(Tensor([1, 2]), requiresGrad: true)
        try (w * 3).sum().backward()
        try (w * 3).sum().backward()
        XCTAssertEqual(w.grad?.scalars, [6, 6])
        w.zeroGrad()
        XCTAssertNil(w.grad)
        let y = Autograd.noGrad { w * 2 }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertThrowsError(try y.sum().backward())
        // A shared input used twice gets both contributions.
        let x = Variable(Tensor([3]), requiresGrad: true)
        try (x * x).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [6])
        XCTAssertThrowsError(try (x * Variable(Tensor([1, 2]))).backward()) { error in
            XCTAssertTrue("\(error)".contains("not a scalar"), "\(error)")
        }
    }

    func testDeepChainDoesNotOverflowTheStack() throws {
        var v = Variable(Tensor([1]), requiresGrad: true)
        let start = v
        for _ in 0..<20_000 { v = v * 1.0001 }
        try v.sum().backward()
        XCTAssertEqual(start.grad!.scalars[0], powf(1.0001, 20_000), accuracy: 1e-2)
    }
}
