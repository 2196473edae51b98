import Foundation
import Imaging
import Tensor

/// Viola-Jones face detection with a pretrained OpenCV boosted cascade: no learned
/// weights of Facet's own, just a cascade file evaluated as OpenCV's
/// `CascadeClassifier::detectMultiScale` does.
///
/// The image is turned gray, shrunk by `scaleFactor` again and again (bilinear, from
/// the original each time), and a fixed cascade window slides over each level: every
/// second pixel while the level is at least half the original size, every pixel on
/// smaller levels, so the step in the original image grows with the window (as in
/// OpenCV, whose raw windows this reproduces). Windows that pass
/// all stages are merged with OpenCV's `groupRectangles`: a face needs more than
/// `minNeighbors` overlapping windows, and its score is how many it had.
///
/// ```swift
/// let detector = try ViolaJonesDetector.frontalFace()
/// let faces = try detector.detect(try ImageIO.read("portrait.jpg"))
/// ```
public struct ViolaJonesDetector: FaceDetector {
    public struct Options: Sendable, Equatable {
        /// How much each pyramid level shrinks the image: > 1; 1.1 finds more,
        /// 1.2 runs about twice as fast.
        public var scaleFactor: Double
        /// A face needs more than this many overlapping raw windows. 0 returns the raw
        /// windows unmerged.
        public var minNeighbors: Int
        /// Smallest face side to look for, in pixels (at least the cascade window).
        public var minSize: Int
        /// Largest face side to look for, in pixels; nil for no limit.
        public var maxSize: Int?

        public init(scaleFactor: Double = 1.1, minNeighbors: Int = 3, minSize: Int = 0, maxSize: Int? = nil) {
            self.scaleFactor = scaleFactor
            self.minNeighbors = minNeighbors
            self.minSize = minSize
            self.maxSize = maxSize
        }
    }

    public let cascade: CascadeClassifier
    public var options: Options
    let evaluator: CascadeEvaluator

    public init(cascade: CascadeClassifier, options: Options = Options()) {
        self.cascade = cascade
        self.options = options
        evaluator = CascadeEvaluator(cascade)
    }

    /// A detector running the cascade in the file at `path`.
    public init(contentsOfFile path: String, options: Options = Options()) throws {
        self.init(cascade: try CascadeClassifier(contentsOfFile: path), options: options)
    }

    /// The bundled frontal-face Haar cascade (OpenCV's haarcascade_frontalface_default,
    /// Intel licence: see Resources/LICENSE-opencv-cascades.txt). Parsed once per process.
    public static func frontalFace(options: Options = Options()) throws -> ViolaJonesDetector {
        ViolaJonesDetector(cascade: try BundledCascade.frontalFaceDefault.get(), options: options)
    }

    /// The bundled LBP cascade (lbpcascade_frontalface_improved, KU Leuven 2017): faster,
    /// 45x45 window, so faces below 45 pixels are not found.
    public static func frontalFaceLBP(options: Options = Options()) throws -> ViolaJonesDetector {
        ViolaJonesDetector(cascade: try BundledCascade.frontalFaceLBP.get(), options: options)
    }

    /// Faces in `image`, highest score first.
    public func detect(_ image: PixelImage) throws -> [FaceBox] {
        let rects = try detectRects(GrayImage(image))
        return rects.map { r, n in
            FaceBox(x: Float(r.x), y: Float(r.y), width: Float(r.width), height: Float(r.height), score: Float(n))
        }.sorted { $0.score != $1.score ? $0.score > $1.score : ($0.y, $0.x) < ($1.y, $1.x) }
    }

