import Foundation
import Imaging
import Tensor
import XCTest

final class HOGTests: XCTestCase {
    func testConstantImageHasZeroDescriptor() throws {
        let hog = try HOG()
        let d = try hog.descriptor(Tensor(shape: [3, 32, 40], repeating: 0.7))
        XCTAssertEqual(d.shape, [3, 4, 36])
        XCTAssertEqual(hog.descriptorLength(height: 32, width: 40), 3 * 4 * 36)
        XCTAssert(d.scalars.allSatisfy { $0 == 0 })
    }

    func testVerticalEdgeVotesForHorizontalGradients() throws {
        let hog = try HOG()
        let edge = tensor([32, 32]) { $0 % 32 >= 13 ? 1 : 0 }
        let cells = try hog.cellHistograms(edge)
        XCTAssertEqual(cells.shape, [4, 4, 9])
        var perBin = [Float](repeating: 0, count: 9)
        for (i, v) in cells.scalars.enumerated() { perBin[i % 9] += v }
        let total = perBin.reduce(0, +)
        XCTAssertEqual(total, 32 * 2, accuracy: 1e-4)  // two columns of |gradient| 1 on each of 32 rows
        XCTAssertEqual(perBin[0] / total, 1, accuracy: 1e-6)
        // A light-to-dark edge falls in the same (unsigned) bin.
        let flipped = try hog.cellHistograms(tensor([32, 32]) { $0 % 32 >= 13 ? 0 : 1 })
        XCTAssertEqual(flipped, cells)
    }

    func testHorizontalEdgeSplitsBetweenTheBinsAroundNinetyDegrees() throws {
        let cells = try HOG().cellHistograms(tensor([16, 16]) { $0 / 16 >= 6 ? 1 : 0 })
        var perBin = [Float](repeating: 0, count: 9)
        for (i, v) in cells.scalars.enumerated() { perBin[i % 9] += v }
        XCTAssertEqual(perBin[4], perBin[5], accuracy: 1e-4)
        XCTAssertEqual(perBin[4] + perBin[5], perBin.reduce(0, +), accuracy: 1e-4)
    }

    func testObliqueGradientsInterpolateBetweenBins() throws {
        // A ramp rising at 37 degrees: interior pixels vote 37/20 = 1.85 bins,
        // so 15% into bin 1 and 85% into bin 2.
        let angle = Float(37) * .pi / 180
        let ramp = tensor([32, 32]) { Float($0 % 32) * cos(angle) + Float($0 / 32) * sin(angle) }
        let cells = try HOG().cellHistograms(ramp)
        for cy in 1...2 { for cx in 1...2 {
            let (b1, b2) = (cells[cy, cx, 1], cells[cy, cx, 2])
            XCTAssertEqual(b1 + b2, 64 * 2, accuracy: 1e-3)  // 64 pixels of |gradient| 2
            XCTAssertEqual(b2 / (b1 + b2), 0.85, accuracy: 1e-4)
        } }
    }

    func testBlocksAreL2HysNormalised() throws {
        let hog = try HOG(HOGParameters(clip: 0.2))
        let image = tensor([3, 24, 24]) { Float(($0 * 7919) % 255) / 255 }
        let d = try hog.descriptor(image)
        for b in 0..<(d.count / 36) {
            let block = d.scalars[(b * 36)..<(b * 36 + 36)]
            let norm = block.map { $0 * $0 }.reduce(0, +).squareRoot()
            XCTAssertEqual(norm, 1, accuracy: 1e-3)
            XCTAssert(block.allSatisfy { $0 >= 0 })
        }
    }

    func testParametersChangeTheGrid() throws {
        let hog = try HOG(HOGParameters(cellSize: 4, blockSize: 3, blockStride: 2, bins: 6, signedOrientation: true))
        let d = try hog.descriptor(Tensor(zeros: [20, 28]))
        XCTAssertEqual(d.shape, [2, 3, 54])  // cells 5x7, blocks of 3 every 2
        XCTAssertThrowsError(try HOG(HOGParameters(cellSize: 0)))
        XCTAssertThrowsError(try HOG().descriptor(Tensor(zeros: [12, 40])))  // 1 cell high: no 2x2 block
    }

    func testSignedOrientationSeparatesEdgePolarity() throws {
        let hog = try HOG(HOGParameters(signedOrientation: true))
        let rising = try hog.cellHistograms(tensor([16, 16]) { $0 % 16 >= 5 ? 1 : 0 })
        let falling = try hog.cellHistograms(tensor([16, 16]) { $0 % 16 >= 5 ? 0 : 1 })
        XCTAssertNotEqual(rising, falling)
    }

    func testDescriptorsAtPointsMatchPatchDescriptors() throws {
        let hog = try HOG()
        let image = tensor([1, 40, 50]) { Float(($0 * 131) % 97) / 97 }
        let points: [SIMD2<Float>] = [[20, 20], [12.5, 30], [2, 2]]
        let all = try hog.descriptors(image, at: points, patchSize: 16)
        XCTAssertEqual(all.shape, [3, 36])
        let patches = try ImageOps.samplePatches(image, centers: points, height: 16, width: 16)
        for n in 0..<3 {
            let patch = try Tensor(shape: [1, 16, 16], scalars: Array(patches.scalars[(n * 256)..<(n * 256 + 256)]))
            assertClose(Array(all.scalars[(n * 36)..<(n * 36 + 36)]), try hog.descriptor(patch).scalars, tolerance: 1e-6)
        }
    }
}
