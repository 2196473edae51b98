import CompressCore
import NN
import RED
import Registry
import Tensor
import XCTest

final class REDExactnessTests: XCTestCase {
    /// mlp-digits with random biases, so that merging has to carry them.
    func mlp(seed: UInt64) throws -> ModelGraph {
        var g = try ModelZoo.build(.mlpDigits, seed: seed)
        var random = TestRandom(seed + 100)
        for layer in ["fc1", "fc2", "fc3"] { g.tensors["\(layer).bias"] = random.tensor(g.tensors["\(layer).bias"]!.shape, scale: 0.1) }
        return g
    }

    func testPlantedDuplicatesWithoutHashingGiveBackTheOriginal() throws {
        let original = try mlp(seed: 1)
        let planted = try plantDuplicates(original, layers: ["fc1"], consumers: ["fc2"], noise: 0, seed: 2)
        XCTAssertEqual(planted.tensors["fc1.weight"]!.shape, [256, 64])
        let result = try REDPruner(config: REDConfig(hashing: false)).prune(planted, target: PruningTarget(.methodDefault), data: nil)
        XCTAssertEqual(result.model.tensors["fc1.weight"]!.shape, [128, 64])
        XCTAssertEqual(result.model.tensors["fc2.weight"]!.shape, [128, 128])
        XCTAssertEqual(result.model.tensors["fc3.weight"]!.shape, [10, 128])
        let x = randomTensor([32, 64], seed: 3)
        let d = relativeDifference(try result.model.predict(x), try original.predict(x))
        XCTAssertLessThan(d, 1e-5, "logits differ by \(d) relative")
        XCTAssertEqual(result.report.parameters.after, original.parameterCount)
        XCTAssertEqual(result.report.perLayer.first { $0.name == "fc1" }?.details["neurons merged"], 128)
    }

    func testPlantedDuplicatesInBothLayersWithoutHashing() throws {
        let original = try mlp(seed: 4)
        let planted = try plantDuplicates(original, layers: ["fc1", "fc2"], consumers: ["fc2", "fc3"], noise: 0, seed: 5)
        let result = try REDPruner(config: REDConfig(hashing: false)).prune(planted, target: PruningTarget(.methodDefault), data: nil)
        XCTAssertEqual(result.model.tensors["fc2.weight"]!.shape, [128, 128])
        let x = randomTensor([16, 64], seed: 6)
        XCTAssertLessThan(relativeDifference(try result.model.predict(x), try original.predict(x)), 1e-5)
    }

    func testNoisyPlantedDuplicatesMergeOnlyWithHashing() throws {
        let original = try mlp(seed: 7)
        let planted = try plantDuplicates(original, layers: ["fc1"], consumers: ["fc2"], noise: 1e-6, seed: 8)
        let off = try REDPruner(config: REDConfig(unevenDepthwise: false, hashing: false)).prune(planted, target: PruningTarget(.methodDefault), data: nil)
        XCTAssertEqual(off.model.tensors["fc1.weight"]!.shape[0], 256, "noise must keep the copies apart without hashing")
        let on = try REDPruner().prune(planted, target: PruningTarget(.methodDefault), data: nil)
        XCTAssertLessThanOrEqual(on.model.tensors["fc1.weight"]!.shape[0], 128 + 6, "hashing must make ≥ 95 % of the copies identical")
    }

    func testConstantNeuronFoldsIntoTheNextBias() throws {
        var b = GraphBuilder(inputShape: [12])
        let h = b.relu(b.dense(b.input, out: 8, name: "fc1"))
        let out = b.dense(h, out: 5, name: "fc2")
        let graph0 = try b.build(output: out)
        var random = TestRandom(9)
        var g = graph0
        var w = random.tensor([8, 12]).scalars
        for k in 0..<12 { w[3 * 12 + k] = 0; w[6 * 12 + k] = -0.0 }
        g.tensors["fc1.weight"] = try Tensor(shape: [8, 12], scalars: w)
        var bias = random.tensor([8], scale: 0.1).scalars
        bias[3] = 0.7        // relu(0.7) = 0.7 reaches fc2 as a constant
        bias[6] = -0.4       // relu(-0.4) = 0: removed outright
        g.tensors["fc1.bias"] = try Tensor(shape: [8], scalars: bias)
        g.tensors["fc2.weight"] = random.tensor([5, 8])
        g.tensors["fc2.bias"] = random.tensor([5], scale: 0.1)
        let result = try REDPruner(config: REDConfig(hashing: false)).prune(g, target: PruningTarget(.methodDefault), data: nil)
        XCTAssertEqual(result.model.tensors["fc1.weight"]!.shape, [6, 12])
        XCTAssertEqual(result.report.perLayer.first { $0.name == "fc1" }?.details["constant neurons folded"], 2)
        let x = random.tensor([10, 12])
        XCTAssertLessThan(relativeDifference(try result.model.predict(x), try g.predict(x)), 1e-5)
    }

