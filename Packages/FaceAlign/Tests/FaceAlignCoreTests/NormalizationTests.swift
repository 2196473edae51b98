import XCTest
import Tensor
import Imaging
import NN
@testable import FaceAlignCore

final class NormalizationTests: XCTestCase {
    /// A smooth RGB test picture, so bilinear samples are close to the function itself.
    static func pattern(width: Int, height: Int) -> Tensor {
        var t = Tensor(zeros: [3, height, width])
        t.withUnsafeMutableBufferPointer { b in
            for c in 0..<3 {
                for y in 0..<height {
                    for x in 0..<width {
                        let (fx, fy) = (Float(x) + 0.5, Float(y) + 0.5)
                        b[(c * height + y) * width + x] = 0.5 + 0.4 * sinf(fx / (9 + Float(c)) + Float(c)) * cosf(fy / 13 - Float(c))
                    }
                }
            }
        }
        return t
    }

    /// Bilinear sample at a point in shape coordinates (pixel centres at +0.5).
    static func sample(_ t: Tensor, channel: Int, at p: SIMD2<Float>) -> Float {
        let h = t.shape[1], w = t.shape[2]
        let x = p.x - 0.5, y = p.y - 0.5
        let x0 = Int(x.rounded(.down)), y0 = Int(y.rounded(.down))
        let tx = x - Float(x0), ty = y - Float(y0)
        func v(_ xx: Int, _ yy: Int) -> Float { t[channel, min(max(yy, 0), h - 1), min(max(xx, 0), w - 1)] }
        return (1 - ty) * ((1 - tx) * v(x0, y0) + tx * v(x0 + 1, y0)) + ty * ((1 - tx) * v(x0, y0 + 1) + tx * v(x0 + 1, y0 + 1))
    }

    func testWarpThenInverseReturnsTheLandmarks() throws {
        let shape = SchemeTests.shape(.wflw98)
        for (rotation, side) in [(Float(0), Float(150)), (0.4, 90), (-2.5, 301)] {
            let t = try FaceCropTransform(center: SIMD2(97.3, 61.9), side: side, rotation: rotation, size: 128)
            let back = t.toImage(t.toCrop(shape))
            for k in 0..<shape.count {
                XCTAssertEqual(back.points[k].x, shape.points[k].x, accuracy: 1e-3)
                XCTAssertEqual(back.points[k].y, shape.points[k].y, accuracy: 1e-3)
            }
        }
        XCTAssertThrowsError(try FaceCropTransform(center: .zero, side: 0, size: 64))
        XCTAssertThrowsError(try FaceCropTransform(box: FaceBox(x: 0, y: 0, width: 10, height: 10, score: 1), size: 0))
    }

    /// The pixels follow the landmarks: a blob centred on a point lands on the mapped point.
    func testCropPixelsAgreeWithTheLandmarkMap() throws {
        let (w, h) = (160, 120)
        let centre = SIMD2<Float>(73.3, 58.7)
        var image = Tensor(zeros: [1, h, w])
        image.withUnsafeMutableBufferPointer { b in
            for y in 0..<h {
                for x in 0..<w {
                    let d = SIMD2(Float(x) + 0.5, Float(y) + 0.5) - centre
                    b[y * w + x] = expf(-(d * d).sum() / (2 * 4 * 4))
                }
            }
        }
        for (rotation, side) in [(Float(0), Float(100)), (0.7, 80), (0, 500)] {   // the last one shrinks > 2x
            let t = try FaceCropTransform(center: SIMD2(80, 60), side: side, rotation: rotation, size: 64)
            let crop = try t.crop(image)
            var sum: Float = 0, weighted = SIMD2<Float>.zero
            for y in 0..<64 {
                for x in 0..<64 {
                    let v = crop[0, y, x]
                    sum += v
                    weighted += v * SIMD2(Float(x) + 0.5, Float(y) + 0.5)
                }
            }
            let found = weighted / sum, expected = t.toCrop(centre)
            XCTAssertEqual(found.x, expected.x, accuracy: side > 200 ? 0.15 : 0.05, "rotation \(rotation) side \(side)")
            XCTAssertEqual(found.y, expected.y, accuracy: side > 200 ? 0.15 : 0.05, "rotation \(rotation) side \(side)")
        }
    }

    func testFlipKeepsLandmarksOnTheSameSemanticPoints() throws {
        let image = Self.pattern(width: 180, height: 160)
        var points = [SIMD2<Float>]()
        for i in 0..<68 { points.append(SIMD2(40 + Float(i * 29 % 100), 40 + Float(i * 17 % 80))) }
        points[36] = SIMD2(55, 70)   // image-left outer eye corner
        points[45] = SIMD2(125, 72)  // image-right outer eye corner
        let shape = Shape(points: points, scheme: .ibug68)
        var augmentation = LandmarkAugmentation.none
        augmentation.flipProbability = 1
        augmentation.rotationDegrees = 10
        augmentation.scaleRange = 0.9...1.1
        var rng = RandomGenerator(seed: 5)
        let box = FaceBox(x: 40, y: 40, width: 100, height: 80, score: 1)
        let a = try augmentation.apply(image: image, shape: shape, box: box, size: 96, using: &rng)
        XCTAssertTrue(a.flipped)
        // Index 36 is still the image-left outer eye corner.
        XCTAssertLessThan(a.shape.points[36].x, a.shape.points[45].x)
        // What the crop shows at point i is what the image showed at i's mirror partner.
        for i in 0..<68 {
            for c in 0..<3 {
                XCTAssertEqual(Self.sample(a.crop, channel: c, at: a.shape.points[i]),
                               Self.sample(image, channel: c, at: shape.points[shape.scheme.mirror[i]]), accuracy: 0.01, "point \(i)")
            }
        }
        // Mapping the crop's shape back gives the original, flip included.
        let back = a.toImage(a.shape)
        for k in 0..<68 {
            XCTAssertEqual(back.points[k].x, shape.points[k].x, accuracy: 1e-3)
            XCTAssertEqual(back.points[k].y, shape.points[k].y, accuracy: 1e-3)
        }
        // Flipping the image itself agrees with Shape.mirrored.
        var flipped = image
        try PhotometricOps.flipHorizontally(&flipped)
        let mirrored = shape.mirrored(imageWidth: 180)
        for i in [0, 36, 45, 48] {
            XCTAssertEqual(Self.sample(flipped, channel: 1, at: mirrored.points[i]),
                           Self.sample(image, channel: 1, at: shape.points[shape.scheme.mirror[i]]), accuracy: 1e-5)
        }
    }

