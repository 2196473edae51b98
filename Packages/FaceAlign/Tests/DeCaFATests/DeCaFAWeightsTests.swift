import FaceAlignCore
import Foundation
import NN
import Tensor
import XCTest
@testable import DeCaFA

final class DeCaFAWeightsTests: XCTestCase {
    func smallConfig() -> DeCaFAConfig {
        var c = DeCaFAConfig()
        c.inputSize = 32; c.widths = [4, 8]; c.stemChannels = 4
        return c
    }

    func testRoundTripVerifiesTheChecksum() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("decafa-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let net = try DeCaFANetwork(smallConfig(), seed: 5)
        let digest = try DeCaFAWeights.save(net, to: url, provenance: ["recipe": "test"])
        let loaded = try DeCaFADetector(weights: url, expectedSHA256: digest)
        XCTAssertEqual(loaded.config, smallConfig())
        XCTAssertEqual(loaded.metadata["recipe"], "test")
        for (name, t) in net.stateDict() { XCTAssertEqual(loaded.network.stateDict()[name], t, name) }
        XCTAssertThrowsError(try DeCaFADetector(weights: url, expectedSHA256: String(repeating: "0", count: 64))) {
            guard case DeCaFAWeightsError.checksumMismatch = $0 else { return XCTFail("\($0)") }
        }
    }

    func testGroupNormModelRoundTripsAndPlainFilesStayPlain() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("decafa-gn-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        var config = smallConfig()
        config.normalizationGroups = 4
        let net = try DeCaFANetwork(config, seed: 6)
        XCTAssertTrue(net.stateDict().keys.contains { $0.contains("firstNorm") })
        var plain = smallConfig()
        plain.normalizationGroups = nil
        XCTAssertFalse(try DeCaFANetwork(plain, seed: 6).stateDict().keys.contains { $0.contains("Norm") })
        try DeCaFAWeights.save(net, to: url)
        let loaded = try DeCaFADetector(weights: url)
        XCTAssertEqual(loaded.config.normalizationGroups, 4)
        var rng = RandomGenerator(seed: 3)
        let x = Variable(rng.normal([2, 1, 32, 32]))
        net.eval()
        XCTAssertEqual(try net(x).final.value, try loaded.network(x).final.value)
        config.normalizationGroups = 0
        XCTAssertThrowsError(try DeCaFANetwork(config)) { XCTAssertTrue("\($0)".contains("normalizationGroups"), "\($0)") }
    }

    func testCorruptWeightFileIsRefused() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("decafa-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try DeCaFAWeights.save(try DeCaFANetwork(smallConfig(), seed: 5), to: url)
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[bytes.count - 10] ^= 0x40    // a bit flip inside the last tensor
        try Data(bytes).write(to: url)
        XCTAssertThrowsError(try DeCaFADetector(weights: url)) {
            guard case DeCaFAWeightsError.payloadCorrupt = $0 else { return XCTFail("\($0)") }
        }
        try Data("not a weight file".utf8).write(to: url)
        XCTAssertThrowsError(try DeCaFADetector(weights: url))
    }
}
