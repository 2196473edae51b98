import CompressCore
import Foundation
import NN
import PowerQuant
import Registry
import Tensor
import XCTest

/// Small models with bell-shaped (Gaussian) weights, the case PowerQuant is built for.
enum Fixtures {
    static func gaussianMLP(seed: UInt64 = 1) throws -> ModelGraph {
        Initializer.seed(seed)
        var b = GraphBuilder(inputShape: [64])
        var x = b.relu(b.dense(b.input, out: 96, name: "fc1"))
        x = b.relu(b.dense(x, out: 64, name: "fc2"))
        x = b.dense(x, out: 10, name: "fc3")
        var g = try b.build(output: x)
        for name in ["fc1", "fc2", "fc3"] {
            let w = g.tensor(name, "weight")!
            g.tensors["\(name).weight"] = Initializer.normal(w.shape, std: 0.1)
            g.tensors["\(name).bias"] = Initializer.normal([w.shape[0]], std: 0.05)
        }
        return g
    }

    /// conv → BN → ReLU → depthwise → BN → ReLU → GAP → dense, with non-trivial BN statistics.
    static func bnCNN(seed: UInt64 = 2) throws -> ModelGraph {
        Initializer.seed(seed)
        var b = GraphBuilder(inputShape: [1, 8, 8])
        var x = b.relu(b.batchNorm(b.conv2d(b.input, out: 8, kernel: 3, padding: 1, name: "conv1"), name: "bn1"), name: "relu1")
        x = b.relu(b.batchNorm(b.depthwiseConv2d(x, kernel: 3, padding: 1, name: "dw"), name: "bn2"), name: "relu2")
        x = b.dense(b.flatten(b.globalAvgPool(x)), out: 10, name: "fc")
        var g = try b.build(output: x)
        for bn in ["bn1", "bn2"] {
            g.tensors["\(bn).weight"] = Initializer.uniform([8], bound: 1).map { 0.5 + abs($0) }
            g.tensors["\(bn).bias"] = Initializer.normal([8], std: 0.3)
            g.tensors["\(bn).running_mean"] = Initializer.normal([8], std: 0.2)
            g.tensors["\(bn).running_var"] = Initializer.uniform([8], bound: 1).map { 0.5 + abs($0) }
        }
        return g
    }
}

final class PowerMapCodecTests: XCTestCase {
    func testUniformErrorIsAtMostHalfAStep() throws {
        let w = try Fixtures.gaussianMLP().tensor("fc1", "weight")!
        for bits in [2, 3, 4, 8] {
            for perChannel in [false, true] {
                let codec = PowerMapCodec(bits: bits, exponent: 1, perChannel: perChannel)
                let stored = try codec.encode(w)
                let decoded = try stored.dequantized().scalars
                let values = w.scalars, groupSize = w.count / stored.scales.count
                for i in 0..<w.count {
                    let halfStep = stored.scales[i / groupSize] / Float(codec.levels) / 2
                    XCTAssertLessThanOrEqual(abs(values[i] - decoded[i]), halfStep * 1.0001 + 1e-7, "bits \(bits) weight \(i)")
                }
                // The closed-form error equals the error of the stored codes.
                XCTAssertEqual(codec.squaredError(w), ReconstructionError.squared(values, decoded), accuracy: 1e-6 * max(codec.squaredError(w), 1e-9))
            }
        }
    }

    func testPowerDecodingRoundTripsCodes() throws {
        let w = try Tensor(shape: [2, 4], scalars: [0, -0.5, 0.25, 1, 0.01, -0.02, 0, 0.03])
        let codec = PowerMapCodec(bits: 4, exponent: 0.5, perChannel: true)
        let stored = try codec.encode(w)
        XCTAssertEqual(stored.scales, [1, 0.03])
        XCTAssertEqual(stored.codes[0], 0)                         // 0^a = 0
        XCTAssertEqual(stored.codes[3], 7)                         // the max maps to n
        XCTAssertEqual(stored.codes[1], -Int((7 * 0.5.squareRoot()).rounded()))
        let decoded = try stored.dequantized().scalars
        XCTAssertEqual(decoded[3], 1, accuracy: 1e-6)
        XCTAssertLessThan(decoded[1], 0)
    }
}

final class ExponentSearchTests: XCTestCase {
    func testGoldenSectionFindsAParabolaMinimum() {
        let m = GoldenSection.minimize(in: 0...3, tolerance: 1e-6) { ($0 - 0.7) * ($0 - 0.7) + 2 }
        XCTAssertEqual(m.x, 0.7, accuracy: 1e-5)
        XCTAssertEqual(m.value, 2, accuracy: 1e-9)
    }

