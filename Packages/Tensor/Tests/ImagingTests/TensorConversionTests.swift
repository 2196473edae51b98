import Imaging
import Tensor
import XCTest

final class TensorConversionTests: XCTestCase {
    func testCHWAndHWCRoundTripsAreExact() throws {
        for (channels, depth) in [(1, 8), (3, 8), (4, 16)] {
            let image = patternImage(width: 13, height: 7, channels: channels, bitDepth: depth)
            let chw = image.chwTensor()
            XCTAssertEqual(chw.shape, [channels, 7, 13])
            XCTAssertEqual(try PixelImage(chw: chw, bitDepth: depth), image)
            let hwc = image.hwcTensor()
            XCTAssertEqual(hwc.shape, [7, 13, channels])
            XCTAssertEqual(try PixelImage(hwc: hwc, bitDepth: depth), image)
        }
    }

    func testLayoutsAgreeOnEverySample() {
        let image = patternImage(width: 5, height: 4, channels: 3, bitDepth: 8)
        let chw = image.chwTensor(), hwc = image.hwcTensor()
        for y in 0..<4 { for x in 0..<5 { for c in 0..<3 {
            XCTAssertEqual(chw[c, y, x], Float(image.sample(x: x, y: y, channel: c)) / 255)
            XCTAssertEqual(hwc[y, x, c], chw[c, y, x])
        } } }
    }

    func testQuantisingClampsAndRounds() throws {
        let t = try Tensor(shape: [1, 1, 6], scalars: [-0.5, 1.5, .nan, 0.5, 1.0 / 255 * 0.49, 1.0 / 255 * 0.51])
        let image = try PixelImage(chw: t)
        XCTAssertEqual(image.bytes, [0, 255, 0, 128, 0, 1])
        let wide = try PixelImage(chw: t, bitDepth: 16)
        XCTAssertEqual((0..<6).map { wide.sample(x: $0, y: 0, channel: 0) }, [0, 65535, 0, 32768, 126, 131])
    }

    func testBadShapesAndLayoutsThrow() {
        XCTAssertThrowsError(try PixelImage(chw: Tensor(zeros: [2, 3, 3])))      // 2 channels
        XCTAssertThrowsError(try PixelImage(chw: Tensor(zeros: [3])))
        XCTAssertThrowsError(try PixelImage(width: 2, height: 2, channels: 3, bytes: [1, 2, 3]))
        XCTAssertThrowsError(try PixelImage(width: 0, height: 2, channels: 3))
        XCTAssertThrowsError(try PixelImage(width: 2, height: 2, channels: 3, bitDepth: 12))
    }
}