    /// The pyramid levels for an image: (factor, scaled width, scaled height).
    func levels(width: Int, height: Int) throws -> [(factor: Double, width: Int, height: Int)] {
        let op = "ViolaJonesDetector.detect"
        let o = options
        guard o.scaleFactor.isFinite, o.scaleFactor > 1.0001, o.scaleFactor <= 4 else {
            throw CascadeError.invalidArgument(op: op, message: "scaleFactor must be in (1, 4], got \(o.scaleFactor); 1.1 is usual")
        }
        guard o.minNeighbors >= 0 else {
            throw CascadeError.invalidArgument(op: op, message: "minNeighbors must be >= 0, got \(o.minNeighbors); 3 is usual")
        }
        guard o.minSize >= 0, (o.maxSize ?? 0) >= 0 else {
            throw CascadeError.invalidArgument(op: op, message: "minSize and maxSize must be >= 0, got \(o.minSize) and \(o.maxSize ?? 0)")
        }
        let ww = cascade.windowWidth, wh = cascade.windowHeight
        var out: [(Double, Int, Int)] = []
        var factor = 1.0
        while true {
            let winW = Int((Double(ww) * factor).rounded()), winH = Int((Double(wh) * factor).rounded())
            let sw = Int((Double(width) / factor).rounded()), sh = Int((Double(height) / factor).rounded())
            // OpenCV stops when the level is no larger than the window.
            if sw <= ww || sh <= wh { break }
            if let maxSize = o.maxSize, maxSize > 0, winW > maxSize || winH > maxSize { break }
            if winW >= o.minSize && winH >= o.minSize { out.append((factor, sw, sh)) }
            factor *= o.scaleFactor
        }
        return out
    }

    func detectRects(_ gray: GrayImage) throws -> [(DetectionRect, Int)] {
        let levels = try levels(width: gray.width, height: gray.height)
        let ww = cascade.windowWidth, wh = cascade.windowHeight
        // One slot per level; each parallel item writes only its own.
        let slots = UnsafeMutableBufferPointer<[DetectionRect]>.allocate(capacity: levels.count)
        slots.initialize(repeating: [])
        defer { slots.deinitialize(); slots.deallocate() }
        let out = SlotPointer(slots.baseAddress)
        let evaluator = self.evaluator
        Parallel.forEach(levels.count) { l in
            let (factor, sw, sh) = levels[l]
            let scaled = UnsafeMutablePointer<UInt8>.allocate(capacity: sw * sh)
            let sums = UnsafeMutablePointer<UInt32>.allocate(capacity: (sw + 1) * (sh + 1))
            let squares = UnsafeMutablePointer<UInt64>.allocate(capacity: (sw + 1) * (sh + 1))
            defer { scaled.deallocate(); sums.deallocate(); squares.deallocate() }
            gray.resize(into: scaled, width: sw, height: sh)
            IntegralImage.compute(scaled, width: sw, height: sh, sums: sums, squares: squares)
            var hits: [CascadeHit] = []
            evaluator.scan(sums: sums, squares: squares, width: sw, height: sh, step: factor > 2 ? 1 : 2, hits: &hits)
            let winW = Int((Double(ww) * factor).rounded()), winH = Int((Double(wh) * factor).rounded())
            out.base![l] = hits.map {
                DetectionRect(x: Int((Double($0.x) * factor).rounded()), y: Int((Double($0.y) * factor).rounded()),
                              width: winW, height: winH)
            }
        }
        let raw = Array(slots.joined())
        return RectangleGrouping.group(raw, minNeighbors: options.minNeighbors)
    }
}

/// Lets parallel items write their own slot of one buffer.
private struct SlotPointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<[DetectionRect]>?
    init(_ base: UnsafeMutablePointer<[DetectionRect]>?) { self.base = base }
}

/// The cascades shipped in FaceAlignCore's resource bundle, each parsed on first use.
enum BundledCascade {
    static let frontalFaceDefault = load("haarcascade_frontalface_default")
    static let frontalFaceLBP = load("lbpcascade_frontalface_improved")

    static func load(_ name: String) -> Result<CascadeClassifier, CascadeError> {
        guard let url = Bundle.module.url(forResource: name, withExtension: "xml", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: name, withExtension: "xml") else {
            return .failure(.missingResource(name: name + ".xml"))
        }
        do {
            return .success(try CascadeClassifier(contentsOf: url))
        } catch let error as CascadeError {
            return .failure(error)
        } catch {
            return .failure(.file(path: url.path, message: "\(error)"))
        }
    }
}
