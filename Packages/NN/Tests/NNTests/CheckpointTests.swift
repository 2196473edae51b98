import Foundation
import XCTest
import Tensor
@testable import NN

final class CheckpointTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("facet-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private struct Hyperparameters: Codable, Equatable {
        var learningRate: Double
        var batchSize: Int
        var schedule: [String]
    }

    func testTensorsAndTypedMetadataRoundTrip() throws {
        let url = dir.appendingPathComponent("run.ckpt.safetensors")
        var rng = RandomGenerator(seed: 1)
        var ckpt = Checkpoint(tensors: ["model.fc.weight": rng.normal([4, 3]), "optim.fc.weight.m": rng.normal([4, 3]),
                                        "optim.step": Tensor(scalar: 120)])
        let hyper = Hyperparameters(learningRate: 3e-4, batchSize: 64, schedule: ["warmup", "cosine"])
        ckpt.set(7, forKey: "epoch")
        ckpt.set(-3, forKey: "negative")
        ckpt.set(UInt64.max, forKey: "seed")
        ckpt.set([UInt64.max, 0, 1 << 63, 12_345_678_901_234_567_890], forKey: "rng")
        ckpt.set(0.1, forKey: "loss")
        ckpt.set("digits-mlp", forKey: "recipe")
        try ckpt.setJSON(hyper, forKey: "hyperparameters")
        try ckpt.write(to: url)

        let back = try Checkpoint.read(from: url)
        XCTAssertEqual(back, ckpt)
        XCTAssertEqual(back.source, url.path)
        XCTAssertEqual(try back.int(forKey: "epoch"), 7)
        XCTAssertEqual(try back.int(forKey: "negative"), -3)
        XCTAssertEqual(try back.uint64(forKey: "seed"), UInt64.max)
        XCTAssertEqual(try back.uint64s(forKey: "rng"), [UInt64.max, 0, 1 << 63, 12_345_678_901_234_567_890])
        XCTAssertEqual(try back.double(forKey: "loss"), 0.1)
        XCTAssertEqual(try back.string(forKey: "recipe"), "digits-mlp")
        XCTAssertEqual(try back.json(Hyperparameters.self, forKey: "hyperparameters"), hyper)
        XCTAssertNil(back.metadata[Checkpoint.formatVersionKey], "the version is checked, not handed back")

        let raw = try SafetensorsFile(contentsOf: url)
        XCTAssertEqual(raw.metadata[Checkpoint.formatVersionKey], "1")
        XCTAssertEqual(raw.metadata["seed"], "18446744073709551615")
    }

    func testModuleStateSurvivesACheckpoint() throws {
        let url = dir.appendingPathComponent("linear.safetensors")
        let a = Linear(5, 2), b = Linear(5, 2)
        XCTAssertNotEqual(a.stateDict(), b.stateDict())
        try Checkpoint(tensors: a.stateDict()).write(to: url)
        try b.loadStateDict(Checkpoint.read(from: url).tensors)
        XCTAssertEqual(a.stateDict(), b.stateDict())
    }

    private func writeRaw(metadata: [String: String]) throws -> URL {
        let url = dir.appendingPathComponent("raw-\(UUID().uuidString).safetensors")
        try saveSafetensors(["w": Tensor([1])], metadata: metadata, to: url)
        return url
    }

    func testNewerFormatVersionIsRefusedWithAdvice() throws {
        let url = try writeRaw(metadata: [Checkpoint.formatVersionKey: "2"])
        XCTAssertThrowsError(try Checkpoint.read(from: url)) { error in
            XCTAssertEqual(error as? CheckpointError, .unsupportedFormatVersion(file: url.path, found: "2"))
            XCTAssertEqual("\(error)", "\(url.path) is a checkpoint of format version 2, newer than the 1 this build of Facet reads; update Facet to read it")
        }
    }

    func testUnknownOrMissingFormatVersion() throws {
        for bad in ["0", "-1", "one", "1.0", ""] {
            let url = try writeRaw(metadata: [Checkpoint.formatVersionKey: bad])
            XCTAssertThrowsError(try Checkpoint.read(from: url), bad) { error in
                XCTAssertTrue("\(error)".contains("'\(bad)', which is not a format version Facet knows"), "\(error)")
            }
        }
        let plain = try writeRaw(metadata: [:])
        XCTAssertThrowsError(try Checkpoint.read(from: plain)) { error in
            XCTAssertEqual(error as? CheckpointError, .missingFormatVersion(file: plain.path))
            XCTAssertTrue("\(error)".contains("not a Facet checkpoint"), "\(error)")
            XCTAssertTrue("\(error)".contains("loadSafetensors(from:)"), "\(error)")
        }
    }

    func testReservedKeyIsRefusedAndThePreviousCheckpointKept() throws {
        let url = dir.appendingPathComponent("ckpt.safetensors")
        try Checkpoint(tensors: ["w": Tensor([1])], metadata: ["epoch": "1"]).write(to: url)
        let bad = Checkpoint(tensors: ["w": Tensor([2])], metadata: [Checkpoint.formatVersionKey: "9"])
        XCTAssertThrowsError(try bad.write(to: url)) { error in
            XCTAssertEqual(error as? CheckpointError, .reservedKey(Checkpoint.formatVersionKey))
        }
        XCTAssertEqual(try Checkpoint.read(from: url).metadata, ["epoch": "1"])
    }

    func testTypedMetadataErrorsNameKeyAndExpectation() throws {
        var ckpt = Checkpoint()
        ckpt.set("ten", forKey: "epoch")
        ckpt.set("1,x,3", forKey: "rng")
        ckpt.set("{", forKey: "hyper")
        XCTAssertThrowsError(try ckpt.int(forKey: "step")) { error in
            XCTAssertEqual("\(error)", "checkpoint <memory> has no metadata 'step'; was it written by another training recipe or an older version of it?")
        }
        XCTAssertThrowsError(try ckpt.int(forKey: "epoch")) { error in
            XCTAssertTrue("\(error)".contains("metadata 'epoch' is 'ten', not an integer"), "\(error)")
        }
        XCTAssertThrowsError(try ckpt.uint64s(forKey: "rng")) { error in
            XCTAssertTrue("\(error)".contains("not comma-separated unsigned 64-bit integers"), "\(error)")
        }
        XCTAssertThrowsError(try ckpt.json(Hyperparameters.self, forKey: "hyper")) { error in
            XCTAssertTrue("\(error)".contains("not JSON of Hyperparameters"), "\(error)")
        }
        ckpt.set([UInt64](), forKey: "empty")
        XCTAssertEqual(try ckpt.uint64s(forKey: "empty"), [])
    }

    func testNonFloatEntriesAreConvertedOnLoad() throws {
        let url = dir.appendingPathComponent("mixed.safetensors")
        try SafetensorsFile(entries: ["q": SafetensorsEntry(shape: [2], values: [Int8(-3), 4]),
                                      "h": SafetensorsEntry(Tensor([0.5, 2]), dtype: .float16)],
                            metadata: [Checkpoint.formatVersionKey: "1"]).write(to: url)
        let ckpt = try Checkpoint.read(from: url)
        XCTAssertEqual(ckpt.tensors["q"]?.scalars, [-3, 4])
        XCTAssertEqual(ckpt.tensors["h"]?.scalars, [0.5, 2])
    }
}
