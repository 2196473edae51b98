import XCTest
@testable import Tensor

/// Direct convolution by definition, the reference every fast path is checked against.
func directConv(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ p: Conv2DParameters) -> Tensor {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, cg, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
    let (ho, wo) = p.outputSize(height: h, width: wd, kernelH: kh, kernelW: kw)
    let og = o / p.groups
    var out = Tensor(zeros: [n, o, ho, wo])
    for b in 0..<n { for oc in 0..<o {
        let grp = oc / og
        for oy in 0..<ho { for ox in 0..<wo {
            var s: Float = bias.map { $0[oc] } ?? 0
            for ci in 0..<cg { for ki in 0..<kh { for kj in 0..<kw {
                let iy = oy * p.strideH + ki * p.dilationH - p.padH, ix = ox * p.strideW + kj * p.dilationW - p.padW
                if iy >= 0 && iy < h && ix >= 0 && ix < wd { s += x[b, grp * cg + ci, iy, ix] * w[oc, ci, ki, kj] }
            } } }
            out[b, oc, oy, ox] = s
        } }
    } }
    _ = c
    return out
}

final class ConvolutionTests: XCTestCase {
    struct Case { let c: Int, o: Int, k: Int, p: Conv2DParameters, h: Int, w: Int }

    let cases: [Case] = [
        Case(c: 3, o: 4, k: 3, p: .init(stride: 1, padding: 1), h: 7, w: 6),
        Case(c: 2, o: 3, k: 3, p: .init(stride: 2, padding: 0), h: 9, w: 8),
        Case(c: 4, o: 4, k: 3, p: .init(stride: (1, 2), padding: (2, 1), dilation: (2, 1)), h: 8, w: 9),
        Case(c: 4, o: 6, k: 3, p: .init(stride: 1, padding: 1, groups: 2), h: 5, w: 5),
        Case(c: 4, o: 4, k: 3, p: .init(stride: 1, padding: 1, groups: 4), h: 6, w: 7),    // depthwise
        Case(c: 3, o: 6, k: 5, p: .init(stride: 2, padding: 2, groups: 3), h: 9, w: 9),    // depthwise, multiplier 2
        Case(c: 5, o: 3, k: 1, p: .init(), h: 4, w: 6),                                    // pointwise
    ]

    func testForwardMatchesDirectConvolution() throws {
        var rng = RandomGenerator(seed: 3)
        for cs in cases {
            let x = rng.normal([2, cs.c, cs.h, cs.w]), w = rng.normal([cs.o, cs.c / cs.p.groups, cs.k, cs.k]), b = rng.normal([cs.o])
            assertClose(try Tensor.conv2d(x, weight: w, bias: b, cs.p), directConv(x, w, b, cs.p), tolerance: 1e-5, "\(cs)")
        }
    }

    /// One large image takes the row-blocked lowering (several blocks of output rows).
    func testRowBlockedLoweringMatchesDirectConvolution() throws {
        var rng = RandomGenerator(seed: 12)
        let p = Conv2DParameters(stride: 1, padding: 1)
        let x = rng.normal([1, 64, 11, 64]), w = rng.normal([3, 64, 3, 3]), b = rng.normal([3])
        let g = try ConvGeometry(input: x.shape, weight: w.shape, p, op: "test")
        XCTAssertEqual(g.imagesPerProduct, 1)
        XCTAssertLessThan((1 << 17) / (g.kSize * g.wo), g.ho, "the case must span several row blocks")
        assertClose(try Tensor.conv2d(x, weight: w, bias: b, p), directConv(x, w, b, p), tolerance: 1e-5)
    }

    /// <dy, conv(x)> = <conv_backward_input(dy), x> and likewise for the weight: the adjoint identity.
    func testBackwardPassesAreAdjoints() throws {
        var rng = RandomGenerator(seed: 4)
        for cs in cases {
            let x = rng.normal([2, cs.c, cs.h, cs.w]), w = rng.normal([cs.o, cs.c / cs.p.groups, cs.k, cs.k])
            let y = try Tensor.conv2d(x, weight: w, cs.p)
            let dy = rng.normal(y.shape)
            let lhs = try (y * dy).sum()
            let dx = try Tensor.conv2dBackwardInput(dy, weight: w, inputShape: x.shape, cs.p)
            let dw = try Tensor.conv2dBackwardWeight(dy, input: x, weightShape: w.shape, cs.p)
            XCTAssertEqual(try (dx * x).sum(), lhs, accuracy: 1e-3 * Swift.max(1, Swift.abs(lhs)), "input adjoint \(cs)")
            XCTAssertEqual(try (dw * w).sum(), lhs, accuracy: 1e-3 * Swift.max(1, Swift.abs(lhs)), "weight adjoint \(cs)")
        }
        let dy = rng.normal([2, 3, 4, 4])
        assertClose(try Tensor.conv2dBackwardBias(dy), try dy.sum(alongAxes: [0, 2, 3]))
    }

    func testShapeErrors() {
        let x = Tensor(zeros: [1, 3, 5, 5])
        XCTAssertThrowsError(try Tensor.conv2d(x, weight: Tensor(zeros: [4, 2, 3, 3]))) { error in
            XCTAssertTrue("\(error)".contains("weight[1] == C/groups (3)"), "\(error)")
        }
        XCTAssertThrowsError(try Tensor.conv2d(x, weight: Tensor(zeros: [4, 3, 7, 7])))
        XCTAssertThrowsError(try Tensor.conv2d(Tensor(zeros: [3, 5, 5]), weight: Tensor(zeros: [4, 3, 3, 3])))
        XCTAssertThrowsError(try Tensor.conv2d(x, weight: Tensor(zeros: [4, 3, 3, 3]), bias: Tensor(zeros: [3])))
    }
}
