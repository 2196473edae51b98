import FaceAlignCore
import GazeCore
import Imaging
import Tensor
import XCTest

final class EyeCropTests: XCTestCase {
    /// A large frontal-ish synthetic face whose 68 landmarks are exact.
    func face(roll: Float) throws -> SyntheticFaceSample {
        var config = SyntheticFaceConfig.easy
        config.imageSize = 256
        config.rollRange = 0
        let world = try SyntheticFaceWorld(config: config, seed: 9)
        var scene = world.scene(at: 1)
        scene.pose.roll = roll
        return world.render(scene, index: 1)
    }

    func testCropFramesTheEyeLikeTheRenderer() throws {
        let sample = try face(roll: 0)
        let normalizer = EyeCropNormalizer()
        let crops = try normalizer.crops(image: sample.tensor, landmarks: sample.labels.shape, headPose: sample.labels.pose)
        XCTAssertEqual(crops.count, 2)
        for crop in crops {
            XCTAssertEqual(crop.pixels.shape, [1, 36, 60])
            let points = EyeCropNormalizer.ibugIndices(eye: crop.eye).map { crop.toCrop(sample.labels.landmarks[$0]) }
            let centre = points.reduce(SIMD2<Float>.zero, +) / 6
            XCTAssertEqual(centre.x, 30, accuracy: 1e-3)
            XCTAssertEqual(centre.y, 18, accuracy: 1e-3)
            let span = points[3] - points[0]
            XCTAssertEqual((span * span).sum().squareRoot(), 30, accuracy: 1e-3)      // half the crop width
            for p in sample.labels.landmarks.prefix(10) {
                let q = crop.toImage(crop.toCrop(p))
                XCTAssertEqual(q.x, p.x, accuracy: 1e-3); XCTAssertEqual(q.y, p.y, accuracy: 1e-3)
            }
        }
        // The image-left eye's iris is the darkest part of its crop, near the crop's centre.
        let iris = crops[0].toCrop(sample.labels.irisCenters[0])
        XCTAssertEqual(iris.x, 30, accuracy: 8)
        XCTAssertEqual(iris.y, 18, accuracy: 6)
    }

    /// A rolled head comes out level when the crop is turned by the pose's roll.
    func testCropLevelsARolledHead() throws {
        let level = try face(roll: 0), rolled = try face(roll: 12)
        let normalizer = EyeCropNormalizer()
        let a = try normalizer.crops(image: level.tensor, landmarks: level.labels.shape, headPose: level.labels.pose)[0]
        let b = try normalizer.crops(image: rolled.tensor, landmarks: rolled.labels.shape, headPose: rolled.labels.pose)[0]
        func angle(_ s: SyntheticFaceSample, _ c: EyeCrop) -> Float {
            let p = EyeCropNormalizer.ibugIndices(eye: 0).map { c.toCrop(s.labels.landmarks[$0]) }
            return atan2f(p[3].y - p[0].y, p[3].x - p[0].x) * 180 / .pi
        }
        XCTAssertEqual(angle(rolled, b), angle(level, a), accuracy: 1.5)
        // Without the pose, the corner line is levelled exactly.
        let c = try normalizer.crops(image: rolled.tensor, landmarks: rolled.labels.shape, headPose: nil)[0]
        XCTAssertEqual(angle(rolled, c), 0, accuracy: 1e-3)
        // Pixels agree too: the levelled crops of the two heads look alike.
        XCTAssertGreaterThan(correlation(a.pixels.scalars, b.pixels.scalars), 0.9)
    }

    func testBadInputIsRejected() throws {
        let normalizer = EyeCropNormalizer()
        let image = Tensor(zeros: [1, 64, 64])
        let eye: [SIMD2<Float>] = [SIMD2(20, 30), SIMD2(24, 28), SIMD2(28, 28), SIMD2(32, 30), SIMD2(28, 32), SIMD2(24, 32)]
        XCTAssertNoThrow(try normalizer.crop(image: image, eyeLandmarks: eye, eye: 0))
        XCTAssertThrowsError(try normalizer.crop(image: image, eyeLandmarks: Array(eye.prefix(5)), eye: 0))
        XCTAssertThrowsError(try normalizer.crop(image: image, eyeLandmarks: [SIMD2(.nan, 0)] + eye.dropFirst(), eye: 0))
        XCTAssertThrowsError(try normalizer.crop(image: image, eyeLandmarks: Array(repeating: SIMD2(20, 20), count: 6), eye: 0))
        XCTAssertThrowsError(try normalizer.crop(image: Tensor(zeros: [2, 64, 64]), eyeLandmarks: eye, eye: 0))
        XCTAssertThrowsError(try normalizer.crop(image: Tensor(shape: [1, 64, 64], repeating: .nan), eyeLandmarks: eye, eye: 0))
        XCTAssertThrowsError(try normalizer.crop(image: image, eyeLandmarks: eye, eye: 2))
        XCTAssertThrowsError(try normalizer.crops(image: image, landmarks: Shape(points: Array(eye.prefix(5)), scheme: .five)))
        // RGB and [H, W] images are read as gray.
        XCTAssertEqual(try normalizer.crop(image: Tensor(zeros: [3, 64, 64]), eyeLandmarks: eye, eye: 1).pixels.shape, [1, 36, 60])
        XCTAssertEqual(try normalizer.crop(image: Tensor(zeros: [64, 64]), eyeLandmarks: eye, eye: 1).pixels.shape, [1, 36, 60])
    }
}

func correlation(_ a: [Float], _ b: [Float]) -> Double {
    let n = Double(a.count)
    let ma = a.reduce(0.0) { $0 + Double($1) } / n, mb = b.reduce(0.0) { $0 + Double($1) } / n
    var ab = 0.0, aa = 0.0, bb = 0.0
    for i in a.indices {
        let x = Double(a[i]) - ma, y = Double(b[i]) - mb
        ab += x * y; aa += x * x; bb += y * y
    }
    return ab / (aa * bb).squareRoot()
}
