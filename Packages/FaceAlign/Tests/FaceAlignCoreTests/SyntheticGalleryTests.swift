import XCTest
import Imaging
@testable import FaceAlignCore

final class SyntheticGalleryTests: XCTestCase {
    /// The sheet has the grid's size and is not blank; with FACET_SYNTH_GALLERY=path it is also
    /// written there for a person to look at.
    func testSyntheticContactSheet() throws {
        let env = ProcessInfo.processInfo.environment
        let split = env["FACET_SYNTH_SPLIT"] ?? "medium"
        var config = SyntheticFaceConfig.preset(named: split) ?? .medium
        config.imageSize = Int(env["FACET_SYNTH_SIZE"] ?? "") ?? 64
        config.color = .rgb
        let world = try SyntheticFaceWorld(config: config, seed: 3)
        let layout = SyntheticGallery.Layout(rawValue: env["FACET_SYNTH_LAYOUT"] ?? "samples") ?? .samples
        let count = Int(env["FACET_SYNTH_COUNT"] ?? "") ?? 12
        let sheet = try SyntheticGallery.contactSheet(world: world, count: count, columns: 6, tileSize: 160, layout: layout)
        let tile = config.imageSize * max(1, (160 + config.imageSize - 1) / config.imageSize)
        XCTAssertEqual(sheet.width, 6 * (tile + 4) + 4)
        var distinct = Set<UInt8>()
        sheet.withUnsafeBytes { for b in $0.prefix(200_000) { distinct.insert(b) } }
        XCTAssertGreaterThan(distinct.count, 50)
        if let path = env["FACET_SYNTH_GALLERY"] { try ImageIO.write(sheet, to: path) }
    }

    /// With FACET_SYNTH_EYES=path, writes 12 eye crops (x4) with iris centre and lid points.
    func testSyntheticEyeCropSheet() throws {
        guard let path = ProcessInfo.processInfo.environment["FACET_SYNTH_EYES"] else { return }
        var config = SyntheticFaceConfig.medium
        config.color = .rgb
        let world = try SyntheticFaceWorld(config: config, seed: 9)
        var sheet = try PixelImage(width: 4 * (240 + 4), height: 3 * (144 + 16), channels: 3)
        for i in 0..<12 {
            let e = try world.eyeSample(at: i)
            let (ox, oy) = ((i % 4) * 244, (i / 4) * 160)
            SyntheticGallery.blit(e.image, zoom: 4, into: &sheet, x: ox, y: oy)
            let o = SIMD2(Float(ox), Float(oy))
            for p in e.labels.eyelidLandmarks { sheet.drawPoint(o + p * 4 - 0.5, radius: 2, color: .green) }
            sheet.drawPoint(o + e.labels.irisCenter * 4 - 0.5, radius: 3, color: .red)
            sheet.drawText(String(format: "g %+.0f %+.0f open %.2f", e.labels.gaze.yaw, e.labels.gaze.pitch, e.labels.eyelidOpenness),
                           x: ox, y: oy + 146, color: .white)
        }
        try ImageIO.write(sheet, to: path)
    }
}