    func testDataAccessIsNoneEvenWithDataGiven() throws {
        let g = try mlp(seed: 10)
        let data = RecordingDataSource(inputs: randomTensor([4, 64], seed: 11), labels: [0, 1, 2, 3], isTrainingSet: true)
        let result = try REDPruner().prune(g, target: PruningTarget(.methodDefault), data: data)
        XCTAssertEqual(result.report.dataAccess, DataAccess.none)
        XCTAssertEqual(result.report.methodID, "red")
        XCTAssertNotNil(result.storage)
        let modes = result.report.perLayer.compactMap { $0.details["modes"] }
        XCTAssertEqual(modes.count, 3)
        XCTAssertTrue(modes.allSatisfy { $0 >= 16 }, "the guard keeps ≥ 16 modes, got \(modes)")
        // Hashed layers hold exactly their modes.
        let fc1 = Set(result.model.tensors["fc1.weight"]!.scalars)
        XCTAssertLessThanOrEqual(Double(fc1.count), modes[0])
        let decoded = try result.storage!.decoded()
        XCTAssertEqual(decoded.tensors["fc1.weight"], result.model.tensors["fc1.weight"])
        XCTAssertLessThan(result.report.modelBytes.after, result.report.modelBytes.before / 3)
    }

    func testBudgetTargetsAreRefusedWithAHint() throws {
        let g = try mlp(seed: 12)
        XCTAssertThrowsError(try REDPruner().prune(g, target: PruningTarget(.parameterRatio(0.5)), data: nil)) { error in
            XCTAssertTrue("\(error)".contains("neuron ratio"))
        }
    }

    func testNeuronRatioUsesTheDistanceMerge() throws {
        let g = try mlp(seed: 13)
        let result = try REDPruner().prune(g, target: PruningTarget(.neuronRatio(0.75)), data: nil)
        let kept = result.model.tensors["fc1.weight"]!.shape[0] + result.model.tensors["fc2.weight"]!.shape[0]
        XCTAssertEqual(kept, 192)
    }

    func testPluginDescriptorAndFactory() throws {
        XCTAssertEqual(REDPlugin.descriptor.id, "red")
        XCTAssertEqual(REDPlugin.descriptor.task, .pruning)
        var config = MethodConfiguration(descriptor: REDPlugin.descriptor)
        try config.apply(overrides: ["bandwidth-scale=0.3", "uneven-depthwise=false"])
        let red = try REDPlugin.make(config)
        XCTAssertEqual(red.config.bandwidthScale, 0.3)
        XCTAssertFalse(red.config.unevenDepthwise)
        XCTAssertEqual(REDReproduction.methodID, "red")
    }

    func testSrinivasBabuIsExactOnExactDuplicates() throws {
        let original = try mlp(seed: 14)
        let planted = try plantDuplicates(original, layers: ["fc1", "fc2"], consumers: ["fc2", "fc3"], noise: 0, seed: 15)
        let result = try SrinivasBabuMerger().prune(planted, target: PruningTarget(.neuronRatio(0.5)), data: nil)
        XCTAssertEqual(result.model.tensors["fc1.weight"]!.shape, [128, 64])
        XCTAssertEqual(result.model.tensors["fc2.weight"]!.shape, [128, 128])
        XCTAssertEqual(result.report.dataAccess, DataAccess.none)
        let x = randomTensor([16, 64], seed: 16)
        XCTAssertLessThan(relativeDifference(try result.model.predict(x), try original.predict(x)), 1e-5)
    }
}
