import CompressCore
import NN
import RED
import Tensor
import XCTest

final class UnevenDepthwiseTests: XCTestCase {
    /// A conv O=16, C=8, k=3 whose weights take 4 values; `pool` distinct kernels per input
    /// channel (plus zero kernels), or independent entries when `pool` is nil.
    func conv(stride: Int, padding: Int, pool: Int?, seed: UInt64) throws -> ModelGraph {
        var b = GraphBuilder(inputShape: [8, 9, 9])
        let out = b.conv2d(b.input, out: 16, kernel: 3, stride: stride, padding: padding, name: "conv")
        var g = try b.build(output: out)
        var random = TestRandom(seed)
        let values: [Float] = [-0.5, -0.125, 0.25, 0.75]
        func kernel() -> [Float] { (0..<9).map { _ in values[Int(random.next() % 4)] } }
        var w = [Float](repeating: 0, count: 16 * 8 * 9)
        for c in 0..<8 {
            let kernels = (0..<(pool ?? 0)).map { _ in kernel() }
            for o in 0..<16 {
                let k: [Float]
                if let pool { let pick = Int(random.next() % UInt64(pool + 1)); k = pick == pool ? [Float](repeating: 0, count: 9) : kernels[pick] }
                else { k = kernel() }
                for t in 0..<9 { w[(o * 8 + c) * 9 + t] = k[t] }
            }
        }
        g.tensors["conv.weight"] = try Tensor(shape: [16, 8, 3, 3], scalars: w)
        g.tensors["conv.bias"] = random.tensor([16], scale: 0.1)
        return g
    }

    func testSeparatedConvMatchesTheDenseConv() throws {
        for stride in [1, 2] {
            for padding in [0, 1] {
                for pool in [3, nil] as [Int?] {
                    let g = try conv(stride: stride, padding: padding, pool: pool, seed: UInt64(10 * stride + padding))
                    let (separated, layers) = try UnevenDepthwiseSeparation.apply(g, minGain: 0)
                    guard case .unevenDepthwiseConv2d(stride, padding)? = separated.node(named: "conv")?.op else {
                        return XCTFail("conv was not replaced (stride \(stride), padding \(padding))")
                    }
                    if pool != nil {
                        XCTAssertLessThanOrEqual(layers["conv"]!.uniqueKernelsPerChannel, 3)
                        XCTAssertGreaterThan(layers["conv"]!.gain, 0.75)
                    }
                    let x = randomTensor([3, 8, 9, 9], seed: 99)
                    let d = relativeDifference(try separated.predict(x), try g.predict(x))
                    XCTAssertLessThan(d, 1e-5, "stride \(stride), padding \(padding), pool \(String(describing: pool)): \(d)")
                    let before = try CostModel.count(g), after = try CostModel.count(separated)
                    if pool != nil { XCTAssertLessThan(Double(after.multiplications), 0.25 * Double(before.multiplications)) }
                }
            }
        }
    }

    func testSeparationIsSkippedBelowTheGain() throws {
        let g = try conv(stride: 1, padding: 1, pool: nil, seed: 5)
        let (kept, layers) = try UnevenDepthwiseSeparation.apply(g, minGain: 0.10)
        XCTAssertEqual(kept.node(named: "conv")?.op, .conv2d(stride: 1, padding: 1, groups: 1))
        XCTAssertFalse(layers["conv"]!.replaced)
    }
}
