import Imaging
import XCTest

final class FontTests: XCTestCase {
    private func render(_ text: String, scale: Int = 1, background: DrawColor? = nil) -> [String] {
        let size = PixelImage.textSize(text, scale: scale)
        var image = try! PixelImage(width: size.width, height: size.height, channels: 1)
        image.drawText(text, x: 0, y: 0, color: .white, scale: scale, background: background)
        return (0..<image.height).map { y in
            String((0..<image.width).map { image.sample(x: $0, y: y, channel: 0) == 255 ? "#" : "." })
        }
    }

    func testRendersAKnownGlyph() {
        XCTAssertEqual(render("A"), [
            ".###..",
            "#...#.",
            "#...#.",
            "#...#.",
            "#####.",
            "#...#.",
            "#...#.",
            "......",
            "......",
        ])
    }

    func testScaleAndLayout() {
        let big = render("1", scale: 2)
        XCTAssertEqual(big.count, 18)
        XCTAssertEqual(big[0], "....##......")
        XCTAssertEqual(big[13], "..######....")
        XCTAssertEqual(PixelImage.textSize("ab\nc", scale: 1).width, 12)
        XCTAssertEqual(PixelImage.textSize("ab\nc", scale: 3).height, 54)
        let two = render("-.")
        XCTAssertEqual(two[3], "#####.......")
        XCTAssertEqual(two[6], ".......##...")
    }

    func testBackgroundAndUnknownCharacters() {
        var image = try! PixelImage(width: 12, height: 9, channels: 1)
        image.drawText("é", x: 0, y: 0, color: .white, background: DrawColor(gray: 100))
        XCTAssertEqual(image.sample(x: 5, y: 8, channel: 0), 100)       // cell filled
        XCTAssertEqual(render("é"), render("?"))
        image.drawText("clip me", x: -100, y: -3, color: .white)         // off the image: no crash
    }
}
