import XCTest
@testable import FaceAlignCore

final class ShapeTests: XCTestCase {
    func testMirroringTwiceIsIdentity() {
        var points: [SIMD2<Float>] = []
        for i in 0..<68 { points.append(SIMD2(Float(i) * 1.5 + 3, Float(i % 7) * 2 + 1)) }
        let shape = Shape(points: points, scheme: .ibug68)
        let once = shape.mirrored(imageWidth: 128)
        XCTAssertNotEqual(once.points, shape.points)
        XCTAssertEqual(once.mirrored(imageWidth: 128).points, shape.points)
    }

    func testMirrorSwapsEyeCorners() {
        let scheme = LandmarkScheme.ibug68
        XCTAssertEqual(scheme.mirror[36], 45)
        XCTAssertEqual(scheme.mirror[8], 8)
        XCTAssertEqual(scheme.mirror[0], 16)
        XCTAssertEqual(Set(scheme.mirror).count, 68)
    }
}
