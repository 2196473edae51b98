import XCTest
@testable import NN
import Tensor

final class LayerTests: XCTestCase {
    var rng = RandomGenerator(seed: 21)

    /// Checks the gradient of a layer's parameters and input through GradientCheck by
    /// swapping parameter values in and out.
    func checkLayer(_ name: String, _ layer: any Layer, input: Tensor, tolerance: Float = 3e-2,
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let x = Variable(input, requiresGrad: true)
        var r = RandomGenerator(seed: 5)
        let probe = try Variable(r.normal(layer(x).shape))
        let err = try GradientCheck.maxRelativeError(variables: [x] + layer.parameters()) {
            try (layer(x) * probe).sum()
        }
        XCTAssertLessThan(err, tolerance, "\(name): relative error \(err)", file: file, line: line)
    }

    func testLinearConvAndTransposedConv() throws {
        Initializer.seed(1)
        try checkLayer("Linear", Linear(5, 3), input: rng.normal([4, 5]))
        try checkLayer("Linear rank 3", Linear(5, 3), input: rng.normal([2, 4, 5]))
        try checkLayer("Conv2d", Conv2d(2, 3, kernel: 3, stride: 1, padding: 1), input: rng.normal([2, 2, 5, 5]))
        try checkLayer("ConvTranspose2d", ConvTranspose2d(3, 2, kernel: 3, stride: 2, padding: 1, outputPadding: 1), input: rng.normal([1, 3, 3, 3]))
        let up = ConvTranspose2d(3, 2, kernel: 4, stride: 2, padding: 1)
        XCTAssertEqual(try up(Variable(rng.normal([1, 3, 5, 5]))).shape, [1, 2, 10, 10])
        XCTAssertThrowsError(try Linear(5, 3)(Variable(rng.normal([4, 6])))) { error in
            XCTAssertTrue("\(error)".contains("last axis is 5"), "\(error)")
        }
    }

    func testNormalisation() throws {
        Initializer.seed(2)
        try checkLayer("LayerNorm", LayerNorm(6), input: rng.normal([3, 6]))
        let bn = BatchNorm(3)
        try checkLayer("BatchNorm train", bn, input: rng.normal([4, 3, 2, 2]))
        // Training output is normalised per channel.
        let x = rng.normal([8, 3, 4, 4], mean: 5, std: 3)
        let y = try bn(Variable(x)).value
        let m = try y.mean(alongAxes: [0, 2, 3]), v = try y.variance(alongAxes: [0, 2, 3])
        for c in 0..<3 { XCTAssertEqual(m.scalars[c], 0, accuracy: 1e-4); XCTAssertEqual(v.scalars[c], 1, accuracy: 1e-3) }
        // Running statistics move toward the batch's and are used in eval mode.
        let fresh = BatchNorm(1)
        let batch = try Tensor(shape: [4, 1], scalars: [1, 2, 3, 4])
        _ = try fresh(Variable(batch))
        XCTAssertEqual(fresh.runningMean.value.scalars[0], 0.25, accuracy: 1e-6)
        XCTAssertEqual(fresh.runningVar.value.scalars[0], 0.9 + 0.1 * (5.0 / 3.0), accuracy: 1e-5)
        fresh.eval()
        let e = try fresh(Variable(batch)).value
        XCTAssertEqual(e.scalars[0], (1 - 0.25) / Float(0.9 + 0.1 * 5.0 / 3.0 + 1e-5).squareRoot(), accuracy: 1e-5)
        XCTAssertThrowsError(try BatchNorm(2)(Variable(Tensor(zeros: [1, 2])))) { error in
            XCTAssertTrue("\(error)".contains("more than one value per channel"), "\(error)")
        }
    }

