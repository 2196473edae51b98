import Foundation
import Imaging
import XCTest

/// Every hostile input must come back as a thrown ImageError: never a crash,
/// never an exit, never a huge allocation.
final class CorruptInputTests: XCTestCase {
    private let png = try! ImageIO.encode(patternImage(width: 48, height: 32, channels: 3, bitDepth: 8), as: .png)
    private let jpeg = try! ImageIO.encode(patternImage(width: 48, height: 32, channels: 3, bitDepth: 8), as: .jpeg)

    private func assertCorrupt(_ bytes: [UInt8], _ format: ImageFormat, file: StaticString = #filePath, line: UInt = #line) {
        let error = assertImageError(try ImageIO.decode(Data(bytes)), file: file, line: line)
        guard case .corrupt(let f, _)? = error else {
            return XCTFail("expected .corrupt(\(format)), got \(String(describing: error))", file: file, line: line)
        }
        XCTAssertEqual(f, format, file: file, line: line)
    }

    func testTruncatedFilesAreRejected() {
        for cut in [png.count / 2, 40, 20, 9] { assertCorrupt(Array(png.prefix(cut)), .png) }
        for cut in [jpeg.count / 2, jpeg.count - 10, 200, 20, 4] { assertCorrupt(Array(jpeg.prefix(cut)), .jpeg) }
    }

    func testCorruptFilesNameTheirPath() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("half.png").path
        try png.prefix(png.count / 2).write(to: URL(fileURLWithPath: path))
        let error = assertImageError(try ImageIO.read(path))
        guard case .inFile(let where_, .corrupt(.png, _))? = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertEqual(where_, path)
        XCTAssert(error!.description.hasPrefix(path))
    }

    func testUnknownSignaturesNameTheFormatsFacetReads() {
        let gif = assertImageError(try ImageIO.decode(Data("GIF89a......".utf8)))
        XCTAssert(gif?.description.contains("PNG") == true && gif?.description.contains("JPEG") == true)
        var wrong = Array(png)
        wrong[1] = 0x51
        guard case .unknownFormat? = assertImageError(try ImageIO.decode(Data(wrong))) else { return XCTFail() }
    }

    func testEmptyDataIsRejected() {
        guard case .unknownFormat(let first)? = assertImageError(try ImageIO.decode(Data())) else { return XCTFail() }
        XCTAssertEqual(first, [])
        assertCorrupt(Array(png.prefix(8)), .png)      // a signature and nothing else
        assertCorrupt([0xFF, 0xD8, 0xFF], .jpeg)
    }

    func testAbsurdPNGDimensionsAreRefusedBeforeAllocating() {
        var ihdr = bigEndian(100_000) + bigEndian(100_000)
        ihdr += [8, 2, 0, 0, 0]  // 8-bit RGB, deflate, no filter method, no interlace
        let file = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + pngChunk("IHDR", ihdr)
            + pngChunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) + pngChunk("IEND", [])
        let error = assertImageError(try ImageIO.decode(Data(file)))
        guard case .tooLarge(let w, let h, _)? = error else { return XCTFail("expected .tooLarge, got \(String(describing: error))") }
        XCTAssertEqual([w, h], [100_000, 100_000])
        XCTAssert(error?.description.contains("ImageLimits") == true)
    }

    func testAbsurdJPEGDimensionsAreRefusedBeforeAllocating() throws {
        var bytes = Array(jpeg)
        // Baseline SOF0: FF C0, length (2), precision (1), height (2), width (2).
        let sof = try XCTUnwrap((0..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + 5] = 0xFD; bytes[sof + 6] = 0xE8  // 65000
        bytes[sof + 7] = 0xFD; bytes[sof + 8] = 0xE8
        let error = assertImageError(try ImageIO.decode(Data(bytes)))
        guard case .tooLarge(let w, let h, _)? = error else { return XCTFail("expected .tooLarge, got \(String(describing: error))") }
        XCTAssertEqual([w, h], [65000, 65000])
    }

    func testLimitsAreTheCallersChoice() throws {
        let small = ImageLimits(maxSide: 40)
        guard case .tooLarge? = assertImageError(try ImageIO.decode(png, limits: small)) else { return XCTFail() }
        XCTAssertNoThrow(try ImageIO.decode(png, limits: ImageLimits(maxSide: 48, maxPixels: 48 * 32)))
        guard case .tooLarge? = assertImageError(try ImageIO.decode(png, limits: ImageLimits(maxPixels: 48 * 32 - 1))) else { return XCTFail() }
    }

    func testRandomBytesBehindAValidSignatureAreRejected() {
        var rng = SeededBytes(seed: 42)
        for _ in 0..<50 {
            assertCorrupt([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + rng.bytes(Int(rng.next() % 2000)), .png)
            assertCorrupt([0xFF, 0xD8, 0xFF] + rng.bytes(Int(rng.next() % 2000)), .jpeg)
        }
    }

    func testRandomRealisticHeadersWithGarbageBodiesAreRejected() {
        var rng = SeededBytes(seed: 9)
        let pngHeader = Array(png.prefix(33)), jpegHeader = Array(jpeg.prefix(300))
        for _ in 0..<50 {
            assertCorrupt(pngHeader + rng.bytes(500), .png)
            assertCorrupt(jpegHeader + rng.bytes(500), .jpeg)
        }
    }

    /// PNG checksums every chunk, so any flipped byte before IEND must be caught;
    /// JPEG has no checksums, so a mutated JPEG may decode to other pixels, but
    /// it must never crash the process.
    func testMutatedFilesNeverCrash() {
        var rng = SeededBytes(seed: 5)
        let iend = png.count - 12
        for _ in 0..<200 {
            var bytes = Array(png)
            let at = 8 + Int(rng.next() % UInt64(iend - 8))
            bytes[at] ^= UInt8(1 + rng.next() % 255)
            XCTAssertThrowsError(try ImageIO.decode(Data(bytes)), "flipped byte \(at) of \(png.count)")
        }
        var rejected = 0
        for _ in 0..<200 {
            var bytes = Array(jpeg)
            for _ in 0..<4 { bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            if (try? ImageIO.decode(Data(bytes))) == nil { rejected += 1 }
        }
        XCTAssertGreaterThan(rejected, 0)
    }
}
