import Imaging

/// Finds faces in an image.
public protocol FaceDetector: Sendable {
    /// The faces in `image`, most confident first.
    func detect(_ image: PixelImage) throws -> [FaceBox]
}
