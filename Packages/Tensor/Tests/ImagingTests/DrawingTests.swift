import Imaging
import XCTest

final class DrawingTests: XCTestCase {
    private func canvas(_ w: Int = 20, _ h: Int = 16, channels: Int = 1, bitDepth: Int = 8) -> PixelImage {
        try! PixelImage(width: w, height: h, channels: channels, bitDepth: bitDepth)
    }

    private func lit(_ image: PixelImage) -> Set<[Int]> {
        var s = Set<[Int]>()
        for y in 0..<image.height { for x in 0..<image.width where image.sample(x: x, y: y, channel: 0) != 0 { s.insert([x, y]) } }
        return s
    }

    func testHorizontalAndVerticalLinesSetExactlyTheirPixels() {
        var image = canvas()
        image.drawLine(from: [2, 5], to: [7, 5], color: .white)
        XCTAssertEqual(lit(image), Set((2...7).map { [$0, 5] }))
        image = canvas()
        image.drawLine(from: [4, 9], to: [4, 3], color: .white)
        XCTAssertEqual(lit(image), Set((3...9).map { [4, $0] }))
    }

    func testSlopedLinesHaveOnePixelPerStepNearTheIdealLine() {
        var image = canvas()
        image.drawLine(from: [0, 0], to: [12, 5], color: .white)
        let pixels = lit(image)
        XCTAssertEqual(pixels.count, 13)
        XCTAssert(pixels.contains([0, 0]) && pixels.contains([12, 5]))
        for x in 0...12 {
            let column = pixels.filter { $0[0] == x }
            XCTAssertEqual(column.count, 1, "column \(x)")
            XCTAssertLessThanOrEqual(abs(Float(column.first![1]) - Float(x) * 5 / 12), 0.5 + 1e-6)
        }
        image = canvas()
        image.drawLine(from: [1, 1], to: [9, 9], color: .white)
        XCTAssertEqual(lit(image), Set((1...9).map { [$0, $0] }))
    }

    func testThickLinesCoverThePixelsWithinHalfTheThickness() {
        var image = canvas(30, 30)
        let a = SIMD2<Float>(4.2, 6.1), b = SIMD2<Float>(23.7, 19.4), r: Float = 2.5
        image.drawLine(from: a, to: b, color: .white, thickness: 2 * r)
        let d = b - a, length2 = (d * d).sum()
        for y in 0..<30 { for x in 0..<30 {
            let p = SIMD2<Float>(Float(x), Float(y))
            let t = min(max(((p - a) * d).sum() / length2, 0), 1)
            let q = a + t * d - p
            let distance = (q * q).sum().squareRoot()
            guard abs(distance - r) > 1e-3 else { continue }
            XCTAssertEqual(image.sample(x: x, y: y, channel: 0) != 0, distance < r, "pixel (\(x), \(y)) at distance \(distance)")
        } }
        // Horizontal: rows 4...6 with round caps one pixel beyond the ends.
        image = canvas()
        image.drawLine(from: [3, 5], to: [8, 5], color: .white, thickness: 3)
        XCTAssertEqual(lit(image), Set((4...6).flatMap { y in (2...9).map { [$0, y] } }))
    }

    func testLinesFarOutsideAreClippedNotOverflowed() {
        var image = canvas()
        image.drawLine(from: [-1e9, 3], to: [1e9, 3], color: .white)
        XCTAssertEqual(lit(image), Set((0..<20).map { [$0, 3] }))
        image.drawLine(from: [.nan, 0], to: [3, 3], color: .white)
        image.drawLine(from: [-50, -50], to: [-10, 100], color: .white, thickness: 4)
        XCTAssertEqual(lit(image).count, 20)
    }

    func testCirclesFilledAndOutlined() {
        var image = canvas(24, 24)
        let c = SIMD2<Float>(11, 12)
        image.drawCircle(center: c, radius: 6, color: .white, filled: true)
        for y in 0..<24 { for x in 0..<24 {
            let d = ((SIMD2<Float>(Float(x), Float(y)) - c) * (SIMD2<Float>(Float(x), Float(y)) - c)).sum().squareRoot()
            XCTAssertEqual(image.sample(x: x, y: y, channel: 0) != 0, d <= 6, "(\(x), \(y))")
        } }
        image = canvas(24, 24)
        image.drawCircle(center: c, radius: 6, color: .white, thickness: 1)
        for y in 0..<24 { for x in 0..<24 {
            let d = ((SIMD2<Float>(Float(x), Float(y)) - c) * (SIMD2<Float>(Float(x), Float(y)) - c)).sum().squareRoot()
            XCTAssertEqual(image.sample(x: x, y: y, channel: 0) != 0, abs(d - 6) <= 0.5, "(\(x), \(y))")
        } }
        // The ring is closed: every row and column it spans has a pixel of it.
        let pixels = lit(image)
        for v in 6...18 {
            XCTAssert(pixels.contains { $0[1] == v }, "row \(v)")
            XCTAssert(pixels.contains { $0[0] == v - 1 }, "column \(v - 1)")
        }
    }

    func testRectanglesOutlineAndFill() {
        var image = canvas()
        image.drawRectangle(x: 2, y: 3, width: 5, height: 4, color: .white)
        let border = Set((2...6).flatMap { x in [[x, 3], [x, 6]] } + (3...6).flatMap { y in [[2, y], [6, y]] })
        XCTAssertEqual(lit(image), border)
        image = canvas()
        image.drawRectangle(x: 2, y: 3, width: 5, height: 4, color: .white, filled: true)
        XCTAssertEqual(lit(image).count, 20)
        image = canvas()
        image.drawRectangle(x: -10, y: -10, width: 20, height: 20, color: .white, thickness: 3)
        let pixels = lit(image)
        XCTAssertFalse(pixels.contains([0, 0]) || pixels.contains([6, 6]), "the left and top bands lie outside the image")
        XCTAssertEqual(pixels, Set((0...9).flatMap { v in (7...9).flatMap { [[v, $0], [$0, v]] } }))
    }

    func testPointsPolylinesAndColours() {
        var image = canvas(channels: 3)
        image.drawPoint([5, 5], radius: 0, color: .red)
        XCTAssertEqual((0..<3).map { image.sample(x: 5, y: 5, channel: $0) }, [255, 0, 0])
        image.drawPolyline([[1, 1], [10, 1], [10, 8]], closed: true, color: .green)
        XCTAssertEqual(image.sample(x: 10, y: 4, channel: 1), 255)
        XCTAssertEqual(image.sample(x: 4, y: 1, channel: 1), 255)
        XCTAssertEqual(image.sample(x: 5, y: 3, channel: 1), 0)
        var gray = canvas()
        gray.drawPoint([3, 3], radius: 0, color: .green)
        XCTAssertEqual(gray.sample(x: 3, y: 3, channel: 0), 150)  // BT.601 luma of pure green
    }

    func testTranslucentPaintBlendsAndAlphaComposites() {
        var image = canvas(4, 4, channels: 4)
        image.drawPoint([1, 1], radius: 0, color: DrawColor.white.opacity(128))
        XCTAssertEqual(image.sample(x: 1, y: 1, channel: 0), 128)
        XCTAssertEqual(image.sample(x: 1, y: 1, channel: 3), 128)
        var deep = canvas(4, 4, channels: 3, bitDepth: 16)
        deep.drawPoint([2, 2], radius: 0, color: .blue)
        XCTAssertEqual(deep.sample(x: 2, y: 2, channel: 2), 65535)
    }
}
