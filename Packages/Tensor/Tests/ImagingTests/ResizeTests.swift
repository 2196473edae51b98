import Imaging
import Tensor
import XCTest

final class ResizeTests: XCTestCase {
    func testConstantImagesStayConstant() throws {
        let image = Tensor(shape: [3, 37, 53], repeating: 0.3)
        for method in [ImageOps.ResizeMethod.bilinear, .area, .automatic] {
            for (h, w) in [(10, 11), (37, 53), (80, 121), (1, 1), (5, 200)] {
                let out = try ImageOps.resize(image, height: h, width: w, method: method)
                XCTAssertEqual(out.shape, [3, h, w])
                assertClose(out.scalars, [Float](repeating: 0.3, count: 3 * h * w), tolerance: 1e-6)
            }
        }
    }

    func testBilinearUsesHalfPixelCentres() throws {
        // PyTorch: F.interpolate([0, 1], size=4, mode="bilinear", align_corners=False) -> [0, .25, .75, 1].
        let row = try Tensor(shape: [1, 2], scalars: [0, 1])
        let out = try ImageOps.resize(row, height: 1, width: 4, method: .bilinear)
        assertClose(out.scalars, [0, 0.25, 0.75, 1])
    }

    func testAreaAveragesEachFootprint() throws {
        let image = try Tensor(shape: [1, 4, 4], scalars: (0..<16).map(Float.init))
        let half = try ImageOps.resize(image, height: 2, width: 2, method: .area)
        assertClose(half.scalars, [2.5, 4.5, 10.5, 12.5])
        // Shrinking 3 -> 2: output pixel 0 covers input [0, 1.5): (a + b/2) / 1.5.
        let line = try Tensor(shape: [1, 3], scalars: [3, 6, 9])
        assertClose(try ImageOps.resize(line, height: 1, width: 2, method: .area).scalars, [4, 8])
    }

    func testAutomaticPicksAreaWhenShrinking() throws {
        let image = tensor([2, 1, 30, 40]) { Float(($0 * 7919) % 101) / 100 }
        let automatic = try ImageOps.resize(image, height: 10, width: 10)
        let area = try ImageOps.resize(image, height: 10, width: 10, method: .area)
        XCTAssertEqual(automatic, area)
        XCTAssertEqual(automatic.shape, [2, 1, 10, 10])
        // Area keeps the mean of an exact 3x4 shrink.
        XCTAssertEqual(area.scalars.reduce(0, +) / 200, image.scalars.reduce(0, +) / 2400, accuracy: 1e-5)
    }

    func testSameSizeIsTheIdentity() throws {
        let image = tensor([3, 9, 14]) { Float($0 % 17) }
        XCTAssertEqual(try ImageOps.resize(image, height: 9, width: 14, method: .bilinear), image)
    }

    func testBadArgumentsThrow() {
        XCTAssertThrowsError(try ImageOps.resize(Tensor(zeros: [3, 4, 4]), height: 0, width: 3))
        XCTAssertThrowsError(try ImageOps.resize(Tensor(zeros: [4]), height: 2, width: 2))
        XCTAssertThrowsError(try ImageOps.resize(Tensor(zeros: [3, 0, 4]), height: 2, width: 2))
    }
}
