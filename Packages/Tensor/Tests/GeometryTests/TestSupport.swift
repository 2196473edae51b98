import Tensor
import XCTest
@testable import Geometry

/// Tensor's seeded generator with the helpers these tests use: the same numbers on every run.
struct SeededGenerator: RandomNumberGenerator {
    var base: RandomGenerator
    init(seed: UInt64) { base = RandomGenerator(seed: seed) }
    mutating func next() -> UInt64 { base.next() }

    mutating func uniform(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &self) }

    /// A standard normal sample (Box-Muller).
    mutating func normal() -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    mutating func points(_ n: Int, in range: ClosedRange<Double> = -50...50) -> [Point2] {
        (0..<n).map { _ in Point2(uniform(range), uniform(range)) }
    }
}

func assertPointsClose(_ a: [Point2], _ b: [Point2], _ tolerance: Double, _ message: String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    let worst = zip(a, b).map { (($0 - $1) * ($0 - $1)).sum().squareRoot() }.max() ?? 0
    XCTAssertLessThanOrEqual(worst, tolerance, "largest distance \(worst) \(message)", file: file, line: line)
}

func assertMatricesClose(_ a: Matrix3, _ b: Matrix3, _ tolerance: Double, _ message: String = "",
                         file: StaticString = #filePath, line: UInt = #line) {
    let worst = zip(a.values, b.values).map { abs($0 - $1) }.max() ?? 0
    XCTAssertLessThanOrEqual(worst, tolerance, "largest difference \(worst) \(message)", file: file, line: line)
}

/// A face-like 3D model in millimetres, camera convention (x right, y down, z away from the
/// camera; the nose tip is nearest): 17 jaw points, 10 brow, 9 nose, 12 eye, 12 mouth = 60.
func faceModel() -> [Point3] {
    var points: [Point3] = []
    for i in 0..<17 {   // jaw: a U from ear to ear, further back at the sides
        let a = (Double(i) / 16 - 0.5) * 0.9 * .pi
        points.append(Point3(70 * sin(a), 10 + 55 * cos(a), 60 * (1 - cos(a))))
    }
    for side in [-1.0, 1.0] {
        for i in 0..<5 { points.append(Point3(side * (15 + 10 * Double(i)), -40 - 4 * sin(Double(i)), 8 + 3 * Double(i))) }   // brows
        for i in 0..<6 {   // eyes: ellipses around (±32, -25)
            let a = Double(i) / 6 * 2 * .pi
            points.append(Point3(side * 32 + 11 * cos(a), -25 + 4 * sin(a), 12 + 2 * cos(a)))
        }
    }
    for i in 0..<4 { points.append(Point3(0, -30 + 10 * Double(i), -5 - 8 * Double(i))) }   // nose ridge to tip
    for i in 0..<5 { points.append(Point3(-12 + 6 * Double(i), 12, -5 + abs(Double(i) - 2) * 3)) }   // nostrils
    for i in 0..<12 {   // mouth: an ellipse
        let a = Double(i) / 12 * 2 * .pi
        points.append(Point3(25 * cos(a), 35 + 8 * sin(a), 5 + 6 * abs(cos(a))))
    }
    return points
}
