import Foundation
import XCTest
import Tensor
@testable import NN

final class SafetensorsRoundTripTests: XCTestCase {
    private func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("facet-st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testFloat32TensorsAndMetadataRoundTripThroughAFile() throws {
        let url = try temporaryDirectory().appendingPathComponent("model.safetensors")
        var rng = RandomGenerator(seed: 7)
        let tensors: [String: Tensor] = [
            "conv.weight": rng.normal([8, 3, 3, 3]),
            "conv.bias": rng.normal([8]),
            "bn.running_mean": Tensor(zeros: [8]),
            "scalar": Tensor(scalar: -0.0),
            "empty": Tensor(zeros: [0, 5]),
        ]
        let metadata = ["epoch": "12", "note": "ünïcode \"quoted\"\n\\ \u{1}"]
        try saveSafetensors(tensors, metadata: metadata, to: url)
        let loaded = try loadSafetensors(from: url)
        XCTAssertEqual(loaded.metadata, metadata)
        XCTAssertEqual(Set(loaded.tensors.keys), Set(tensors.keys))
        for (name, t) in tensors {
            let back = try XCTUnwrap(loaded.tensors[name])
            XCTAssertEqual(back.shape, t.shape, name)
            // Bit-exact, -0.0 included.
            XCTAssertEqual(back.scalars.map(\.bitPattern), t.scalars.map(\.bitPattern), name)
        }
    }

