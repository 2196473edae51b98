import XCTest
@testable import Tensor

/// The direct channel-blocked forward kernel against the definition, at every tile loop the
/// CPU runs (portable C, AVX2, AVX-512), on shapes that exercise its edges.
final class BlockedConvolutionTests: XCTestCase {
    struct Case { let n: Int, c: Int, o: Int, kh: Int, kw: Int, p: Conv2DParameters, h: Int, w: Int }

    let cases: [Case] = [
        Case(n: 2, c: 16, o: 16, kh: 3, kw: 3, p: .init(stride: 1, padding: 1), h: 7, w: 9),           // pixel tail (9 = 6 + 3)
        Case(n: 1, c: 17, o: 33, kh: 3, kw: 3, p: .init(stride: 2, padding: 1), h: 11, w: 10),         // channel tails, stride 2, batch 1
        Case(n: 2, c: 20, o: 24, kh: 3, kw: 3, p: .init(stride: (1, 2), padding: (2, 1), dilation: (2, 1)), h: 9, w: 13),
        Case(n: 3, c: 32, o: 32, kh: 3, kw: 3, p: .init(stride: 1, padding: 1, groups: 2), h: 6, w: 6), // groups of 16
        Case(n: 1, c: 24, o: 70, kh: 5, kw: 5, p: .init(stride: 2, padding: 2), h: 15, w: 17),         // 5 output blocks (4 + 1)
        Case(n: 2, c: 16, o: 16, kh: 1, kw: 1, p: .init(stride: 2), h: 7, w: 8),                       // 1x1 with stride
        Case(n: 1, c: 16, o: 18, kh: 3, kw: 1, p: .init(stride: (1, 1), padding: (1, 0)), h: 5, w: 7), // non-square kernel
        Case(n: 1, c: 16, o: 16, kh: 3, kw: 3, p: .init(stride: 1, padding: 3), h: 4, w: 5),           // rows of padding only
        Case(n: 1, c: 64, o: 64, kh: 3, kw: 3, p: .init(stride: 1, padding: 1), h: 12, w: 56),         // several bands of rows
    ]

    /// The definition, accumulated in Double: at these channel counts a Float reference's own
    /// rounding is as large as the kernel's.
    func exactConv(_ x: Tensor, _ w: Tensor, _ bias: Tensor, _ p: Conv2DParameters) -> Tensor {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, cg, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        let (ho, wo) = p.outputSize(height: h, width: wd, kernelH: kh, kernelW: kw)
        let og = o / p.groups
        let xs = x.scalars, ws = w.scalars, bs = bias.scalars
        var out = [Float](repeating: 0, count: n * o * ho * wo)
        for b in 0..<n { for oc in 0..<o { for oy in 0..<ho { for ox in 0..<wo {
            var s = Double(bs[oc])
            for ci in 0..<cg { for ki in 0..<kh { for kj in 0..<kw {
                let iy = oy * p.strideH + ki * p.dilationH - p.padH, ix = ox * p.strideW + kj * p.dilationW - p.padW
                if iy >= 0 && iy < h && ix >= 0 && ix < wd {
                    s += Double(xs[((b * c + oc / og * cg + ci) * h + iy) * wd + ix]) * Double(ws[((oc * cg + ci) * kh + ki) * kw + kj])
                }
            } } }
            out[((b * o + oc) * ho + oy) * wo + ox] = Float(s)
        } } } }
        return try! Tensor(shape: [n, o, ho, wo], scalars: out)
    }

    override func tearDown() {
        BlockedConvolution.force(level: 0)
        super.tearDown()
    }

