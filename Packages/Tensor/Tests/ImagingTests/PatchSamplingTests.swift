import Imaging
import Tensor
import XCTest

final class PatchSamplingTests: XCTestCase {
    private let image = tensor([2, 20, 30]) { Float(($0 * 37) % 101) / 101 }

    func testIntegerCentresEqualDirectIndexing() throws {
        let centres: [SIMD2<Float>] = [[10, 8], [15, 12], [3, 3]]
        let patches = try ImageOps.samplePatches(image, centers: centres, height: 5, width: 7)
        XCTAssertEqual(patches.shape, [3, 2, 5, 7])
        for (n, c) in centres.enumerated() {
            for ch in 0..<2 { for i in 0..<5 { for j in 0..<7 {
                XCTAssertEqual(patches[n, ch, i, j], image[ch, Int(c.y) - 2 + i, Int(c.x) - 3 + j])
            } } }
        }
    }

    func testBordersReplicateOrFill() throws {
        let corner: [SIMD2<Float>] = [[0, 0]]
        let replicated = try ImageOps.samplePatches(image, centers: corner, height: 3, width: 3)
        XCTAssertEqual(replicated[0, 1, 0, 0], image[1, 0, 0])
        XCTAssertEqual(replicated[0, 1, 0, 2], image[1, 0, 1])
        XCTAssertEqual(replicated[0, 1, 2, 0], image[1, 1, 0])
        let filled = try ImageOps.samplePatches(image, centers: corner, height: 3, width: 3, border: .constant(-1))
        XCTAssertEqual(filled[0, 0, 0, 0], -1)
        XCTAssertEqual(filled[0, 0, 1, 1], image[0, 0, 0])
        XCTAssertEqual(filled[0, 0, 2, 2], image[0, 1, 1])
    }

    func testFractionalCentresInterpolate() throws {
        let p = try ImageOps.samplePatches(image, centers: [[4.5, 6]], height: 1, width: 1)
        XCTAssertEqual(p[0, 0, 0, 0], (image[0, 6, 4] + image[0, 6, 5]) / 2, accuracy: 1e-6)
        // Scale 2 reads every other pixel.
        let wide = try ImageOps.samplePatches(image, centers: [[10, 10]], height: 3, width: 3, scale: 2)
        XCTAssertEqual(wide[0, 1, 0, 0], image[1, 8, 8])
        XCTAssertEqual(wide[0, 1, 2, 2], image[1, 12, 12])
    }

    func testBadInputsThrow() {
        XCTAssertThrowsError(try ImageOps.samplePatches(image, centers: [[.nan, 1]], height: 3, width: 3))
        XCTAssertThrowsError(try ImageOps.samplePatches(image, centers: [[1, 1]], height: 0, width: 3))
        XCTAssertThrowsError(try ImageOps.samplePatches(Tensor(zeros: [1, 1, 4, 4]), centers: [[1, 1]], height: 3, width: 3))
    }
}
