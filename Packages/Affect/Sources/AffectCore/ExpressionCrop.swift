import FaceAlignCore
import Tensor

/// The crop an expression model sees: the square around a face box (grown by `margin` of its
/// side on every edge), resampled to `size` x `size`, then standardised to zero mean and unit
/// variance. Standardising per crop removes exposure and contrast, which vary more between
/// photographs than within a training set.
///
/// Training and inference both call this, so a model meets at run time the crops it learnt on.
///
/// ```swift
/// let gray = try FaceAnalysisPipeline.tensor(image, channels: 1)                 // [1, H, W]
/// let crop = try ExpressionCrop.make(gray, box: box, size: 48, margin: 0.1)   // [1, 48, 48]
/// ```
public enum ExpressionCrop {
    public static func make(_ image: Tensor, box: FaceBox, size: Int, margin: Float) throws -> Tensor {
        guard image.rank == 3, image.shape[1] > 0, image.shape[2] > 0 else {
            throw AffectError.invalidArgument("ExpressionCrop: expects a [C, H, W] image, got \(image.shape)")
        }
        guard box.width > 0, box.height > 0, box.x.isFinite, box.y.isFinite else {
            throw AffectError.invalidArgument("ExpressionCrop: the face box must have a positive size, got \(box)")
        }
        let crop = try FaceCropTransform(box: box, size: size, margin: margin).crop(image)
        return standardised(crop)
    }

    /// (x − mean) / max(std, 1e-3) over the whole crop; the floor keeps a blank crop finite.
    public static func standardised(_ crop: Tensor) -> Tensor {
        var out = crop
        out.withUnsafeMutableBufferPointer { b in
            let n = Float(b.count)
            var mean: Float = 0
            for v in b { mean += v }
            mean /= n
            var variance: Float = 0
            for v in b { variance += (v - mean) * (v - mean) }
            let scale = 1 / max((variance / n).squareRoot(), 1e-3)
            for i in b.indices { b[i] = (b[i] - mean) * scale }
        }
        return out
    }
}
