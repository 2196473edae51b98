import XCTest
import Tensor
@testable import NN

final class SafetensorsHalfPrecisionTests: XCTestCase {
    func testEveryHalfSurvivesHalfToFloatToHalf() {
        var failures: [UInt16] = []
        for bits in 0...UInt16.max {
            let f = HalfPrecision.float(fromHalfBits: bits)
            let isNaN = (bits >> 10) & 0x1F == 0x1F && bits & 0x3FF != 0
            if isNaN ? !f.isNaN : HalfPrecision.halfBits(from: f) != bits { failures.append(bits) }
        }
        XCTAssertEqual(failures.count, 0, "first failures: \(failures.prefix(5).map { String($0, radix: 16) })")
    }

    func testHalfToFloatKnownValues() {
        XCTAssertEqual(HalfPrecision.float(fromHalfBits: 0x3C00), 1)
        XCTAssertEqual(HalfPrecision.float(fromHalfBits: 0xC100), -2.5)
        XCTAssertEqual(HalfPrecision.float(fromHalfBits: 0x7BFF), 65504)
        XCTAssertEqual(HalfPrecision.float(fromHalfBits: 0x0001), 0x1p-24)   // smallest subnormal
        XCTAssertEqual(HalfPrecision.float(fromHalfBits: 0x03FF), 0x1.FF8p-15) // largest subnormal
        XCTAssertEqual(HalfPrecision.float(fromHalfBits: 0x0400), 0x1p-14)   // smallest normal
        XCTAssertEqual(HalfPrecision.float(fromHalfBits: 0x8000).bitPattern, (-0.0 as Float).bitPattern)
        XCTAssertEqual(HalfPrecision.float(fromHalfBits: 0xFC00), -.infinity)
    }

    func testFloatToHalfRoundsToNearestEven() {
        let cases: [(Float, UInt16)] = [
            (1 + 0x1p-11, 0x3C00),      // tie between 1 and 1+2^-10: even is 1
            (1 + 3 * 0x1p-11, 0x3C02),  // tie between 1+2^-10 and 1+2^-9: even is 1+2^-9
            (1 + 0x1p-11 + 0x1p-20, 0x3C01), // just above the tie: up
            (65519, 0x7BFF),            // below the overflow tie: max half
            (65520, 0x7C00),            // the tie rounds to even, which is infinity
            (-1e6, 0xFC00),
            (0x1p-25, 0x0000),          // tie between 0 and the smallest subnormal: 0
            (3 * 0x1p-26, 0x0001),      // above it: smallest subnormal
            (1e-8, 0x0000),
            (-0.0, 0x8000),
            (.infinity, 0x7C00),
        ]
        for (f, bits) in cases {
            XCTAssertEqual(HalfPrecision.halfBits(from: f), bits, "\(f)")
        }
        XCTAssertEqual(HalfPrecision.halfBits(from: .nan) & 0x7E00, 0x7E00, "NaN stays a quiet NaN")
    }

    #if !(os(macOS) && arch(x86_64))
    /// Swift's own Float16 conversion is the reference for a million random floats of every magnitude.
    func testFloatToHalfMatchesSwiftFloat16() {
        var rng = RandomGenerator(seed: 3)
        var mismatches: [Float] = []
        for _ in 0..<1_000_000 {
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
            if !f.isNaN && HalfPrecision.halfBits(from: f) != Float16(f).bitPattern { mismatches.append(f) }
        }
        XCTAssertEqual(mismatches.count, 0, "first mismatches: \(mismatches.prefix(5))")
        let widened = (0...UInt16.max).filter {
            let ours = HalfPrecision.float(fromHalfBits: $0), theirs = Float(Float16(bitPattern: $0))
            return ours.isNaN ? !theirs.isNaN : ours.bitPattern != theirs.bitPattern
        }
        XCTAssertEqual(widened.count, 0, "half -> float differs for \(widened.prefix(5))")
    }
    #endif

    func testBFloat16RoundsToNearestEvenAndKeepsNaN() {
        XCTAssertEqual(HalfPrecision.bfloat16Bits(from: 1), 0x3F80)
        XCTAssertEqual(HalfPrecision.bfloat16Bits(from: Float(bitPattern: 0x3F80_8000)), 0x3F80) // tie: even
        XCTAssertEqual(HalfPrecision.bfloat16Bits(from: Float(bitPattern: 0x3F81_8000)), 0x3F82) // tie: even
        XCTAssertEqual(HalfPrecision.bfloat16Bits(from: Float(bitPattern: 0x3F80_8001)), 0x3F81) // above tie
        XCTAssertEqual(HalfPrecision.bfloat16Bits(from: .greatestFiniteMagnitude), 0x7F80)       // rounds to inf
        XCTAssertTrue(HalfPrecision.float(fromBFloat16Bits: HalfPrecision.bfloat16Bits(from: Float(bitPattern: 0x7F80_0001))).isNaN)
        XCTAssertEqual(HalfPrecision.float(fromBFloat16Bits: 0xC049), -3.140625)
    }

    func testF16AndBF16EntriesRoundTripThroughAFile() throws {
        var rng = RandomGenerator(seed: 11)
        let t = rng.normal([5, 7], std: 100)
        let file = SafetensorsFile(entries: [
            "h": try SafetensorsEntry(t, dtype: .float16),
            "b": try SafetensorsEntry(t, dtype: .bfloat16),
        ])
        let back = try SafetensorsFile(parsing: file.serialized())
        let h = try back.tensor("h"), b = try back.tensor("b")
        XCTAssertEqual(h.shape, [5, 7])
        for i in 0..<t.count {
            let x = t.scalars[i]
            XCTAssertEqual(h.scalars[i], HalfPrecision.float(fromHalfBits: HalfPrecision.halfBits(from: x)))
            XCTAssertEqual(h.scalars[i], x, accuracy: abs(x) * 0x1p-11 + 1e-7)
            XCTAssertEqual(b.scalars[i], x, accuracy: abs(x) * 0x1p-8)
        }
    }
}
