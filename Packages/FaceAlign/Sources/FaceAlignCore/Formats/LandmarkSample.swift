import Imaging

/// One annotated face as the loaders return it: where the image is, its landmarks, and a face
/// box when the data set provides one.
public struct LandmarkSample: Sendable, Equatable {
    /// The picture: a file to read on demand (data sets) or pixels already in memory.
    public enum ImageSource: Sendable, Equatable {
        case path(String)
        case pixels(PixelImage)
    }

    public var image: ImageSource
    public var shape: Shape
    /// The face box the data set ships (WFLW's detector boxes); nil when it has none: derive one
    /// with `FaceBox(enclosing:)`.
    public var box: FaceBox?
    /// Data-set labels of the sample (WFLW: "pose", "expression", "illumination", "makeup",
    /// "occlusion", "blur"; 300W: the sub-set folder such as "ibug").
    public var tags: Set<String>

    public init(image: ImageSource, shape: Shape, box: FaceBox? = nil, tags: Set<String> = []) {
        self.image = image
        self.shape = shape
        self.box = box
        self.tags = tags
    }

    /// The image file's path, when the sample refers to one.
    public var imagePath: String? {
        if case .path(let p) = image { return p }
        return nil
    }

    /// The pixels: read from the file, or the ones held.
    public func loadImage() throws -> PixelImage {
        switch image {
        case .path(let p): return try ImageIO.read(p)
        case .pixels(let image): return image
        }
    }

    /// The box to crop with: the shipped one, else the landmarks' box.
    public var faceBox: FaceBox { box ?? FaceBox(enclosing: shape) }
}
