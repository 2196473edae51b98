import Foundation
import Imaging
import XCTest

final class CodecRoundTripTests: XCTestCase {
    func testPNGRoundTripsEveryLayoutBitExactly() throws {
        for (channels, depth) in [(1, 8), (3, 8), (4, 8), (1, 16), (3, 16), (4, 16)] {
            let image = patternImage(width: 37, height: 23, channels: channels, bitDepth: depth, seed: UInt64(channels * depth))
            let data = try ImageIO.encode(image, as: .png)
            XCTAssertEqual(Array(data.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
            let decoded = try ImageIO.decode(data)
            XCTAssertEqual(decoded, image, "PNG \(channels) channels, \(depth) bits")
        }
    }

    func testPNGCompressionLevelsAllDecodeToTheSamePixels() throws {
        let image = patternImage(width: 64, height: 48, channels: 3, bitDepth: 8)
        let fast = try ImageIO.encode(image, as: .png, compressionLevel: 0)
        let small = try ImageIO.encode(image, as: .png, compressionLevel: 9)
        XCTAssertLessThan(small.count, fast.count)
        XCTAssertEqual(try ImageIO.decode(fast), image)
        XCTAssertEqual(try ImageIO.decode(small), image)
    }

    func testJPEGRoundTripIsCloseAtHighQuality() throws {
        for channels in [1, 3] {
            let image = smoothImage(width: 96, height: 64, channels: channels, seed: 7)
            let data = try ImageIO.encode(image, as: .jpeg, quality: 95)
            XCTAssertEqual(Array(data.prefix(3)), [0xFF, 0xD8, 0xFF])
            let decoded = try ImageIO.decode(data)
            XCTAssertEqual([decoded.width, decoded.height, decoded.channels, decoded.bitDepth], [96, 64, channels, 8])
            let error = zip(image.bytes, decoded.bytes).map { abs(Int($0) - Int($1)) }
            let mean = Double(error.reduce(0, +)) / Double(error.count)
            XCTAssertLessThan(mean, 1.5, "mean absolute error \(mean) levels at quality 95 (\(channels) channels)")
        }
    }

    func testJPEGQualityTradesSizeForError() throws {
        let image = smoothImage(width: 64, height: 64, channels: 3, seed: 3)
        func meanError(_ q: Int) throws -> (Int, Double) {
            let data = try ImageIO.encode(image, as: .jpeg, quality: q)
            let d = try ImageIO.decode(data)
            let e = zip(image.bytes, d.bytes).map { abs(Int($0) - Int($1)) }.reduce(0, +)
            return (data.count, Double(e) / Double(image.bytes.count))
        }
        let (lowSize, lowError) = try meanError(30)
        let (highSize, highError) = try meanError(95)
        XCTAssertLessThan(lowSize, highSize)
        XCTAssertLessThan(highError, lowError)
    }

    func testReadAndWriteFilesByExtension() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = patternImage(width: 40, height: 30, channels: 3, bitDepth: 16)
        let png = dir.appendingPathComponent("a.PNG").path
        try ImageIO.write(image, to: png)
        XCTAssertEqual(try ImageIO.read(png), image)

        let rgb8 = try image.converted(toBitDepth: 8)
        let jpg = dir.appendingPathComponent("b.jpg").path
        try ImageIO.write(rgb8, to: jpg, quality: 95)
        let back = try ImageIO.read(jpg)
        XCTAssertEqual([back.width, back.height, back.channels], [40, 30, 3])
        // Content decides the format on reading, never the name.
        let misnamed = dir.appendingPathComponent("c.png").path
        try FileManager.default.copyItem(atPath: jpg, toPath: misnamed)
        XCTAssertEqual(try ImageIO.read(misnamed), back)

        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [], "atomic writes leave no temporary files")
    }

    func testWriteReplacesAnExistingFileWhole() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.png").path
        try ImageIO.write(patternImage(width: 50, height: 50, channels: 4, bitDepth: 8), to: path)
        let small = patternImage(width: 3, height: 2, channels: 1, bitDepth: 8)
        try ImageIO.write(small, to: path)
        XCTAssertEqual(try ImageIO.read(path), small)
    }

    func testWriteErrorsSayWhatToDo() throws {
        let image = patternImage(width: 4, height: 4, channels: 3, bitDepth: 8)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let unknown = assertImageError(try ImageIO.write(image, to: dir.appendingPathComponent("x.bmp").path))
        XCTAssert(unknown?.description.contains(".png") == true)
        assertImageError(try ImageIO.write(image, to: dir.appendingPathComponent("missing/x.png").path))
        assertImageError(try ImageIO.read(dir.appendingPathComponent("nothing.png").path))
        assertImageError(try ImageIO.read(dir.path))

        let rgba = patternImage(width: 4, height: 4, channels: 4, bitDepth: 8)
        let alpha = assertImageError(try ImageIO.encode(rgba, as: .jpeg))
        XCTAssert(alpha?.description.contains("removingAlpha") == true)
        XCTAssertNoThrow(try ImageIO.encode(rgba.removingAlpha(), as: .jpeg))
        assertImageError(try ImageIO.encode(patternImage(width: 4, height: 4, channels: 3, bitDepth: 16), as: .jpeg))
    }

    func testFormatSniffingAndExtensions() {
        XCTAssertEqual(ImageFormat(pathExtensionOf: "/a/b/face.JPEG"), .jpeg)
        XCTAssertEqual(ImageFormat(pathExtensionOf: "x.jpg"), .jpeg)
        XCTAssertEqual(ImageFormat(pathExtensionOf: "x.png"), .png)
        XCTAssertNil(ImageFormat(pathExtensionOf: "dir.png/file"))
        XCTAssertNil(ImageFormat(pathExtensionOf: "noextension"))
        [UInt8]([0xFF, 0xD8, 0xFF, 0xE0]).withUnsafeBytes { XCTAssertEqual(ImageFormat(sniffing: $0), .jpeg) }
        [UInt8]([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).withUnsafeBytes { XCTAssertEqual(ImageFormat(sniffing: $0), .png) }
        [UInt8]([0x47, 0x49, 0x46, 0x38]).withUnsafeBytes { XCTAssertNil(ImageFormat(sniffing: $0)) }
    }

    func testBitDepthAndAlphaConversions() throws {
        let image = patternImage(width: 9, height: 5, channels: 4, bitDepth: 8)
        let wide = try image.converted(toBitDepth: 16)
        XCTAssertEqual(wide.sample(x: 3, y: 2, channel: 1), image.sample(x: 3, y: 2, channel: 1) * 257)
        XCTAssertEqual(try wide.converted(toBitDepth: 8), image)
        let rgb = image.removingAlpha()
        XCTAssertEqual(rgb.channels, 3)
        XCTAssertEqual(rgb.sample(x: 8, y: 4, channel: 2), image.sample(x: 8, y: 4, channel: 2))
    }
}
