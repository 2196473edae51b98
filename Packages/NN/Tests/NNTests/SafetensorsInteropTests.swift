import Foundation
import XCTest
import Tensor
@testable import NN

/// Files exchanged with the reference Python `safetensors` package.
///
/// `reference` mirrors REFERENCE in tools/peers/safetensors_interop.py: the fixture was
/// written by Python from it. The other direction (Python reading what Swift writes) is
/// checked by `tools/bench nn`, which needs the peers; unit tests never do.
final class SafetensorsInteropTests: XCTestCase {
    static let f16RoundingSource: [Float] = [1 + 0x1p-11, 1 + 3 * 0x1p-11, 65519, 65520, 0x1p-25, 3 * 0x1p-26, 1e-8, -1e5, 0.1, .nan]

    static let metadata = [
        "format": "np",
        "facet.test": "interop",
        "text": "quote \" backslash \\ newline \n tab \t unicode \u{e9} \u{2713} \u{1F600}",
    ]

    /// The reference content as Swift writes it.
    static func reference() throws -> [String: SafetensorsEntry] {
        [
            "f32": SafetensorsEntry(try Tensor(shape: [2, 3], scalars: [0, -1.5, 3.25, 1e-3, 65504, -0x1p-20])),
            "f16": try SafetensorsEntry(Tensor(shape: [2, 4], scalars: [1, -2.5, 0.333251953125, 65504, 0x1p-24, -0.0, 0x1p-14, .infinity]), dtype: .float16),
            "f16_rounded": try SafetensorsEntry(Tensor(f16RoundingSource), dtype: .float16),
            "bf16": try SafetensorsEntry(Tensor([1, -3.140625, 0x1p100, 0x1p-130]), dtype: .bfloat16),
            "f64": try SafetensorsEntry(shape: [2], values: [0.1, -2.5e10]),
            "i8": try SafetensorsEntry(shape: [5], values: [Int8(-128), -1, 0, 1, 127]),
            "u8": try SafetensorsEntry(Tensor(shape: [2, 2], scalars: [0, 1, 128, 255]), dtype: .uint8),
            "i16": try SafetensorsEntry(shape: [2], values: [Int16.min, Int16.max]),
            "u16": try SafetensorsEntry(shape: [2], values: [UInt16.min, UInt16.max]),
            "i32": try SafetensorsEntry(shape: [3], values: [Int32.min, 0, 16_777_217]),
            "u32": try SafetensorsEntry(shape: [1], values: [UInt32.max]),
            "i64": try SafetensorsEntry(shape: [2, 2], values: [Int64.min, -1, (1 << 53) + 1, 1 << 62]),
            "u64": try SafetensorsEntry(shape: [1], values: [UInt64.max]),
            "bool": try SafetensorsEntry(Tensor([1, 0, 1]), dtype: .bool),
            "scalar": SafetensorsEntry(Tensor(scalar: 42)),
            "empty": SafetensorsEntry(Tensor(zeros: [0, 3])),
            "layer.0.weight": SafetensorsEntry(try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])),
        ]
    }

    private func fixture() throws -> SafetensorsFile {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "interop_python", withExtension: "safetensors", subdirectory: "Fixtures"),
                                "fixture missing: regenerate with tools/peers/safetensors_interop.py --make-fixture")
        return try SafetensorsFile(contentsOf: url)
    }

    func testFixtureFromPythonHoldsTheReferenceBitForBit() throws {
        let file = try fixture()
        XCTAssertEqual(file.metadata, Self.metadata)
        let reference = try Self.reference()
        XCTAssertEqual(Set(file.entries.keys), Set(reference.keys))
        for (name, expected) in reference {
            let got = try XCTUnwrap(file.entries[name], name)
            XCTAssertEqual(got.dtype, expected.dtype, name)
            XCTAssertEqual(got.shape, expected.shape, name)
            // Includes numpy's F16 rounding of f16_rounded against ours, bit for bit.
            XCTAssertEqual(got.bytes, expected.bytes, "\(name): Python wrote \(Array(got.bytes)), Swift makes \(Array(expected.bytes))")
        }
    }

    func testFixtureConvertsToFloat32() throws {
        let t = try fixture().tensors()
        XCTAssertEqual(t["f32"]?.scalars, [0, -1.5, 3.25, 1e-3, 65504, -0x1p-20])
        XCTAssertEqual(t["f16"]?.scalars.map(\.bitPattern), ([1, -2.5, 0.333251953125, 65504, 0x1p-24, -0.0, 0x1p-14, .infinity] as [Float]).map(\.bitPattern))
        XCTAssertEqual(t["bf16"]?.scalars, [1, -3.140625, 0x1p100, 0x1p-130])
        XCTAssertEqual(t["f64"]?.scalars, [Float(0.1 as Double), -2.5e10])
        XCTAssertEqual(t["i8"]?.scalars, [-128, -1, 0, 1, 127])
        XCTAssertEqual(t["u8"]?.scalars, [0, 1, 128, 255])
        XCTAssertEqual(t["u8"]?.shape, [2, 2])
        XCTAssertEqual(t["i32"]?.scalars, [-2_147_483_648, 0, 16_777_216]) // 2^24 + 1 rounds to even
        XCTAssertEqual(t["i64"]?.scalars, [-0x1p63, -1, 0x1p53, 0x1p62])
        XCTAssertEqual(t["u64"]?.scalars, [0x1p64])
        XCTAssertEqual(t["bool"]?.scalars, [1, 0, 1])
        XCTAssertEqual(t["scalar"]?.shape, [])
        XCTAssertEqual(t["scalar"]?.scalars, [42])
        XCTAssertEqual(t["empty"]?.shape, [0, 3])
        XCTAssertEqual(t["layer.0.weight"]?.scalars, [1, 2, 3, 4])
        XCTAssertEqual(try fixture().entries["i64"]?.values(as: Int64.self), [Int64.min, -1, (1 << 53) + 1, 1 << 62])
        XCTAssertEqual(try fixture().entries["u8"]?.integers(), [0, 1, 128, 255])
    }
}
