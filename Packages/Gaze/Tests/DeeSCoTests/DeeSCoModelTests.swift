import DeeSCo
import GazeCore
import NN
import Tensor
import XCTest

final class DeeSCoModelTests: XCTestCase {
    func testForwardShapesHeatmapsAndLandmarks() throws {
        let model = try tinyModel()
        let (x, _) = try randomBatch(model, count: 3)
        let out = try model.forward(x)
        XCTAssertEqual(out.predictorCount, 3)
        for m in 0..<3 {
            XCTAssertEqual(out.heatmaps[m].shape, [3, 80])
            XCTAssertEqual(out.estimates[m].shape, [3, 2])
            XCTAssertEqual(out.eyeLandmarks[m].shape, [3, 7, 2])
            let h = out.heatmaps[m].value.scalars
            for i in 0..<3 { XCTAssertEqual(h[(i * 80)..<((i + 1) * 80)].reduce(0, +), 1, accuracy: 1e-4) }
            // Soft-argmax stays inside the grid and landmarks inside the crop.
            for (k, v) in out.estimates[m].value.scalars.enumerated() { XCTAssertLessThanOrEqual(abs(v), k % 2 == 0 ? 40 : 30) }
            for (k, v) in out.eyeLandmarks[m].value.scalars.enumerated() { XCTAssertTrue((0...(k % 2 == 0 ? 60 : 36)).contains(v)) }
        }
        XCTAssertThrowsError(try model.forward(Tensor(zeros: [2, 1, 36, 50])))
        XCTAssertThrowsError(try model.forward(Tensor(zeros: [2, 3, 36, 60])))
    }

    func testParameterCountsOfTheProtocolsDesignsMatch() throws {
        let hetero = DeeSCoConfig.heterogeneous, homo = DeeSCoConfig.homogeneous(matching: hetero)
        XCTAssertEqual(Double(homo.parameterCount), Double(hetero.parameterCount), accuracy: 0.1 * Double(hetero.parameterCount))
        XCTAssertTrue(homo.heads.allSatisfy { $0 == homo.heads[0] && $0.stage == 4 && $0.convs == 1 })
        XCTAssertEqual(Set(hetero.heads.map(\.stage)), [2, 3, 4])
        // The closed-form count is the built model's.
        Initializer.seed(0)
        XCTAssertEqual(try DeeSCoModel(config: hetero).parameterCount, hetero.parameterCount)
        XCTAssertEqual(try DeeSCoModel(config: .single()).parameterCount, DeeSCoConfig.single().parameterCount)
        var bad = hetero
        bad.heads[0].stage = 5
        XCTAssertThrowsError(try DeeSCoModel(config: bad))
    }

    func testGaussianTargetsPeakAtTheLabelAndDecodeToIt() throws {
        let grid = GazeGrid(rows: 24, columns: 24, yawRange: 40, pitchRange: 30)
        let labels = try Tensor(shape: [3, 2], scalars: [0, 0, 12.3, -7.7, -31, 20])
        let t = try grid.gaussianTargets(labels, sigma: 1)
        let decoded = try t.matmul(grid.centres()).scalars, s = t.scalars
        for i in 0..<3 {
            XCTAssertEqual(s[(i * 576)..<((i + 1) * 576)].reduce(0, +), 1, accuracy: 1e-4)
            XCTAssertEqual(decoded[2 * i], labels.scalars[2 * i], accuracy: 0.05)
            XCTAssertEqual(decoded[2 * i + 1], labels.scalars[2 * i + 1], accuracy: 0.05)
        }
        // Row 0 is looking up: a label at +20° pitch puts its mass in the top rows.
        let top = (0..<(6 * 24)).reduce(Float(0)) { $0 + s[2 * 576 + $1] }
        XCTAssertGreaterThan(top, 0.9)
        XCTAssertThrowsError(try grid.gaussianTargets(Tensor(zeros: [3]), sigma: 1))
    }

    func testAdaptivePoolingAveragesItsBinsAndPassesGradientCheck() throws {
        let pool = AdaptiveAveragePool(rows: 2, columns: 3)
        var rng = RandomGenerator(seed: 1)
        let x = Variable(rng.normal([2, 3, 4, 6]), requiresGrad: true)
        let y = try pool(x)
        XCTAssertEqual(y.shape, [2, 18])
        let v = x.value.scalars
        // Bin (1, 2) of channel 0, image 1: rows 2..<4, columns 4..<6.
        var expected: Float = 0
        for r in 2..<4 { for c in 4..<6 { expected += v[72 + r * 6 + c] / 4 } }
        XCTAssertEqual(y.value.scalars[18 + 5], expected, accuracy: 1e-5)
        // Uneven bins overlap as PyTorch's do: 5 rows into 2 bins take rows 0..<3 and 2..<5.
        let odd = try AdaptiveAveragePool(rows: 2, columns: 1)(Variable(Tensor(shape: [1, 1, 5, 1], scalars: [1, 2, 3, 4, 5]))).value.scalars
        XCTAssertEqual(odd, [2, 4])
        try (y * Variable(rng.normal([2, 18]))).sum().backward()
        let analytic = x.grad!.scalars
        let eps: Float = 1e-2
        for k in [0, 17, 40, 95, 143] {
            var plus = x.value, minus = x.value
            plus.withUnsafeMutableBufferPointer { $0[k] += eps }
            minus.withUnsafeMutableBufferPointer { $0[k] -= eps }
            var r2 = RandomGenerator(seed: 1)
            _ = r2.normal([2, 3, 4, 6])
            let w = Variable(r2.normal([2, 18]))
            let fp = try (pool(Variable(plus)) * w).sum().value.scalar, fm = try (pool(Variable(minus)) * w).sum().value.scalar
            XCTAssertEqual(analytic[k], (fp - fm) / (2 * eps), accuracy: 1e-2)
        }
    }
}
