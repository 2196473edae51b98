import XCTest
@testable import FaceAlignCore

final class SchemeTests: XCTestCase {
    /// A shape with distinct, asymmetric coordinates so any index mix-up shows.
    static func shape(_ scheme: LandmarkScheme, width: Float = 200) -> Shape {
        let points = (0..<scheme.count).map { i -> SIMD2<Float> in
            let x: Float = 10 + Float(i * 37 % 181)
            let y: Float = 5 + Float(i * 11 % 97) + Float(i) * 0.25
            return SIMD2(x, y)
        }
        return Shape(points: points, scheme: scheme)
    }

    func testMirroringTwiceIsIdentityForEveryScheme() {
        for scheme in LandmarkScheme.known {
            let s = Self.shape(scheme)
            let once = s.mirrored(imageWidth: 200)
            XCTAssertNotEqual(once.points, s.points, scheme.name)
            XCTAssertEqual(once.mirrored(imageWidth: 200).points, s.points, scheme.name)
            XCTAssertEqual(Set(scheme.mirror).count, scheme.count, "\(scheme.name) mirror is a permutation")
        }
    }

    func testWFLWMirrorPairs() {
        let m = LandmarkScheme.wflw98.mirror
        XCTAssertEqual(m[0], 32); XCTAssertEqual(m[16], 16); XCTAssertEqual(m[10], 22)
        XCTAssertEqual(m[33], 46); XCTAssertEqual(m[37], 42); XCTAssertEqual(m[38], 50); XCTAssertEqual(m[41], 47)
        XCTAssertEqual(m[60], 72); XCTAssertEqual(m[64], 68); XCTAssertEqual(m[65], 75); XCTAssertEqual(m[67], 73)
        XCTAssertEqual(m[76], 82); XCTAssertEqual(m[79], 79); XCTAssertEqual(m[88], 92); XCTAssertEqual(m[94], 94)
        XCTAssertEqual(m[96], 97); XCTAssertEqual(m[54], 54); XCTAssertEqual(m[55], 59); XCTAssertEqual(m[57], 57)
        XCTAssertEqual(LandmarkScheme.wflw98.outerEyeCorners, [60, 72])
        // Self-mirrored: the chin, the nose bridge, the nose middle, the lip middles.
        XCTAssertEqual(m.indices.filter { m[$0] == $0 }, [16, 51, 52, 53, 54, 57, 79, 85, 90, 94])
    }

    /// Deriving then mirroring equals mirroring then deriving: the derived mirror maps agree with
    /// the source's, for every built-in derivation (this also checks the 98 → 68 map).
    func testDerivationsCommuteWithMirroring() {
        for d in ShapeDerivations.all {
            let s = Self.shape(d.source)
            let a = d.derive(s).mirrored(imageWidth: 200)
            let b = d.derive(s.mirrored(imageWidth: 200))
            for k in 0..<d.target.count {
                XCTAssertEqual(a.points[k].x, b.points[k].x, accuracy: 1e-4, "\(d.target.name) point \(k)")
                XCTAssertEqual(a.points[k].y, b.points[k].y, accuracy: 1e-4, "\(d.target.name) point \(k)")
            }
        }
    }

    func testDerivedPointsAndCounts() throws {
        let s = Self.shape(.ibug68)
        let five = ShapeDerivations.ibug68ToFive.derive(s)
        XCTAssertEqual(five.count, 5)
        XCTAssertEqual(five.points[0], s.centroid(of: Array(36...41)))
        XCTAssertEqual(five.points[2], s.points[30])
        XCTAssertEqual(ShapeDerivations.ibug68To49.derive(s).count, 49)
        XCTAssertEqual(ShapeDerivations.ibug68To51.derive(s).points[0], s.points[17])
        XCTAssertEqual(LandmarkScheme.ibug49.outerEyeCorners.map { ShapeDerivations.ibug68To49.derive(s).points[$0] },
                       [s.points[36], s.points[45]])
        XCTAssertEqual(ShapeDerivations.ibug68ToCOFW29.approximatePoints, [5, 7])
        XCTAssertFalse(ShapeDerivations.ibug68ToCOFW29.isExact)
        let w = Self.shape(.wflw98)
        let s68 = ShapeDerivations.wflw98To68.derive(w)
        XCTAssertEqual(s68.points[8], w.points[16])     // chin
        XCTAssertEqual(s68.points[36], w.points[60])    // outer eye corners
        XCTAssertEqual(s68.points[45], w.points[72])
        XCTAssertEqual(s68.points[48], w.points[76])    // mouth corner
        XCTAssertThrowsError(try ShapeDerivations.ibug68ToFive.deriveChecked(w))
    }

    func testVisibilityCarriesThroughDerivation() {
        var s = Self.shape(.ibug68)
        var visible = [Bool](repeating: true, count: 68)
        visible[37] = false
        s.visible = visible
        let five = ShapeDerivations.ibug68ToFive.derive(s)
        XCTAssertEqual(five.visible, [false, true, true, true, true])
    }

    func testSubsetRefusesBrokenMirrorPairs() {
        XCTAssertThrowsError(try LandmarkScheme.ibug68.subset(name: "bad", indices: [36, 37])) { error in
            XCTAssertTrue("\(error)".contains("mirror"), "\(error)")
        }
    }
}