    func testGroupNorm() throws {
        Initializer.seed(5)
        try checkLayer("GroupNorm", GroupNorm(groups: 2, channels: 4), input: rng.normal([2, 4, 3, 3]))
        // Each sample's group has zero mean and unit variance, whatever the other samples hold.
        let x = rng.normal([3, 4, 5, 5], mean: 2, std: 4)
        let y = try GroupNorm(groups: 2, channels: 4)(Variable(x)).value
        let groups = try y.reshaped([3, 2, 50])
        let m = try groups.mean(alongAxes: [2]), v = try groups.variance(alongAxes: [2])
        for i in 0..<6 { XCTAssertEqual(m.scalars[i], 0, accuracy: 1e-4); XCTAssertEqual(v.scalars[i], 1, accuracy: 2e-2) }
        let single = try GroupNorm(groups: 2, channels: 4)(Variable(x.slice(alongAxis: 0, 1..<2))).value
        let same = try y.slice(alongAxis: 0, 1..<2)
        for (a, b) in zip(single.scalars, same.scalars) { XCTAssertEqual(a, b, accuracy: 1e-5, "batch-independent") }
        XCTAssertThrowsError(try GroupNorm(groups: 2, channels: 4)(Variable(Tensor(zeros: [1, 3, 2, 2])))) { error in
            XCTAssertTrue("\(error)".contains("[N, 4, ...]"), "\(error)")
        }
    }

    func testAttentionAndTransformer() throws {
        Initializer.seed(3)
        let mha = MultiHeadAttention(dim: 4, heads: 2)
        let x = rng.normal([2, 3, 4])
        let (out, weights) = try mha(Variable(x))
        XCTAssertEqual(out.shape, [2, 3, 4])
        XCTAssertEqual(weights.shape, [2, 2, 3, 3])
        let rows = try weights.value.sum(alongAxis: -1)
        for v in rows.scalars { XCTAssertEqual(v, 1, accuracy: 1e-5) }
        try checkLayer("TransformerEncoderLayer", TransformerEncoderLayer(dim: 4, heads: 2, hidden: 8), input: x)
        try checkLayer("TransformerEncoderLayer post-norm", TransformerEncoderLayer(dim: 4, heads: 2, hidden: 8, normFirst: false), input: x)
    }

    func testSequentialResidualAndNames() throws {
        Initializer.seed(4)
        let block = Residual(Sequential([Conv2d(2, 2, kernel: 3, padding: 1), BatchNorm(2), ReLU()]))
        let model = Sequential([Conv2d(1, 2, kernel: 3, padding: 1), block, GlobalAvgPool2d(), Linear(2, 3)])
        let names = model.namedParameters().map(\.0)
        XCTAssertEqual(names, ["0.weight", "0.bias", "1.body.0.weight", "1.body.0.bias", "1.body.1.weight", "1.body.1.bias", "3.weight", "3.bias"])
        XCTAssertEqual(model.namedBuffers().map(\.0), ["1.body.1.runningMean", "1.body.1.runningVar"])
        XCTAssertEqual(try model(Variable(rng.normal([2, 1, 6, 6]))).shape, [2, 3])
        model.eval()
        XCTAssertFalse((block.body as! Sequential).layers[1].isTraining)
        // State round trip, with missing/unexpected keys reported.
        var state = model.stateDict()
        XCTAssertEqual(state.count, 10)
        Initializer.seed(99)
        let other = Sequential([Conv2d(1, 2, kernel: 3, padding: 1), Residual(Sequential([Conv2d(2, 2, kernel: 3, padding: 1), BatchNorm(2), ReLU()])), GlobalAvgPool2d(), Linear(2, 3)])
        try other.loadStateDict(state)
        XCTAssertEqual(other.stateDict(), state)
        state["extra"] = Tensor([1])
        state.removeValue(forKey: "3.bias")
        XCTAssertThrowsError(try other.loadStateDict(state)) { error in
            XCTAssertEqual(error as? NNError, .stateMismatch(missing: ["3.bias"], unexpected: ["extra"]))
        }
        let report = try other.loadStateDict(state, strict: false)
        XCTAssertEqual(report.missing, ["3.bias"])
        state["3.bias"] = Tensor([1, 2])
        state.removeValue(forKey: "extra")
        XCTAssertThrowsError(try other.loadStateDict(state)) { error in
            XCTAssertTrue("\(error)".contains("'3.bias' has shape [2]"), "\(error)")
        }
    }

