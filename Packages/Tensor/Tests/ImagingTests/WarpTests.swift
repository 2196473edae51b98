import Imaging
import Tensor
import XCTest

final class WarpTests: XCTestCase {
    private let image = tensor([3, 12, 17]) { Float(($0 * 31) % 97) / 97 }

    func testIdentityIsExact() throws {
        let out = try ImageOps.warpAffine(image, matrix: [1, 0, 0, 0, 1, 0], height: 12, width: 17, fill: 0.5)
        XCTAssertEqual(out, image)
    }

    func testTranslationMovesPixels() throws {
        // Output (x, y) samples input (x - 3, y - 2): content moves right 3, down 2.
        let out = try ImageOps.warpAffine(image, matrix: [1, 0, -3, 0, 1, -2], height: 12, width: 17, fill: -1)
        for c in 0..<3 {
            XCTAssertEqual(out[c, 4, 5], image[c, 2, 2])
            XCTAssertEqual(out[c, 11, 16], image[c, 9, 13])
            XCTAssertEqual(out[c, 0, 0], -1)
            XCTAssertEqual(out[c, 1, 10], -1)
        }
    }

    func testHalfPixelShiftBlendsNeighbours() throws {
        let out = try ImageOps.warpAffine(image, matrix: [1, 0, 0.5, 0, 1, 0], height: 12, width: 17)
        XCTAssertEqual(out[1, 6, 3], (image[1, 6, 3] + image[1, 6, 4]) / 2, accuracy: 1e-6)
        // The last column blends with the fill value.
        XCTAssertEqual(out[1, 6, 16], image[1, 6, 16] / 2, accuracy: 1e-6)
    }

    func testMirrorReversesRows() throws {
        let out = try ImageOps.warpAffine(image, matrix: [-1, 0, 16, 0, 1, 0], height: 12, width: 17)
        for x in 0..<17 { XCTAssertEqual(out[2, 5, x], image[2, 5, 16 - x]) }
    }

    func testCropOfTheWholeImageIsTheIdentity() throws {
        XCTAssertEqual(try ImageOps.crop(image, box: (0, 0, 17, 12), width: 17, height: 12), image)
        // A 2x crop of the top-left quarter samples between pixels: half-pixel centres.
        let m = ImageOps.cropMatrix(box: (0, 0, 4, 4), width: 8, height: 8)
        XCTAssertEqual(m[0] * 0 + m[2], -0.25, accuracy: 1e-12)
        XCTAssertEqual(m[0] * 7 + m[2], 3.25, accuracy: 1e-12)
    }

    func testBatchesWarpEveryPlane() throws {
        let batch = tensor([2, 3, 5, 6]) { Float($0) }
        let out = try ImageOps.warpAffine(batch, matrix: [1, 0, 1, 0, 1, 0], height: 5, width: 6, fill: 0)
        XCTAssertEqual(out.shape, [2, 3, 5, 6])
        XCTAssertEqual(out[1, 2, 3, 2], batch[1, 2, 3, 3])
    }

    func testBadMatricesThrow() {
        XCTAssertThrowsError(try ImageOps.warpAffine(image, matrix: [1, 0, 0, 0, 1], height: 4, width: 4))
        XCTAssertThrowsError(try ImageOps.warpAffine(image, matrix: [1, 0, .nan, 0, 1, 0], height: 4, width: 4))
        XCTAssertThrowsError(try ImageOps.warpAffine(image, matrix: [1, 0, 0, 0, 1, 0], height: 0, width: 4))
    }
}
