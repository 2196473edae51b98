import Foundation
import XCTest
import Tensor
@testable import NN

final class SafetensorsAtomicFileTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("facet-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    func testWritesAndReplacesWithoutLeavingTemporaryFiles() throws {
        let url = dir.appendingPathComponent("state.bin")
        try writeFileAtomically(Data("first".utf8), to: url)
        XCTAssertEqual(try Data(contentsOf: url), Data("first".utf8))
        try writeFileAtomically(Data("second, longer".utf8), to: url)
        XCTAssertEqual(try Data(contentsOf: url), Data("second, longer".utf8))
        try writeFileAtomically(Data(), to: url)
        XCTAssertEqual(try Data(contentsOf: url), Data())
        XCTAssertEqual(try listing(), ["state.bin"])
    }

    func testFailedRenameRemovesTheTemporaryFileAndLeavesTheDestinationUntouched() throws {
        // A non-empty directory cannot be replaced by a file: rename fails after the data is written.
        let target = dir.appendingPathComponent("model.safetensors")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: target.appendingPathComponent("inside"))
        XCTAssertThrowsError(try saveSafetensors(["w": Tensor([1, 2])], to: target)) { error in
            XCTAssertTrue(error is FileIOError, "\(error)")
            XCTAssertTrue("\(error)".contains("cannot replace (rename onto) \(target.path)"), "\(error)")
        }
        XCTAssertEqual(try listing(), ["model.safetensors"], "the temporary file is removed")
        XCTAssertEqual(try Data(contentsOf: target.appendingPathComponent("inside")), Data("keep".utf8))
    }

    func testFailedSerialisationLeavesThePreviousFileIntact() throws {
        let url = dir.appendingPathComponent("w.safetensors")
        try saveSafetensors(["w": Tensor([1, 2])], to: url)
        let before = try Data(contentsOf: url)
        XCTAssertThrowsError(try saveSafetensors(["__metadata__": Tensor([3])], to: url))
        XCTAssertEqual(try Data(contentsOf: url), before)
        XCTAssertEqual(try listing(), ["w.safetensors"])
    }

    func testMissingDirectoryIsReportedWithAdvice() throws {
        let url = dir.appendingPathComponent("no/such/dir/w.safetensors")
        XCTAssertThrowsError(try writeFileAtomically(Data([1]), to: url)) { error in
            let e = error as? FileIOError
            XCTAssertEqual(e?.code, ENOENT)
            XCTAssertTrue("\(error)".contains(url.path), "\(error)")
            XCTAssertTrue("\(error)".contains("check that the path and its directory exist"), "\(error)")
        }
        XCTAssertEqual(try listing(), [])
    }

    func testWholeFileReadReturnsExactBytes() throws {
        let url = dir.appendingPathComponent("blob")
        var rng = RandomGenerator(seed: 5)
        let bytes = Data((0..<100_003).map { _ in UInt8.random(in: 0...255, using: &rng) })
        try writeFileAtomically(bytes, to: url)
        XCTAssertEqual(try readWholeFile(at: url), bytes)
    }
}
