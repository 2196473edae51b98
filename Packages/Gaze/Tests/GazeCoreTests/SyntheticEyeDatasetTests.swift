import GazeCore
import Tensor
import XCTest

final class SyntheticEyeDatasetTests: XCTestCase {
    func testRendersLabelledEyesInTheProtocolsRanges() throws {
        let settings = SyntheticEyeDataset.Settings(subjects: 3, count: 24, seed: 1, identitySeed: 2)
        let data = try SyntheticEyeDataset(settings)
        XCTAssertEqual(data.images.shape, [24, 1, 36, 60])
        XCTAssertEqual(data.landmarks.shape, [24, 7, 2])
        XCTAssertEqual(data.gazeDegrees().shape, [24, 2])
        let pixels = data.images.scalars
        XCTAssertTrue(pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
        for g in data.gaze {
            XCTAssertLessThanOrEqual(abs(g.yawDegrees), 35.001)
            XCTAssertLessThanOrEqual(abs(g.pitchDegrees), 21.001)
        }
        for p in data.headPoses { XCTAssertLessThanOrEqual(abs(p.yaw), 20.001); XCTAssertLessThanOrEqual(abs(p.roll), 8.001) }
        XCTAssertTrue(Set(data.subjects).isSubset(of: [0, 1, 2]))
        // Landmarks lie inside the crop, and the iris centre between the eye corners.
        let l = data.landmarks.scalars
        for i in 0..<data.count {
            for k in 0..<7 {
                XCTAssertTrue((0...60).contains(l[(i * 7 + k) * 2]) && (0...36).contains(l[(i * 7 + k) * 2 + 1]), "crop \(i) landmark \(k)")
            }
            let (iris, a, b) = (l[i * 14], l[i * 14 + 2], l[i * 14 + 8])
            XCTAssertTrue(min(a, b) < iris && iris < max(a, b), "crop \(i): iris x \(iris) outside corners \(a), \(b)")
        }
        // The same settings give the same pixels; a subset keeps rows in order.
        let again = try SyntheticEyeDataset(settings)
        XCTAssertEqual(again.images, data.images)
        let sub = try data.subset([5, 2])
        XCTAssertEqual(sub.gaze, [data.gaze[5], data.gaze[2]])
        XCTAssertEqual(try sub.images.slice(alongAxis: 0, 1..<2), try data.images.slice(alongAxis: 0, 2..<3))
        XCTAssertThrowsError(try data.subset([24]))
        XCTAssertThrowsError(try SyntheticEyeDataset(.init(subjects: 0, count: 4, seed: 0, identitySeed: 0)))
    }
}