    func testGridIncludesOneAndHas141Points() {
        let grid = GridThenGolden(range: 0.1...1.5, gridPoints: 141, required: [1]).grid
        XCTAssertEqual(grid.count, 141)
        XCTAssertTrue(grid.contains(1))
        XCTAssertEqual(grid.first!, 0.1, accuracy: 1e-12)
        XCTAssertEqual(grid.last!, 1.5, accuracy: 1e-12)
    }

    func testSearchReturnsTheMinimumOfADenseScan() throws {
        let model = try Fixtures.gaussianMLP()
        for (bits, granularity) in [(3, Granularity.perTensor), (4, .perChannel), (2, .perTensor)] {
            var config = PowerQuantConfig()
            config.weightBits = bits
            config.granularity = granularity
            let chosen = try PowerQuantQuantizer(config).searchExponents(model)
            let engine = try PowerMapQuantization(bits: bits, granularity: granularity)
            let layers = QuantizableLayer.all(in: model)
            for layer in layers {
                let choice = chosen.perLayer[layer.name]!
                let dense = stride(from: 0.1, through: 1.5, by: 0.0005).map { engine.codec(for: layer, exponent: $0).squaredError(layer.weight) }
                let denseMin = dense.min()!
                // Rounding makes E(a) jumpy; the search must land within 0.5 % of the dense-scan minimum.
                XCTAssertLessThanOrEqual(choice.error, denseMin * 1.005, "W\(bits) \(granularity) \(layer.name)")
                XCTAssertEqual(choice.error, engine.codec(for: layer, exponent: choice.exponent).squaredError(layer.weight), accuracy: 1e-12)
                XCTAssertLessThanOrEqual(choice.error, choice.uniformError)
            }
        }
    }

    func testPowerQuantNeverLosesToUniformInErrorAndPicksASubUnitExponentForGaussians() throws {
        let model = try Fixtures.gaussianMLP()
        for bits in [3, 4] {
            for granularity in Granularity.allCases {
                for scope in ExponentScope.allCases {
                    var config = PowerQuantConfig()
                    config.weightBits = bits
                    config.granularity = granularity
                    config.exponentScope = scope
                    let result = try PowerQuantQuantizer(config).quantize(model)
                    let uniform = try UniformQuantizer().quantize(model, target: config.target, data: nil)
                    let e = result.report.perLayer.reduce(0) { $0 + $1.details["error"]! }
                    let e1 = uniform.report.perLayer.reduce(0) { $0 + $1.details["error"]! }
                    XCTAssertLessThan(e, e1, "W\(bits) \(granularity) \(scope)")
                    for layer in result.report.perLayer {
                        XCTAssertLessThanOrEqual(layer.details["error"]!, layer.details["error-uniform"]! * (1 + 1e-12))
                    }
                    if scope == .global {
                        let a = Double(result.report.hyperparameters["global-exponent"]!)!
                        XCTAssertGreaterThan(a, 0.3)
                        XCTAssertLessThan(a, 0.95)
                    }
                }
            }
        }
    }
}

final class PowerQuantQuantizerTests: XCTestCase {
    func testReadsNoData() throws {
        let model = try Fixtures.gaussianMLP()
        let data = RecordingDataSource(inputs: Tensor(zeros: [8, 64]), labels: Array(0..<8), isTrainingSet: true)
        let result = try PowerQuantQuantizer().quantize(model, target: QuantizationTarget(weightBits: 3), data: data)
        XCTAssertEqual(data.access, .none)
        XCTAssertEqual(result.report.dataAccess, .none)
        XCTAssertEqual(result.report.methodID, "powerquant")
    }

