import Foundation
import Imaging
import XCTest

/// Files from other encoders: every PNG layout expands to gray, RGB or RGBA with
/// exact samples; JPEG variants decode to the right colours.
final class ForeignFileTests: XCTestCase {
    private func pixels(_ image: PixelImage) -> [[Int]] {
        (0..<(image.width * image.height)).map { p in
            (0..<image.channels).map { image.sample(x: p % image.width, y: p / image.width, channel: $0) }
        }
    }

    func testPaletteWithTransparencyBecomesRGBA() throws {
        let image = try ImageIO.decode(Fixtures.paletteWithAlpha)
        XCTAssertEqual([image.width, image.height, image.channels, image.bitDepth], [4, 3, 4, 8])
        let colours = [[255, 0, 0, 255], [0, 255, 0, 128], [0, 0, 255, 0]]
        XCTAssertEqual(pixels(image), [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2].map { colours[$0] })
    }

    func testGrayAlphaBecomesRGBA() throws {
        let image = try ImageIO.decode(Fixtures.grayAlpha)
        XCTAssertEqual(image.channels, 4)
        XCTAssertEqual(pixels(image), [(0, 255), (100, 50), (200, 0), (255, 255), (10, 20), (30, 40)].map { [$0.0, $0.0, $0.0, $0.1] })
    }

    func testOneBitGrayExpandsToEightBits() throws {
        let image = try ImageIO.decode(Fixtures.oneBit)
        XCTAssertEqual([image.channels, image.bitDepth], [1, 8])
        XCTAssertEqual(pixels(image).map { $0[0] }, [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0].map { $0 * 255 })
    }

    func testInterlacedPNG() throws {
        let image = try ImageIO.decode(Fixtures.adam7)
        XCTAssertEqual([image.width, image.height, image.channels], [11, 7, 3])
        for y in 0..<7 { for x in 0..<11 {
            XCTAssertEqual((0..<3).map { image.sample(x: x, y: y, channel: $0) }, [x * 20, y * 30, x * y])
        } }
    }

    func testSixteenBitSamplesAreNeverGammaConverted() throws {
        let image = try ImageIO.decode(Fixtures.gray16sRGB)
        XCTAssertEqual([image.channels, image.bitDepth], [1, 16])
        XCTAssertEqual(pixels(image), [[1000], [40000]])
    }

    func testCMYKJPEGBecomesRGB() throws {
        let image = try ImageIO.decode(Fixtures.cmykRedBlue)
        XCTAssertEqual([image.width, image.height, image.channels], [16, 8, 3])
        let left = (0..<3).map { image.sample(x: 2, y: 4, channel: $0) }
        let right = (0..<3).map { image.sample(x: 13, y: 4, channel: $0) }
        for (got, want) in zip(left + right, [255, 0, 0, 0, 0, 255]) { XCTAssertEqual(Double(got), Double(want), accuracy: 12) }
    }

    func testGrayAndProgressiveJPEG() throws {
        let gray = try ImageIO.decode(Fixtures.grayJPEG)
        XCTAssertEqual([gray.channels, gray.bitDepth], [1, 8])
        XCTAssert(pixels(gray).allSatisfy { abs($0[0] - 77) <= 1 })
        let progressive = try ImageIO.decode(Fixtures.progressiveJPEG)
        XCTAssertEqual([progressive.width, progressive.height, progressive.channels], [24, 16, 3])
        XCTAssert(pixels(progressive).allSatisfy { zip($0, [30, 140, 220]).allSatisfy { abs($0 - $1) <= 2 } })
        // Truncated progressive data is refused like baseline.
        assertImageError(try ImageIO.decode(Fixtures.progressiveJPEG.prefix(Fixtures.progressiveJPEG.count - 40)))
    }
}
