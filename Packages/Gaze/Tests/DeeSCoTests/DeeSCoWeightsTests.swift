import DeeSCo
import Foundation
import GazeCore
import NN
import Tensor
import XCTest

final class DeeSCoWeightsTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("deesco-weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testSaveLoadRoundTripKeepsPredictionsAndChecksums() throws {
        let model = try tinyModel()
        let (x, _) = try randomBatch(model, count: 4)
        let url = directory.appendingPathComponent("m.safetensors")
        let sha = try DeeSCoWeights.save(model, to: url, provenance: ["note": "test"])
        let (loaded, metadata) = try DeeSCoWeights.load(from: url, expectedSHA256: sha)
        XCTAssertEqual(loaded.config, model.config)
        XCTAssertEqual(metadata["note"], "test")
        XCTAssertEqual(try loaded.predict(x).ensemble, try model.predict(x).ensemble)
        XCTAssertThrowsError(try DeeSCoWeights.load(from: url, expectedSHA256: String(repeating: "0", count: 64))) {
            guard case DeeSCoWeightsError.checksumMismatch = $0 else { return XCTFail("\($0)") }
        }
    }

    func testCorruptAndForeignFilesAreRefused() throws {
        let model = try tinyModel()
        let url = directory.appendingPathComponent("m.safetensors")
        try DeeSCoWeights.save(model, to: url)
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[bytes.count - 3] ^= 0x40            // a tensor byte
        XCTAssertThrowsError(try DeeSCoWeights.load(data: Data(bytes), source: "flipped")) {
            XCTAssertEqual($0 as? DeeSCoWeightsError, .payloadCorrupt(path: "flipped"))
        }
        XCTAssertThrowsError(try DeeSCoWeights.load(data: Data(bytes.prefix(100)), source: "cut"))
        let foreign = try SafetensorsFile(tensors: ["w": Tensor(zeros: [2])]).serialized()
        XCTAssertThrowsError(try DeeSCoWeights.load(data: foreign, source: "foreign")) {
            XCTAssertEqual($0 as? DeeSCoWeightsError, .notDeeSCo(path: "foreign"))
        }
        XCTAssertThrowsError(try DeeSCoWeights.load(from: directory.appendingPathComponent("missing.safetensors")))
    }
}
