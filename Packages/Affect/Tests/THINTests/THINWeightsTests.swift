import AffectCore
import Foundation
import NN
import Tensor
import XCTest
import THIN

final class THINWeightsTests: XCTestCase {
    let architecture = THINFaceArchitecture(trunk: ConvTrunk(inputSide: 16, channels: [4, 8], representationSize: 8),
                                            identityCount: 3, cropMargin: 0.1)

    func model() throws -> THINModel {
        Initializer.seed(3)
        var config = THINConfig()
        config.gateDepth = 2
        return try architecture.makeModel(config: config, labels: .basic)
    }

    func temporaryURL() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("thin-\(UUID().uuidString).safetensors")
    }

    func testRoundTripGivesTheSameProbabilities() throws {
        let m = try model()
        let url = temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        let checksum = try THINWeights.save(m, architecture: architecture, to: url, provenance: ["recipe": "test"])
        let loaded = try THINWeights.load(from: url)
        XCTAssertEqual(loaded.architecture, architecture)
        XCTAssertEqual(loaded.metadata["recipe"], "test")
        XCTAssertEqual(loaded.metadata["thin.tensors_checksum"], checksum)
        XCTAssertEqual(loaded.model.config, m.config)
        XCTAssertEqual(loaded.model.inputShape, [1, 16, 16])
        var rng = RandomGenerator(seed: 4)
        let crops = rng.normal([3, 1, 16, 16])
        let a = try m.probabilities(crops).scalars, b = try loaded.model.probabilities(crops).scalars
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-6) }
    }

    func testADamagedTensorIsRefused() throws {
        let url = temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        try THINWeights.save(try model(), architecture: architecture, to: url)
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[bytes.count - 5] ^= 0x40                       // inside the last tensor's data
        XCTAssertThrowsError(try THINWeights.load(data: Data(bytes), source: "damaged")) { error in
            XCTAssertEqual(error as? THINWeightsError, .payloadCorrupt(path: "damaged"))
            XCTAssertTrue("\(error)".contains("checksum"))
        }
        // A truncated file fails in the safetensors reader with its own message.
        XCTAssertThrowsError(try THINWeights.load(data: Data(bytes.prefix(bytes.count / 2)), source: "cut"))
    }

    func testOtherFilesAreRefusedWithWhatToDo() throws {
        let url = temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        try saveSafetensors(["w": Tensor(zeros: [2])], metadata: ["recipe": "digits"], to: url)
        XCTAssertThrowsError(try THINWeights.load(from: url)) { error in
            XCTAssertEqual(error as? THINWeightsError, .notTHIN(path: url.path))
            XCTAssertTrue("\(error)".contains("facet expression train"))
        }
        XCTAssertThrowsError(try THINWeights.load(from: URL(fileURLWithPath: "/nonexistent/model.safetensors"))) { error in
            guard case .unreadable = error as? THINWeightsError else { return XCTFail("\(error)") }
        }
    }

    func testAnOracleGatedModelCannotBeSaved() throws {
        var config = THINConfig()
        config.gateInput = .external
        let e = ExogenousNetwork(trunk: try architecture.trunk.make(), head: Linear(8, 3))
        let m = try THINModel(exogenous: e, endogenous: try architecture.trunk.make(), endogenousSize: 8, classCount: 7,
                              config: config, externalGatingSize: 2, inputShape: [1, 16, 16], flattensInput: false)
        XCTAssertThrowsError(try THINWeights.save(m, architecture: architecture, to: temporaryURL()))
    }
}
