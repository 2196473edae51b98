import Imaging
import NN
import Tensor

/// Landmark samples as an NN `Dataset`: each sample is the face cropped around its box to
/// `size` x `size` (`[channels, size, size]`, values in 0...1) with the landmarks in crop
/// coordinates divided by `size` as the target (`[2K]`: x0, y0, x1, y1, …).
///
/// Crops are deterministic; random augmentation runs in the `DataLoader` through
/// `LandmarkAugmentation.loaderAugmentation(scheme:)`, so it is seeded per (epoch, sample). Give
/// the crop a generous `margin` then: rotated and zoomed-out re-crops read the border.
///
/// ```swift
/// let data = try LandmarkCropDataset(samples: try PTSFolderLoader.load(root: "300W", split: .train), size: 128)
/// let loader = DataLoader(data, batchSize: 32, seed: 1,
///                         augmentation: LandmarkAugmentation().loaderAugmentation(scheme: .ibug68))
/// ```
public struct LandmarkCropDataset: Dataset {
    public let samples: [LandmarkSample]
    public let size: Int
    public let margin: Float
    /// 1 (gray) or 3 (RGB): every image is converted, so batches stack.
    public let channels: Int

    public init(samples: [LandmarkSample], size: Int, margin: Float = 0.2, channels: Int = 3) throws {
        guard !samples.isEmpty else {
            throw FaceAlignError.emptyDataset(path: "LandmarkCropDataset", reason: "no samples were given")
        }
        guard let scheme = samples.first?.shape.scheme, samples.allSatisfy({ $0.shape.scheme == scheme }) else {
            throw FaceAlignError.schemeMismatch(op: "LandmarkCropDataset", expected: samples[0].shape.scheme.name,
                                                got: samples.first { $0.shape.scheme != samples[0].shape.scheme }!.shape.scheme.name)
        }
        guard size >= 8, channels == 1 || channels == 3 else {
            throw FaceAlignError.invalidArgument(op: "LandmarkCropDataset", message: "needs size ≥ 8 and 1 or 3 channels, "
                                                 + "got size \(size), \(channels) channels")
        }
        self.samples = samples
        self.size = size
        self.margin = margin
        self.channels = channels
    }

    public var count: Int { samples.count }

    /// The crop map of sample `index` (to put predictions back on the image).
    public func transform(at index: Int) throws -> FaceCropTransform {
        try FaceCropTransform(box: samples[index].faceBox, size: size, margin: margin)
    }

    public func sample(at index: Int) throws -> Sample {
        let s = samples[index]
        let t = try transform(at: index)
        let crop = try t.crop(Self.convert(try s.loadImage(), channels: channels))
        let shape = t.toCrop(s.shape)
        var target = [Float]()
        target.reserveCapacity(2 * shape.count)
        for p in shape.points { target += [p.x / Float(size), p.y / Float(size)] }
        return Sample(input: crop, target: Tensor(target))
    }

    /// `[channels, H, W]` in 0...1: drops alpha, averages RGB to gray or repeats gray to RGB.
    static func convert(_ image: PixelImage, channels: Int) -> Tensor {
        let x = image.removingAlpha().chwTensor()
        let have = x.shape[0], h = x.shape[1], w = x.shape[2], plane = h * w
        guard have != channels else { return x }
        var out = Tensor(zeros: [channels, h, w])
        x.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let s = src.baseAddress!, d = dst.baseAddress!
                if channels == 1 {
                    for i in 0..<plane { d[i] = (s[i] + s[i &+ plane] + s[i &+ 2 &* plane]) / 3 }
                } else {
                    for c in 0..<channels { (d + c &* plane).update(from: s, count: plane) }
                }
            }
        }
        return out
    }
}

extension LandmarkAugmentation {
    /// This augmentation as a `DataLoader` step on `LandmarkCropDataset` samples: the crop is
    /// re-cropped at its own size (turned, scaled, shifted, maybe mirrored), then blurred, noised
    /// and occluded; the target follows, with mirrored indices on a flip.
    public func loaderAugmentation(scheme: LandmarkScheme) -> Augmentation {
        var noMargin = self
        noMargin.margin = 0   // the dataset's crop already holds the margin
        let copy = noMargin
        return { sample, rng in
            guard let target = sample.target, target.count == 2 * scheme.count, sample.input.rank == 3 else {
                throw FaceAlignError.invalidArgument(op: "LandmarkAugmentation", message: "expects LandmarkCropDataset samples "
                                                     + "of the \(scheme.name) scheme")
            }
            let size = sample.input.shape[2]
            let v = target.scalars
            let shape = Shape(points: (0..<scheme.count).map { SIMD2(v[2 * $0], v[2 * $0 + 1]) * Float(size) }, scheme: scheme)
            let box = FaceBox(x: 0, y: 0, width: Float(size), height: Float(size), score: 1)
            let a = try copy.apply(image: sample.input, shape: shape, box: box, size: size, using: &rng)
            sample.input = a.crop
            sample.target = Tensor(a.shape.points.flatMap { [$0.x / Float(size), $0.y / Float(size)] })
        }
    }
}
