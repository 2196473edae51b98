import FaceAlignCore
import Foundation
import Imaging
import NN
import Tensor

/// Faces held in memory for training and evaluation: each is a square image `[C, R, R]`, its
/// 68 landmarks and face box in that image's pixels, and whether the 68 points are annotated
/// (false = only the coarse tasks derived from them may be used: the spec's "5-point only"
/// samples, §7 D2).
///
/// As an NN `Dataset`, a sample's input is the image and its target packs
/// `[x0, y0, …, x67, y67, box x, y, w, h, fine]`; `DeCaFADataPrep` turns it into a crop and
/// per-task targets inside the `DataLoader`.
public struct DeCaFAFaceSet: Dataset {
    public let images: Tensor
    public let shapes: [Shape]
    public let boxes: [FaceBox]
    public var fine: [Bool]

    public init(images: Tensor, shapes: [Shape], boxes: [FaceBox], fine: [Bool]? = nil) throws {
        guard images.rank == 4, images.shape[0] == shapes.count, shapes.count == boxes.count, !shapes.isEmpty else {
            throw FaceAlignError.invalidArgument(op: "DeCaFAFaceSet", message: "needs [N, C, R, R] images with one shape and box each, got \(images.shape), \(shapes.count) shapes, \(boxes.count) boxes")
        }
        self.images = images
        self.shapes = shapes
        self.boxes = boxes
        self.fine = fine ?? [Bool](repeating: true, count: shapes.count)
    }

    public var count: Int { shapes.count }
    public var imageSize: Int { images.shape[3] }
    public var channels: Int { images.shape[1] }

    public func image(at index: Int) throws -> Tensor {
        try images.slice(alongAxis: 0, index..<(index + 1)).reshaped(Array(images.shape.dropFirst()))
    }

    public func sample(at index: Int) throws -> Sample {
        var target = [Float]()
        target.reserveCapacity(141)
        for p in shapes[index].points { target += [p.x, p.y] }
        let b = boxes[index]
        target += [b.x, b.y, b.width, b.height, fine[index] ? 1 : 0]
        return Sample(input: try image(at: index), target: Tensor(target))
    }

    /// Renders `count` faces of the synthetic world (`config`, `seed`, indices from `offset`) at
    /// `renderSize`, grayscale; `lowResolutionFraction` of them are rendered at half size and
    /// upsampled (the blur of small faces in photos).
    public static func synthetic(config: SyntheticFaceConfig, seed: UInt64, count: Int, offset: Int = 0,
                                 renderSize: Int = 128, lowResolutionFraction: Float = 0) throws -> DeCaFAFaceSet {
        var hi = config
        hi.imageSize = renderSize
        hi.color = .gray
        var lo = hi
        lo.imageSize = max(16, renderSize / 2)
        let worldHi = try SyntheticFaceWorld(config: hi, seed: seed)
        let worldLo = try SyntheticFaceWorld(config: lo, seed: seed)
        let plane = renderSize * renderSize
        var images = Tensor(zeros: [count, 1, renderSize, renderSize])
        var shapes: [Shape] = [], boxes: [FaceBox] = []
        var rng = RandomGenerator(seed: seed ^ 0x5EED)
        for i in 0..<count {
            let low = rng.uniformFloat() < lowResolutionFraction
            let s = (low ? worldLo : worldHi).sample(at: offset + i)
            var img = s.tensor
            var shape = s.labels.shape
            var box = s.labels.faceBox
            if low {
                let factor = Float(renderSize) / Float(lo.imageSize)
                img = try ImageOps.resize(img, height: renderSize, width: renderSize, method: .bilinear)
                // Pixel-centre convention: x_hi = x_lo · factor maps pixel edges to pixel edges.
                shape.points = shape.points.map { $0 * factor }
                box = FaceBox(x: box.x * factor, y: box.y * factor, width: box.width * factor, height: box.height * factor, score: box.score)
            }
            img.withUnsafeBufferPointer { src in
                images.withUnsafeMutableBufferPointer { dst in
                    (dst.baseAddress! + i * plane).update(from: src.baseAddress!, count: plane)
                }
            }
            shapes.append(shape)
            boxes.append(box)
        }
        return try DeCaFAFaceSet(images: images, shapes: shapes, boxes: boxes)
    }

    /// Faces of a 300W-layout folder (`.pts` + image), each cropped around its box with a wide
    /// margin to `renderSize`, grayscale.
    public static func folder(root: String, split: PTSFolderLoader.Split = .all, renderSize: Int = 128) throws -> DeCaFAFaceSet {
        let samples = try PTSFolderLoader.load(root: root, split: split, skipMissingImages: true)
        let margin: Float = 0.5
        let crops = try LandmarkCropDataset(samples: samples, size: renderSize, margin: margin, channels: 1)
        var images = Tensor(zeros: [samples.count, 1, renderSize, renderSize])
        var shapes: [Shape] = [], boxes: [FaceBox] = []
        let plane = renderSize * renderSize
        let side = Float(renderSize) / (1 + 2 * margin)
        for i in 0..<samples.count {
            let t = try crops.transform(at: i)
            let crop = try crops.sample(at: i).input
            crop.withUnsafeBufferPointer { src in
                images.withUnsafeMutableBufferPointer { dst in (dst.baseAddress! + i * plane).update(from: src.baseAddress!, count: plane) }
            }
            shapes.append(t.toCrop(samples[i].shape))
            let c = Float(renderSize) / 2
            boxes.append(FaceBox(x: c - side / 2, y: c - side / 2, width: side, height: side, score: 1))
        }
        return try DeCaFAFaceSet(images: images, shapes: shapes, boxes: boxes)
    }
}
