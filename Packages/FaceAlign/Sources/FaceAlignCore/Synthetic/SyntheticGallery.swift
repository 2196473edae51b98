import Foundation
import Imaging
import Tensor

/// Contact sheets of the synthetic world, for a person to look at: samples in a grid with
/// their landmarks (green: visible, red: hidden by the head, yellow: occluded), the face box
/// (cyan) and a caption (yaw/pitch/roll, emotion).
public enum SyntheticGallery {
    /// How the sheet picks its faces.
    public enum Layout: String, Sendable, CaseIterable {
        /// Consecutive samples of the world (what a trainer sees).
        case samples
        /// A controlled grid: one row per emotion, columns sweeping yaw across the world's
        /// range; lighting and occluders as the world draws them.
        case sweep
    }

    /// Draws `count` faces of `world` in a grid `columns` wide; tiles are at least `tileSize`
    /// pixels (small crops are magnified by whole factors, nearest neighbour).
    public static func contactSheet(world: SyntheticFaceWorld, count: Int = 24, columns: Int = 6, tileSize: Int = 160,
                                    layout: Layout = .samples, drawLabels: Bool = true) throws -> PixelImage {
        guard count >= 1, columns >= 1 else { throw SyntheticFaceError.invalidConfig("a contact sheet needs count >= 1 and columns >= 1") }
        let samples: [SyntheticFaceSample]
        switch layout {
        case .samples:
            samples = (0..<count).map { world.sample(at: $0) }
        case .sweep:
            let emotions = BasicEmotion.allCases
            samples = (0..<count).map { i in
                var scene = world.scene(at: i)
                let row = i / columns, col = i % columns
                var unused = RandomGenerator(seed: 0)  // variation 0 draws nothing that matters
                scene.expression = FaceExpression.of(emotions[row % emotions.count], intensity: 1, variation: 0, using: &unused)
                let t = columns > 1 ? Float(col) / Float(columns - 1) : 0.5
                scene.pose = HeadPose(yaw: (2 * t - 1) * world.config.yawRange, pitch: scene.pose.pitch * 0.5, roll: scene.pose.roll * 0.5)
                return world.render(scene, index: i)
            }
        }
        let size = world.config.imageSize
        let zoom = max(1, (tileSize + size - 1) / size)
        let tile = size * zoom, caption = drawLabels ? 12 : 0, gap = 4
        let rows = (count + columns - 1) / columns
        var sheet = try PixelImage(width: columns * (tile + gap) + gap, height: rows * (tile + caption + gap) + gap, channels: 3)
        sheet.drawRectangle(x: 0, y: 0, width: Float(sheet.width), height: Float(sheet.height), color: DrawColor(gray: 40), filled: true)
        for (i, sample) in samples.enumerated() {
            let ox = gap + (i % columns) * (tile + gap), oy = gap + (i / columns) * (tile + caption + gap)
            blit(sample.image, zoom: zoom, into: &sheet, x: ox, y: oy)
            guard drawLabels else { continue }
            let l = sample.labels
            let z = Float(zoom)
            func at(_ p: SIMD2<Float>) -> SIMD2<Float> { SIMD2(Float(ox), Float(oy)) + p * z - 0.5 }
            let b = l.faceBox
            sheet.drawRectangle(x: Float(ox) + b.x * z, y: Float(oy) + b.y * z, width: b.width * z, height: b.height * z,
                                color: DrawColor.cyan.opacity(140))
            let radius = max(1, z * 0.7)
            for k in 0..<68 {
                let color: DrawColor = l.occluded[k] ? .yellow : (l.visible[k] ? .green : .red)
                let p = at(l.landmarks[k])
                guard p.x >= Float(ox), p.y >= Float(oy), p.x < Float(ox + tile), p.y < Float(oy + tile) else { continue }
                sheet.drawPoint(p, radius: radius, color: color)
            }
            let text = String(format: "%+.0f %+.0f %+.0f %@", l.pose.yaw, l.pose.pitch, l.pose.roll, String(l.emotion.rawValue.prefix(4)))
            sheet.drawText(text, x: ox, y: oy + tile + 2, color: .white)
        }
        return sheet
    }

    /// Copies `image` (gray or RGB) magnified `zoom` times into the RGB `sheet` at (x, y).
    static func blit(_ image: PixelImage, zoom: Int, into sheet: inout PixelImage, x: Int, y: Int) {
        let (w, h, c) = (image.width, image.height, image.channels)
        let sw = sheet.width, sh = sheet.height
        image.withUnsafeBytes { src in
            sheet.withUnsafeMutableBytes { dst in
                for yy in 0..<(h * zoom) {
                    let ty = y + yy
                    guard ty < sh else { break }
                    for xx in 0..<(w * zoom) {
                        let tx = x + xx
                        guard tx < sw else { break }
                        let s = ((yy / zoom) * w + xx / zoom) * c
                        let d = (ty * sw + tx) * 3
                        for k in 0..<3 { dst[d + k] = src[s + (c == 1 ? 0 : k)] }
                    }
                }
            }
        }
    }
}