    func testDropout() throws {
        Initializer.seed(5)
        let d = Dropout(0.25)
        let x = Variable(Tensor(ones: [10_000]))
        let y = try d(x).value
        let kept = y.scalars.filter { $0 != 0 }
        XCTAssertEqual(Float(kept.count) / 10_000, 0.75, accuracy: 0.02)
        XCTAssertTrue(kept.allSatisfy { Swift.abs($0 - 4.0 / 3.0) < 1e-6 })
        d.eval()
        XCTAssertEqual(try d(x).value, x.value)
    }

    func testSpatialSoftmaxPeaksAndSoftArgmax() throws {
        // A sharp peak at (x 3, y 1) gives that coordinate.
        var maps = Tensor(shape: [1, 1, 4, 5], repeating: -50)
        maps[0, 0, 1, 3] = 50
        let p = try Variable(maps).spatialSoftmax().softArgmax().value
        XCTAssertEqual(p.scalars[0], 3, accuracy: 1e-4)
        XCTAssertEqual(p.scalars[1], 1, accuracy: 1e-4)
        let uniform = try Variable(Tensor(zeros: [1, 1, 3, 5])).spatialSoftmax().softArgmax().value
        XCTAssertEqual(uniform.scalars[0], 2, accuracy: 1e-5)
        XCTAssertEqual(uniform.scalars[1], 1, accuracy: 1e-5)
    }

    func testFakeQuantizeAndStraightThrough() throws {
        let fq = FakeQuantize(bits: 4)
        let x = Variable(Tensor([-1, -0.3, 0.02, 0.52, 0.7]), requiresGrad: true)
        let q = try fq(x)
        // 4 bits: 7 levels per side; scale 1/7.
        let expected: [Float] = [-1, -2.0 / 7, 0, 4.0 / 7, 5.0 / 7]
        for (a, b) in zip(q.value.scalars, expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        try q.sum().backward()
        XCTAssertEqual(x.grad?.scalars, [1, 1, 1, 1, 1])
        // Per-channel: each row gets its own scale.
        let pc = FakeQuantize(bits: 8, channelAxis: 0, channels: 2)
        let w = try Tensor(shape: [2, 2], scalars: [1, 0.5, 100, 50])
        let qw = try pc(Variable(w)).value
        for (a, b) in zip(qw.scalars, w.scalars) { XCTAssertEqual(a, b, accuracy: b / 127) }
        // An activation observer clips what lies beyond its frozen range, and blocks gradients there.
        let obs = FakeQuantize(bits: 8, observer: true)
        _ = try obs(Variable(Tensor([1, -1])))
        obs.eval()
        let big = Variable(Tensor([0.5, 3]), requiresGrad: true)
        let out = try obs(big)
        XCTAssertEqual(out.value.scalars[1], 1, accuracy: 1e-6)
        try out.sum().backward()
        XCTAssertEqual(big.grad?.scalars, [1, 0])
    }

    func testEmbeddingAndTokens() throws {
        Initializer.seed(6)
        let e = Embedding(count: 5, dim: 3)
        let out = try e(IndexTensor(shape: [2, 2], values: [0, 4, 4, 1]))
        XCTAssertEqual(out.shape, [2, 2, 3])
        try (out * 1).sum().backward()
        XCTAssertEqual(try e.weight.grad!.sum(alongAxis: 1).scalars, [3, 3, 0, 0, 6])
        let tokens = LearnedTokens(count: 2, dim: 3)
        let seq = try tokens.prepended(to: Variable(rng.normal([4, 5, 3])))
        XCTAssertEqual(seq.shape, [4, 7, 3])
        try seq.sum().backward()
        XCTAssertEqual(tokens.tokens.grad?.scalars, [Float](repeating: 4, count: 6))
    }
}

