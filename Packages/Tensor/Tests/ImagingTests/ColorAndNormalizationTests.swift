import Imaging
import Tensor
import XCTest

final class ColorAndNormalizationTests: XCTestCase {
    func testRGBToGrayUsesBT601() throws {
        let rgb = try Tensor(shape: [3, 1, 2], scalars: [1, 0.5, 0, 0.5, 0, 1])
        let gray = try ImageOps.rgbToGray(rgb)
        XCTAssertEqual(gray.shape, [1, 1, 2])
        assertClose(gray.scalars, [0.299, 0.299 * 0.5 + 0.587 * 0.5 + 0.114])
        let batch = try ImageOps.rgbToGray(tensor([2, 3, 2, 2]) { Float($0) / 24 })
        XCTAssertEqual(batch.shape, [2, 1, 2, 2])
    }

    func testGrayToRGBCopiesTheChannel() throws {
        let gray = tensor([1, 2, 3]) { Float($0) }
        let rgb = try ImageOps.grayToRGB(gray)
        XCTAssertEqual(rgb.shape, [3, 2, 3])
        XCTAssertEqual(rgb.scalars, gray.scalars + gray.scalars + gray.scalars)
    }

    func testRGBAToRGBDropsOrComposites() throws {
        let rgba = try Tensor(shape: [4, 1, 2], scalars: [1, 0.2, 0, 0.4, 0.5, 0.6, 0.5, 1])
        XCTAssertEqual(try ImageOps.rgbaToRGB(rgba).scalars, [1, 0.2, 0, 0.4, 0.5, 0.6])
        let over = try ImageOps.rgbaToRGB(rgba, background: [1, 1, 1])
        assertClose(over.scalars, [1, 0.2, 0.5, 0.4, 0.75, 0.6])
        XCTAssertThrowsError(try ImageOps.rgbaToRGB(rgba, background: [1, 1]))
    }

    func testWrongChannelCountsThrow() {
        XCTAssertThrowsError(try ImageOps.rgbToGray(Tensor(zeros: [4, 2, 2])))
        XCTAssertThrowsError(try ImageOps.grayToRGB(Tensor(zeros: [3, 2, 2])))
        XCTAssertThrowsError(try ImageOps.rgbaToRGB(Tensor(zeros: [3, 2, 2])))
        XCTAssertThrowsError(try ImageOps.rgbToGray(Tensor(zeros: [2, 2])))
    }

    func testNormalizeIsPerChannelAndInvertible() throws {
        let image = tensor([2, 3, 2, 2]) { Float($0 % 7) / 7 }
        let mean = ImageOps.imageNetMean, std = ImageOps.imageNetStd
        let n = try ImageOps.normalize(image, mean: mean, std: std)
        XCTAssertEqual(n[1, 2, 1, 0], (image[1, 2, 1, 0] - mean[2]) / std[2], accuracy: 1e-6)
        XCTAssertEqual(n[0, 0, 0, 1], (image[0, 0, 0, 1] - mean[0]) / std[0], accuracy: 1e-6)
        assertClose(try ImageOps.denormalize(n, mean: mean, std: std).scalars, image.scalars, tolerance: 1e-6)
        XCTAssertThrowsError(try ImageOps.normalize(image, mean: [0, 0], std: [1, 1]))
        XCTAssertThrowsError(try ImageOps.normalize(image, mean: [0, 0, 0], std: [1, 0, 1]))
    }
}
