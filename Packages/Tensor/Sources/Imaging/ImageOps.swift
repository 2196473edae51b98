import Tensor

/// Image operations on Float32 tensors.
///
/// Layout: CHW (`[C, H, W]`) for one image and NCHW (`[N, C, H, W]`) for a batch,
/// the layout networks take; resize, warp and patch sampling also accept a bare
/// `[H, W]` plane and treat every leading dimension as a stack of independent
/// planes. Pixel (x, y) is column x, row y; coordinates put pixel centres at
/// integers, so the image covers -0.5 ... W-0.5 horizontally.
public enum ImageOps {}

/// A tensor seen as a stack of H x W planes (all leading dimensions flattened).
struct PlaneStack {
    let leading: [Int]
    let count: Int
    let height: Int
    let width: Int

    init(_ t: Tensor, op: String) throws {
        guard t.rank >= 2, t.shape[t.rank - 2] > 0, t.shape[t.rank - 1] > 0 else {
            throw TensorError.shapeMismatch(op: op, shapes: [t.shape], expected: "an image tensor [..., H, W] with H, W >= 1")
        }
        leading = Array(t.shape.dropLast(2))
        count = leading.reduce(1, *)
        height = t.shape[t.rank - 2]
        width = t.shape[t.rank - 1]
    }

    var planeSize: Int { height * width }
}

/// A tensor seen as images with a channel axis: `[C, H, W]` or `[N, C, H, W]`.
struct ChannelStack {
    let batch: Int
    let channels: Int
    let height: Int
    let width: Int
    let batched: Bool

    init(_ t: Tensor, op: String) throws {
        guard t.rank == 3 || t.rank == 4 else {
            throw TensorError.shapeMismatch(op: op, shapes: [t.shape], expected: "a [C, H, W] image or an [N, C, H, W] batch")
        }
        batched = t.rank == 4
        batch = batched ? t.shape[0] : 1
        (channels, height, width) = (t.shape[t.rank - 3], t.shape[t.rank - 2], t.shape[t.rank - 1])
    }

    var planeSize: Int { height * width }

    /// The shape of a result with `c` channels.
    func shape(channels c: Int) -> [Int] { batched ? [batch, c, height, width] : [c, height, width] }
}