    func testForwardMatchesDirectConvolutionAtEveryLevel() throws {
        var rng = RandomGenerator(seed: 21)
        let inputs = cases.map { cs in
            (rng.normal([cs.n, cs.c, cs.h, cs.w]), rng.normal([cs.o, cs.c / cs.p.groups, cs.kh, cs.kw]), rng.normal([cs.o]))
        }
        let references = zip(cases, inputs).map { cs, t in exactConv(t.0, t.1, t.2, cs.p) }
        for level in 1...BlockedConvolution.cpuLevel {
            XCTAssertEqual(BlockedConvolution.force(level: level), level)
            for ((cs, (x, w, b)), reference) in zip(zip(cases, inputs), references) {
                // Float sums of k terms of unit size carry an error that grows like sqrt(k).
                let tolerance = 2e-6 * Float(cs.c / cs.p.groups * cs.kh * cs.kw).squareRoot()
                assertClose(try Tensor.conv2d(x, weight: w, bias: b, cs.p), reference, tolerance: tolerance, "level \(level) \(cs)")
                let unbiased = try Tensor.conv2d(x, weight: w, cs.p) + (try b.reshaped([1, cs.o, 1, 1]))
                assertClose(unbiased, reference, tolerance: tolerance, "level \(level), no bias, \(cs)")
            }
        }
    }

    /// The cases above must actually take the blocked kernel (on a CPU with AVX2 or better).
    func testCasesTakeTheBlockedKernel() throws {
        try XCTSkipIf(BlockedConvolution.cpuLevel < 2, "no SIMD tile loop on this CPU: convolutions stay on im2col + sgemm")
        for cs in cases {
            let g = try ConvGeometry(input: [cs.n, cs.c, cs.h, cs.w], weight: [cs.o, cs.c / cs.p.groups, cs.kh, cs.kw], cs.p, op: "test")
            XCTAssertTrue(BlockedConvolution.applies(to: g), "\(cs)")
        }
        let last = cases[cases.count - 1]
        let g = try ConvGeometry(input: [last.n, last.c, last.h, last.w], weight: [last.o, last.c, last.kh, last.kw], last.p, op: "test")
        XCTAssertLessThan(BlockedConvolution.bandRows(g), g.ho, "the last case must span several bands")
        // Small channel counts, depthwise and 1x1 unit-stride convolutions keep their paths.
        for (input, weight, p) in [([1, 3, 8, 8], [16, 3, 3, 3], Conv2DParameters(padding: 1)),
                                   ([1, 16, 8, 8], [8, 16, 3, 3], Conv2DParameters(padding: 1)),
                                   ([1, 16, 8, 8], [16, 1, 3, 3], Conv2DParameters(padding: 1, groups: 16)),
                                   ([1, 16, 8, 8], [16, 16, 1, 1], Conv2DParameters())] {
            XCTAssertFalse(BlockedConvolution.applies(to: try ConvGeometry(input: input, weight: weight, p, op: "test")), "\(input) \(weight)")
        }
    }

    /// The backward passes (im2col) are the adjoints of the blocked forward pass.
    func testBackwardPassesAreAdjointsOfTheBlockedForward() throws {
        var rng = RandomGenerator(seed: 22)
        for cs in cases.prefix(4) {
            let x = rng.normal([cs.n, cs.c, cs.h, cs.w]), w = rng.normal([cs.o, cs.c / cs.p.groups, cs.kh, cs.kw])
            let y = try Tensor.conv2d(x, weight: w, cs.p)
            let dy = rng.normal(y.shape)
            let lhs = try (y * dy).sum()
            let dx = try Tensor.conv2dBackwardInput(dy, weight: w, inputShape: x.shape, cs.p)
            let dw = try Tensor.conv2dBackwardWeight(dy, input: x, weightShape: w.shape, cs.p)
            XCTAssertEqual(try (dx * x).sum(), lhs, accuracy: 1e-3 * Swift.max(1, Swift.abs(lhs)), "input adjoint \(cs)")
            XCTAssertEqual(try (dw * w).sum(), lhs, accuracy: 1e-3 * Swift.max(1, Swift.abs(lhs)), "weight adjoint \(cs)")
        }
    }
}
