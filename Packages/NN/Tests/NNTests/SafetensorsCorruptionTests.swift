import Foundation
import XCTest
import Tensor
@testable import NN

/// Damaged and forged files: each is refused with its own error, never a crash.
final class SafetensorsCorruptionTests: XCTestCase {
    /// A file from a header text and a buffer, with the length field as given (default: the header's).
    private func forge(_ header: String, buffer: [UInt8] = [], length: UInt64? = nil) -> Data {
        var data = Data()
        var n = (length ?? UInt64(header.utf8.count)).littleEndian
        withUnsafeBytes(of: &n) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        data.append(contentsOf: buffer)
        return data
    }

    private let sixteen = [UInt8](repeating: 0, count: 16)

    /// Asserts that parsing fails with `kind`, naming `tensor`, with every fragment in the message.
    private func assertRejected(_ data: Data, _ kind: SafetensorsError.Kind, tensor: String? = nil, _ fragments: String...,
                                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try SafetensorsFile(parsing: data, source: "bad.safetensors"), file: file, line: line) { error in
            guard let e = error as? SafetensorsError else { return XCTFail("not a SafetensorsError: \(error)", file: file, line: line) }
            XCTAssertEqual(e.kind, kind, "\(e)", file: file, line: line)
            XCTAssertEqual(e.tensor, tensor, "\(e)", file: file, line: line)
            XCTAssertTrue(e.description.hasPrefix("safetensors file bad.safetensors"), "\(e)", file: file, line: line)
            for f in fragments { XCTAssertTrue(e.description.contains(f), "'\(f)' not in: \(e)", file: file, line: line) }
        }
    }

    private func validFile() throws -> Data {
        try SafetensorsFile(entries: ["a": SafetensorsEntry(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])),
                                      "b": SafetensorsEntry(shape: [3], values: [Int8(1), 2, 3])],
                            metadata: ["k": "v"]).serialized()
    }

    func testForgeHelperMakesAValidFile() throws {
        let data = forge(#"{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}"#, buffer: sixteen)
        XCTAssertEqual(try SafetensorsFile(parsing: data).tensor("a").shape, [2, 2])
    }

    func testTruncatedFiles() throws {
        let valid = try validFile()
        assertRejected(Data(), .truncated, "holds 0 bytes", "fewer than the 8-byte header length")
        assertRejected(valid.prefix(5), .truncated, "holds 5 bytes")
        assertRejected(valid.prefix(20), .headerLength, "only 12 bytes follow it", "cut short")
        assertRejected(valid.dropLast(2), .invalidOffsets, tensor: "b", "reach past the data buffer", "re-download or re-save")
    }

    func testHeaderLengthBeyondTheLimitOrTheFile() {
        assertRejected(forge("{}", length: UInt64.max), .headerLength, "\(UInt64.max) bytes", "limit")
        assertRejected(forge("{}", length: 100_000_001), .headerLength, "more than the 100000000-byte limit")
        assertRejected(forge("{}", length: 3), .headerLength, "says 3 bytes but only 2 bytes follow it")
    }

    func testHeaderNotJSON() {
        assertRejected(forge(#"{"a": {"dtype": "F32""#), .headerNotJSON, "not valid JSON", "at byte 21", "not a safetensors file")
        assertRejected(forge("PK\u{3}\u{4} zip file"), .headerNotJSON, "not valid JSON", "found 'P'")
        assertRejected(forge(#"{"a":1} x"#), .headerNotJSON, "unexpected text after the JSON value")
        assertRejected(forge(#"{"a":01}"#), .headerNotJSON, "not valid JSON")
        var invalidUTF8 = forge(#"{"é":{}}"#)
        invalidUTF8[10] = 0xFF
        assertRejected(invalidUTF8, .headerNotJSON, "not UTF-8")
        let deep = "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        assertRejected(forge(deep), .headerNotJSON, "nested deeper than")
    }

    func testHeaderNotAnObject() {
        assertRejected(forge("[1,2]   "), .headerNotObject, "is an array, not a JSON object")
        assertRejected(forge("\"text\""), .headerNotObject, "is a string")
        assertRejected(forge("42"), .headerNotObject, "is the number 42")
    }

    func testEntryNotAnObjectOrMissingFields() {
        assertRejected(forge(#"{"a":[1,2]}"#), .invalidEntry, tensor: "a", "the entry is an array")
        assertRejected(forge(#"{"a":{"dtype":"F32","shape":[4]}}"#, buffer: sixteen), .invalidEntry, tensor: "a", "no \"data_offsets\"")
        assertRejected(forge(#"{"a":{"dtype":7,"shape":[4],"data_offsets":[0,16]}}"#, buffer: sixteen), .invalidEntry, tensor: "a", "dtype is the number 7")
        assertRejected(forge(#"{"a":{"dtype":"F32","shape":4,"data_offsets":[0,16]}}"#, buffer: sixteen), .invalidEntry, tensor: "a", "shape is the number 4")
    }

    func testUnknownAndUnsupportedDTypes() {
        assertRejected(forge(#"{"w":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}}"#, buffer: sixteen),
                       .unknownDType, tensor: "w", "unknown dtype \"F128\"", "F32")
        assertRejected(forge(#"{"w":{"dtype":"F8_E4M3","shape":[16],"data_offsets":[0,16]}}"#, buffer: sixteen),
                       .unknownDType, tensor: "w", "F8_E4M3 is a safetensors type Facet does not read", "convert the tensor to F16 or F32")
    }

    func testInvalidShapes() {
        func header(_ shape: String) -> Data { forge(#"{"w":{"dtype":"F32","shape":"# + shape + #","data_offsets":[0,16]}}"#, buffer: sixteen) }
        assertRejected(header("[-1,-4]"), .invalidShape, tensor: "w", "dimension 0 of the shape is -1, a negative size")
        assertRejected(header("[2,1.5]"), .invalidShape, tensor: "w", "dimension 1 of the shape is 1.5, not an integer")
        assertRejected(header("[4e0]"), .invalidShape, tensor: "w", "4e0, not an integer")
        assertRejected(header(#"["4"]"#), .invalidShape, tensor: "w", "is a string, not an integer")
        assertRejected(header("[true]"), .invalidShape, tensor: "w", "is true, not an integer")
        assertRejected(header("[99999999999999999999]"), .invalidShape, tensor: "w", "99999999999999999999, too large")
        assertRejected(header("[4294967296,4294967296]"), .invalidShape, tensor: "w", "more elements than Int can count")
        assertRejected(header("[2305843009213693952]"), .invalidShape, tensor: "w", "needs more bytes than Int can count")
    }

    func testOffsetsOutOfRange() {
        func header(_ offsets: String) -> Data { forge(#"{"w":{"dtype":"F32","shape":[4],"data_offsets":"# + offsets + "}}", buffer: sixteen) }
        assertRejected(header("[0,1000]"), .invalidOffsets, tensor: "w", "[0, 1000] reach past the data buffer, which holds 16 bytes")
        assertRejected(header("[16,0]"), .invalidOffsets, tensor: "w", "end before they begin")
        assertRejected(header("[-16,0]"), .invalidOffsets, tensor: "w", "begin is -16, a negative offset")
        assertRejected(header("[0]"), .invalidOffsets, tensor: "w", "an array of 1 values, not [begin, end]")
        assertRejected(header("[0,99999999999999999999]"), .invalidOffsets, tensor: "w", "too large")
    }

    func testSizeMismatch() {
        assertRejected(forge(#"{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,16]}}"#, buffer: sixteen),
                       .sizeMismatch, tensor: "w", "span 16 bytes but a F32 tensor of shape [2, 3] needs 24 (6 elements x 4 bytes)")
    }

    func testOverlappingTensors() {
        let header = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"I8","shape":[3],"data_offsets":[8,11]}}"#
        assertRejected(forge(header, buffer: sixteen), .overlap, tensor: "b", "[8, 11) overlap those of tensor 'a' [0, 16)")
    }

    func testGapsAndTrailingBytes() {
        let gap = #"{"a":{"dtype":"I8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"I8","shape":[4],"data_offsets":[8,12]}}"#
        assertRejected(forge(gap, buffer: [UInt8](repeating: 0, count: 12)), .gap, tensor: "b", "bytes [4, 8) of the data buffer before this tensor belong to no tensor")
        let trailing = #"{"a":{"dtype":"I8","shape":[4],"data_offsets":[0,4]}}"#
        assertRejected(forge(trailing, buffer: [UInt8](repeating: 0, count: 12)), .gap, "the last 8 bytes of the data buffer belong to no tensor")
    }

    func testDuplicateNamesAndBadMetadata() {
        let dup = #"{"a":{"dtype":"I8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"I8","shape":[1],"data_offsets":[0,1]}}"#
        assertRejected(forge(dup, buffer: [0]), .duplicateName, tensor: "a", "lists this name twice")
        assertRejected(forge(#"{"__metadata__":{"epoch":3}}"#), .invalidMetadata, "key 'epoch' is the number 3", "must be strings")
        assertRejected(forge(#"{"__metadata__":[]}"#), .invalidMetadata, "__metadata__ is an array")
        XCTAssertEqual(try SafetensorsFile(parsing: forge(#"{"__metadata__":null}"#)).metadata, [:])
    }

    func testErrorsFromAFileNameItsPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("facet-st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("broken.safetensors")
        try forge(#"{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,16]}}"#, buffer: sixteen).write(to: url)
        XCTAssertThrowsError(try loadSafetensors(from: url)) { error in
            XCTAssertTrue("\(error)".hasPrefix("safetensors file \(url.path), tensor 'w': "), "\(error)")
        }
        XCTAssertThrowsError(try loadSafetensors(from: dir.appendingPathComponent("absent.safetensors"))) { error in
            XCTAssertTrue(error is FileIOError, "\(error)")
            XCTAssertTrue("\(error)".contains("absent.safetensors"), "\(error)")
            XCTAssertTrue("\(error)".contains("check that the path and its directory exist"), "\(error)")
        }
        XCTAssertThrowsError(try loadSafetensors(from: dir)) { error in
            XCTAssertTrue("\(error)".contains("not a regular file"), "\(error)")
        }
    }

    /// Random byte flips, truncations and length forgeries of a valid file: every result
    /// either parses to entries whose sizes fit, or throws a SafetensorsError.
    func testRandomDamageNeverCrashes() throws {
        let valid = try validFile()
        var rng = RandomGenerator(seed: 99)
        var rejected = 0
        for trial in 0..<3000 {
            var data = valid
            switch trial % 3 {
            case 0:
                for _ in 0..<(1 + rng.integer(in: 0..<4)) {
                    data[rng.integer(in: 0..<data.count)] = UInt8.random(in: 0...255, using: &rng)
                }
            case 1:
                data = data.prefix(rng.integer(in: 0..<data.count))
            default:
                let i = 8 + rng.integer(in: 0..<(data.count - 8))
                data[i] = [UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "["), UInt8(ascii: "\""), 0][rng.integer(in: 0..<5)]
            }
            do {
                let file = try SafetensorsFile(parsing: data)
                for entry in file.entries.values {
                    XCTAssertEqual(entry.withUnsafeBytes(\.count), entry.byteCount)
                    _ = entry.tensor()
                }
            } catch is SafetensorsError {
                rejected += 1
            }
        }
        XCTAssertGreaterThan(rejected, 2000)
    }
}