    func testAugmentationIsSeededAndCoversEveryStep() throws {
        let image = Self.pattern(width: 120, height: 120)
        let shape = SchemeTests.shape(.five, width: 120)
        var all = LandmarkAugmentation()
        (all.blurProbability, all.noiseProbability, all.occlusionProbability) = (1, 1, 1)
        let box = FaceBox(x: 20, y: 20, width: 80, height: 80, score: 1)
        var r1 = RandomGenerator(seed: 42), r2 = RandomGenerator(seed: 42), r3 = RandomGenerator(seed: 43)
        let a = try all.apply(image: image, shape: shape, box: box, size: 64, using: &r1)
        let b = try all.apply(image: image, shape: shape, box: box, size: 64, using: &r2)
        let c = try all.apply(image: image, shape: shape, box: box, size: 64, using: &r3)
        XCTAssertEqual(a.crop, b.crop)
        XCTAssertEqual(a.shape, b.shape)
        XCTAssertNotEqual(a.crop, c.crop)
        XCTAssertNotNil(a.shape.occluded)
        XCTAssertTrue(a.crop.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        var bad = LandmarkAugmentation()
        bad.flipProbability = 2
        XCTAssertThrowsError(try bad.apply(image: image, shape: shape, box: box, size: 64, using: &r1)) {
            XCTAssertTrue("\($0)".contains("flip probability"), "\($0)")
        }
    }

    func testBlurKeepsConstantsAndMass() throws {
        var flat = Tensor(shape: [2, 9, 11], repeating: 0.3)
        try PhotometricOps.gaussianBlur(&flat, sigma: 1.2)
        XCTAssertTrue(flat.scalars.allSatisfy { abs($0 - 0.3) < 1e-6 })
        var impulse = Tensor(zeros: [1, 21, 21])
        impulse.withUnsafeMutableBufferPointer { $0[10 * 21 + 10] = 1 }
        try PhotometricOps.gaussianBlur(&impulse, sigma: 1.5)
        XCTAssertEqual(impulse.scalars.reduce(0, +), 1, accuracy: 1e-5)
        XCTAssertEqual(impulse[0, 10, 9], impulse[0, 9, 10], accuracy: 1e-7)
        XCTAssertLessThan(impulse[0, 10, 10], 0.1)
        var patch = Tensor(zeros: [3, 10, 10])
        try PhotometricOps.fillRectangle(&patch, x: 2, y: 3, width: 4, height: 2, values: [1, 0.5, 0.25])
        XCTAssertEqual(patch.scalars.reduce(0, +), 8 * 1.75)
        XCTAssertEqual(patch[1, 3, 2], 0.5)
        XCTAssertEqual(patch[0, 5, 2], 0)
    }

    func testCropDatasetAndLoaderAugmentation() throws {
        let folder = NSTemporaryDirectory() + "crop-dataset-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let picture = Self.pattern(width: 100, height: 90)
        try ImageIO.write(try PixelImage(chw: picture), to: folder + "/face.png")
        let shape = SchemeTests.shape(.five)
        let scaled = Shape(points: shape.points.map { $0 * 0.4 + SIMD2(10, 10) }, scheme: .five)
        let data = try LandmarkCropDataset(samples: [LandmarkSample(image: .path(folder + "/face.png"), shape: scaled)], size: 32)
        let sample = try data.sample(at: 0)
        XCTAssertEqual(sample.input.shape, [3, 32, 32])
        let t = try data.transform(at: 0)
        let target = sample.target!.scalars
        for k in 0..<5 {
            XCTAssertEqual(target[2 * k] * 32, t.toCrop(scaled.points[k]).x, accuracy: 1e-4)
            XCTAssertEqual(target[2 * k + 1] * 32, t.toCrop(scaled.points[k]).y, accuracy: 1e-4)
        }
        var augmentation = LandmarkAugmentation.none
        augmentation.flipProbability = 1
        let step = augmentation.loaderAugmentation(scheme: .five)
        var augmented = sample
        var rng = RandomGenerator(seed: 1)
        try step(&augmented, &rng)
        // A pure flip: x → 1 − x with the eye and mouth pairs swapped.
        let flipped = augmented.target!.scalars
        XCTAssertEqual(flipped[0], 1 - target[2], accuracy: 1e-5)
        XCTAssertEqual(flipped[1], target[3], accuracy: 1e-5)
        XCTAssertEqual(flipped[4], 1 - target[4], accuracy: 1e-5)
    }
}
