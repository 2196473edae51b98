import FaceAlignCore
import NN
import Tensor
import XCTest
@testable import DeCaFA

final class DeCaFAShapeTests: XCTestCase {
    func testStageOutputsHaveTheConfiguredShapes() throws {
        var c = DeCaFAConfig()
        c.inputSize = 32; c.stageCount = 3; c.widths = [4, 8]; c.stemChannels = 4
        c.taskNames = ["five", "aflw19", "ibug68"]
        let net = try DeCaFANetwork(c, seed: 1)
        let out = try net(Variable(Tensor(zeros: [2, 1, 32, 32])))
        XCTAssertEqual(out.points.count, 3)
        XCTAssertEqual(out.points[0].map(\.shape), [[2, 5, 2], [2, 19, 2], [2, 68, 2]])
        XCTAssertEqual(out.maps[2].shape, [2, 68, 16, 16])
        // Transfer layers start near zero: every landmark starts near the crop centre.
        for v in out.final.value.scalars { XCTAssertEqual(v, 16, accuracy: 0.5) }
    }

    func testSoftArgmaxOfAOneHotMapIsThePixelCentreTimesStride() throws {
        var m = Tensor(zeros: [1, 1, 4, 6])
        m.withUnsafeMutableBufferPointer { $0[2 * 6 + 5] = 1 }   // row 2, column 5
        let p = try AttentionMaps.softArgmax(Variable(m), stride: 2).value.scalars
        XCTAssertEqual(p[0], 11, accuracy: 1e-5)   // (5 + 0.5) · 2
        XCTAssertEqual(p[1], 5, accuracy: 1e-5)    // (2 + 0.5) · 2
    }

    func testAttentionGradientMatchesFiniteDifferences() throws {
        var rng = RandomGenerator(seed: 3)
        let z = Variable(rng.normal([1, 2, 3, 3]), requiresGrad: true)
        let beta = Variable(Tensor([1.3]), requiresGrad: true)
        let target = Variable(rng.uniform([1, 2, 2], low: 0, high: 6))
        let worst = try GradientCheck.maxRelativeError(variables: [z, beta]) {
            let p = try AttentionMaps.softArgmax(AttentionMaps.spatialSoftmax(z, beta: beta), stride: 2)
            return try (p - target).squared().sum()
        }
        XCTAssertLessThan(worst, 2e-2)
    }

    func testUnknownTaskIsRefusedWithTheKnownOnes() {
        var c = DeCaFAConfig()
        c.taskNames = ["five", "bogus"]
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("known: five")) }
    }

    func testIntermediateSupervisionWeightsDefault() {
        var c = DeCaFAConfig()
        c.stageCount = 4
        XCTAssertEqual(c.resolvedStageWeights, [0.125, 0.25, 0.5, 1])
    }
}