    func testQuantizedFileIsAboutBitsOver32OfTheFloatFile() throws {
        let model = try Fixtures.gaussianMLP()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("powerquant-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let floatURL = dir.appendingPathComponent("float.safetensors")
        try QuantizedModel(graph: model, quantized: [:]).save(to: floatURL)
        let floatBytes = try FileManager.default.attributesOfItem(atPath: floatURL.path)[.size] as! Int
        let weights = QuantizableLayer.all(in: model).reduce(0) { $0 + $1.weight.count }
        for bits in [2, 4, 8] {
            let result = try PowerQuantQuantizer().quantize(model, target: QuantizationTarget(weightBits: bits, granularity: .perTensor), data: nil)
            let url = dir.appendingPathComponent("w\(bits).safetensors")
            try result.storage!.save(to: url)
            let bytes = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
            let ratio = Double(bytes) / Double(floatBytes)
            // Weights shrink to bits/32; biases (≈2 % here), scales and the header stay.
            XCTAssertGreaterThan(ratio, Double(bits) / 32, "W\(bits)")
            XCTAssertLessThan(ratio, Double(bits) / 32 + 0.06, "W\(bits): \(bytes) of \(floatBytes) bytes")
            XCTAssertEqual(result.report.modelBytes.after, result.storage!.byteCount)
            XCTAssertLessThan(abs(result.storage!.byteCount - weights * bits / 8), model.tensors.values.reduce(0) { $0 + $1.count } * 4 - weights * 4 + 64)
            // The file decodes back to the model that runs.
            let loaded = try QuantizedModel.load(from: url).model.decoded()
            let x = Initializer.normal([5, 64], std: 1)
            XCTAssertEqual(try loaded.predict(x).scalars, try result.model.predict(x).scalars)
        }
    }

    func testW8StaysCloseToFloat() throws {
        let model = try Fixtures.gaussianMLP()
        let x = Initializer.normal([32, 64], std: 1)
        let y = try model.predict(x).scalars
        let q = try PowerQuantQuantizer().quantize(model, target: QuantizationTarget(weightBits: 8), data: nil).model
        let yq = try q.predict(x).scalars
        let worst = zip(y, yq).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(worst, 0.02 * (y.map(abs).max()!))
    }

    func testActivationQuantizationUsesBatchNormPriorAndOneExponent() throws {
        let model = try Fixtures.bnCNN()
        var config = PowerQuantConfig()
        config.activationBits = 8
        let result = try PowerQuantQuantizer(config).quantize(model)
        let quantizers = result.model.nodes.compactMap { node -> (String, Float, Float, Bool)? in
            if case .quantizeActivation(let bits, let m, let a, let s) = node.op { XCTAssertEqual(bits, 8); return (node.name, m, a, s) }
            return nil
        }
        // conv1 reads the network input (float); dw reads relu(bn1), fc reads gap(relu(bn2)).
        XCTAssertEqual(quantizers.map(\.0).sorted(), ["dw_aq", "fc_aq"])
        XCTAssertFalse(result.model.nodes.contains { if case .batchNorm = $0.op { return true } else { return false } })
        let gamma = model.tensor("bn1", "weight")!.scalars, beta = model.tensor("bn1", "bias")!.scalars
        let expected = zip(beta, gamma).map { $0 + 6 * abs($1) }.max()!
        XCTAssertEqual(quantizers.first { $0.0 == "dw_aq" }!.1, expected, accuracy: 1e-5)
        let global = Float(Double(result.report.hyperparameters["global-exponent"]!)!)
        for q in quantizers { XCTAssertEqual(q.2, global, accuracy: 1e-4); XCTAssertFalse(q.3) }
        XCTAssertEqual(result.report.hyperparameters["float-inputs"], "conv1")
        XCTAssertEqual(result.report.dataAccess, .none)
        // A8 with an 8-bit model stays close to the float model.
        let x = Initializer.uniform([16, 1, 8, 8], bound: 1).map { abs($0) }
        let agreement = try ModelZoo.agreement(model, result.model, inputs: x)
        XCTAssertGreaterThanOrEqual(agreement, 0.8)
    }

    func testActivationQuantizationWithoutBatchNormSaysWhatToDo() throws {
        var config = PowerQuantConfig()
        config.activationBits = 8
        XCTAssertThrowsError(try PowerQuantQuantizer(config).quantize(try Fixtures.gaussianMLP())) { error in
            XCTAssertTrue("\(error)".contains("activation-bits=0"), "\(error)")
        }
    }

    func testPluginBuildsFromTheRegistry() throws {
        let registry = try MethodRegistry([PowerQuantPlugin.self, UniformQuantizerPlugin.self])
        var configuration = MethodConfiguration(descriptor: PowerQuantPlugin.descriptor)
        try configuration.apply(overrides: ["bits=3", "granularity=per-tensor", "scope=global", "activation-bits=4"])
        let quantizer = try PowerQuantPlugin.make(configuration)
        XCTAssertEqual(quantizer.config.weightBits, 3)
        XCTAssertEqual(quantizer.config.activationBits, 4)
        XCTAssertEqual(quantizer.config.granularity, .perTensor)
        XCTAssertEqual(quantizer.config.exponentScope, .global)
        XCTAssertEqual(PowerQuantPlugin.descriptor.task, .quantization)
        XCTAssertEqual(registry.methods(for: .quantization).map(\.id).sorted(), ["baseline-uniform", "powerquant"])
        var bad = MethodConfiguration(descriptor: PowerQuantPlugin.descriptor)
        try bad.apply(overrides: ["search-min=1.2", "search-max=0.5"])
        XCTAssertThrowsError(try PowerQuantPlugin.make(bad))
    }
}