    func testLayoutIsDeterministicSortedPaddedAndAligned() throws {
        let file = SafetensorsFile(entries: [
            "b_bytes": try SafetensorsEntry(shape: [3], values: [Int8(1), 2, 3]),
            "a_float": SafetensorsEntry(Tensor([1, 2, 3])),
            "c_long": try SafetensorsEntry(shape: [1], values: [Int64(5)]),
            "d_half": try SafetensorsEntry(Tensor([0.5]), dtype: .float16),
        ], metadata: ["z": "1", "a": "2"])
        let data = try file.serialized()
        XCTAssertEqual(try file.serialized(), data, "the same file must serialise to the same bytes")

        let headerLength = Int(data.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        XCTAssertEqual(headerLength % 8, 0)
        let header = String(decoding: data[8..<(8 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{\"__metadata__\":{\"a\":\"2\",\"z\":\"1\"},\"a_float\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":["), header)
        let order = ["a_float", "b_bytes", "c_long", "d_half"].map { header.range(of: "\"\($0)\"")!.lowerBound }
        XCTAssertEqual(order, order.sorted(), "tensor keys are sorted")
        let trimmed = header.replacingOccurrences(of: " +$", with: "", options: .regularExpression)
        XCTAssertTrue(trimmed.hasSuffix("}"))
        XCTAssertLessThan(header.count - trimmed.count, 8, "padding is 0-7 spaces")

        // Largest elements first: I64 at 0, F32 at 8, F16 at 20, I8 at 22.
        XCTAssertTrue(header.contains("\"c_long\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}"), header)
        XCTAssertTrue(header.contains("\"a_float\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[8,20]}"), header)
        XCTAssertTrue(header.contains("\"d_half\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[20,22]}"), header)
        XCTAssertTrue(header.contains("\"b_bytes\":{\"dtype\":\"I8\",\"shape\":[3],\"data_offsets\":[22,25]}"), header)
        XCTAssertEqual(data.count, 8 + headerLength + 25)

        XCTAssertEqual(try SafetensorsFile(parsing: data), file)
    }

    func testRawTypedEntriesKeepTheirBytesAndConvertToFloatOnRequest() throws {
        let int8 = try SafetensorsEntry(shape: [2, 3], values: [Int8(-128), -1, 0, 1, 64, 127])
        let packedInt4 = try SafetensorsEntry(dtype: .uint8, shape: [2], bytes: Data([0x1F, 0xA0]))
        let ids = SafetensorsEntry(try IndexTensor(shape: [3], values: [0, -5, 1 << 40]))
        let file = SafetensorsFile(entries: ["q": int8, "packed": packedInt4, "ids": ids])
        let back = try SafetensorsFile(parsing: file.serialized())

        XCTAssertEqual(back.entries["q"]?.dtype, .int8)
        XCTAssertEqual(try back.entries["q"]?.values(as: Int8.self), [-128, -1, 0, 1, 64, 127])
        XCTAssertEqual(try back.tensor("q").scalars, [-128, -1, 0, 1, 64, 127])
        XCTAssertEqual(try back.tensor("q").shape, [2, 3])
        XCTAssertEqual(back.entries["packed"]?.bytes, Data([0x1F, 0xA0]))
        XCTAssertEqual(try back.entries["ids"]?.indexTensor(), try IndexTensor(shape: [3], values: [0, -5, 1 << 40]))

        XCTAssertThrowsError(try back.entries["q"]!.values(as: UInt8.self)) { error in
            XCTAssertEqual((error as? SafetensorsError)?.kind, .dtypeMismatch)
            XCTAssertTrue("\(error)".contains("holds I8 elements, not U8"), "\(error)")
        }
        XCTAssertThrowsError(try SafetensorsEntry(Tensor([1.5]), dtype: .float32).integers()) { error in
            XCTAssertEqual((error as? SafetensorsError)?.kind, .dtypeMismatch)
        }
    }

    func testFloatToIntegerDTypesRefuseValuesTheyCannotHold() throws {
        let ok = try SafetensorsEntry(Tensor([-128, 0, 127]), dtype: .int8)
        XCTAssertEqual(try ok.values(as: Int8.self), [-128, 0, 127])
        XCTAssertEqual(try SafetensorsEntry(Tensor([0, 1, 1]), dtype: .bool).integers(), [0, 1, 1])
        XCTAssertEqual(try SafetensorsEntry(Tensor([-0x1p40]), dtype: .int64).values(as: Int64.self), [-(1 << 40)])

        for (values, dtype) in [([1, 2.5], SafetensorsDType.int8), ([128], .int8), ([-1], .uint8), ([.nan], .int32),
                                ([0x1p31], .int32), ([0x1p63], .int64), ([2], .bool)] as [([Float], SafetensorsDType)] {
            XCTAssertThrowsError(try SafetensorsEntry(Tensor(values), dtype: dtype), "\(values) as \(dtype)") { error in
                XCTAssertEqual((error as? SafetensorsError)?.kind, .unrepresentableValue)
                XCTAssertTrue("\(error)".contains("cannot be stored as \(dtype)"), "\(error)")
                XCTAssertTrue("\(error)".contains("round and clamp"), "\(error)")
            }
        }
    }

    func testEntryInitialisersCheckShapeAgainstValues() {
        XCTAssertThrowsError(try SafetensorsEntry(shape: [2, 2], values: [Int32(1), 2, 3])) { error in
            XCTAssertTrue("\(error)".contains("shape [2, 2] holds 4 elements but 3 values were given"), "\(error)")
        }
        XCTAssertThrowsError(try SafetensorsEntry(dtype: .float32, shape: [2], bytes: Data(count: 7))) { error in
            XCTAssertTrue("\(error)".contains("needs 2 x 4 bytes but 7 were given"), "\(error)")
        }
        XCTAssertThrowsError(try SafetensorsEntry(shape: [-1], values: [UInt8]())) { error in
            XCTAssertEqual((error as? SafetensorsError)?.kind, .invalidShape)
        }
    }

    func testReservedNameIsRefusedOnWrite() {
        let file = SafetensorsFile(tensors: ["__metadata__": Tensor([1])])
        XCTAssertThrowsError(try file.serialized()) { error in
            XCTAssertTrue("\(error)".contains("reserved"), "\(error)")
        }
    }

    func testMissingTensorLookupNamesWhatTheFileHolds() throws {
        let file = try SafetensorsFile(parsing: SafetensorsFile(tensors: ["a": Tensor([1]), "b": Tensor([2])]).serialized(), source: "w.safetensors")
        XCTAssertThrowsError(try file.tensor("c")) { error in
            XCTAssertEqual((error as? SafetensorsError)?.kind, .missingTensor)
            XCTAssertEqual("\(error)", "safetensors file w.safetensors, tensor 'c': the file holds no tensor of this name (it holds 2: a, b); check the name or the file")
        }
    }

    func testParsingASliceOfLargerDataWorks() throws {
        let bytes = try SafetensorsFile(tensors: ["x": Tensor([1, 2, 3])]).serialized()
        let padded = Data([9, 9, 9]) + bytes + Data([7])
        let slice = padded[3..<(3 + bytes.count)]
        XCTAssertEqual(try SafetensorsFile(parsing: slice).tensor("x").scalars, [1, 2, 3])
    }

    func testSavingDoesNotCopyTensorStorageIntoEntries() {
        let t = Tensor([1, 2, 3])
        let entry = SafetensorsEntry(t)
        XCTAssertTrue(entry.tensor().sharesStorage(with: t))
    }
}
