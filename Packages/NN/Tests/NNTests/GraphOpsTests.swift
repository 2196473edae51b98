import Tensor
import XCTest
@testable import NN

final class GraphOpsTests: XCTestCase {
    /// A conv written as an uneven depthwise separable block with one plane per (o, c) pair
    /// computes the same function, for both strides and paddings.
    func testUnevenDepthwiseEqualsTheDenseConv() throws {
        var rng = RandomGenerator(seed: 4)
        let (o, c, k) = (5, 3, 3)
        let w = rng.normal([o, c, k, k]), bias = rng.normal([o])
        let x = rng.normal([2, c, 9, 9])
        for (stride, padding) in [(1, 0), (1, 1), (2, 0), (2, 1)] {
            let dense = try ModelGraph(nodes: [GraphNode(name: "x", op: .input(shape: [c, 9, 9]), inputs: []),
                                               GraphNode(name: "conv", op: .conv2d(stride: stride, padding: padding, groups: 1), inputs: ["x"])],
                                       tensors: ["conv.weight": w, "conv.bias": bias], output: "conv")
            let planes = try w.reshaped([o * c, 1, k, k])
            let source = try Tensor(shape: [o * c], scalars: (0..<(o * c)).map { Float($0 % c) })
            let index = try Tensor(shape: [o, c], scalars: (0..<(o * c)).map { Float($0 + 1) })
            let uneven = try ModelGraph(nodes: [GraphNode(name: "x", op: .input(shape: [c, 9, 9]), inputs: []),
                                                GraphNode(name: "uds", op: .unevenDepthwiseConv2d(stride: stride, padding: padding), inputs: ["x"])],
                                        tensors: ["uds.weight": planes, "uds.source": source, "uds.index": index, "uds.bias": bias], output: "uds")
            let a = try dense.predict(x), b = try uneven.predict(x)
            XCTAssertEqual(a.shape, b.shape)
            XCTAssertLessThan(try (a - b).abs().max(), 1e-4, "stride \(stride) padding \(padding)")
        }
        // An index pointing at another channel's plane is refused.
        let bad = try Tensor(shape: [1, 2], scalars: [2, 0])
        XCTAssertThrowsError(try ModelGraph(nodes: [GraphNode(name: "x", op: .input(shape: [2, 4, 4]), inputs: []),
                                                   GraphNode(name: "u", op: .unevenDepthwiseConv2d(stride: 1, padding: 0), inputs: ["x"])],
                                           tensors: ["u.weight": Tensor(zeros: [2, 1, 3, 3]), "u.source": Tensor([0, 1]), "u.index": bad],
                                           output: "u"))
    }

    func testActivationQuantizerLevelsAndErrorBound() {
        let uniform = ActivationQuantizer(bits: 4, maxValue: 6)
        XCTAssertEqual(uniform.levels, 15)
        for i in 0...600 {
            let x = Float(i) / 100
            XCTAssertLessThanOrEqual(abs(uniform.quantize(x) - x), 6 / 15 / 2 + 1e-5)
        }
        XCTAssertEqual(uniform.quantize(-1), 0)
        XCTAssertEqual(uniform.quantize(9), 6)
        let power = ActivationQuantizer(bits: 3, maxValue: 1, exponent: 0.5, signed: true)
        XCTAssertEqual(power.levels, 3)
        XCTAssertEqual(power.quantize(-1), -1)
        // Levels of the power map sit at (k / L)^(1/a): denser near zero for a < 1.
        XCTAssertEqual(power.quantize(1.0 / 9), 1.0 / 9, accuracy: 1e-6)
        XCTAssertEqual(power.quantize(0.4), 4.0 / 9, accuracy: 1e-6)
    }
}
