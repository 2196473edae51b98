import NN
import Tensor

/// Conv + batch norm + ReLU, the unit of the trunk and of the heads.
final class ConvUnit: Module, Layer, @unchecked Sendable {
    let conv: Conv2d
    let norm: BatchNorm

    init(_ cin: Int, _ cout: Int, kernel: Int = 3, stride: Int = 1, dilation: Int = 1) {
        conv = Conv2d(cin, cout, kernel: kernel, stride: stride, padding: dilation * (kernel - 1) / 2, dilation: dilation, bias: false)
        norm = BatchNorm(cout)
    }

    func callAsFunction(_ x: Variable) throws -> Variable { try norm(conv(x)).relu() }
}

/// One weak predictor: its own conv layers on a trunk stage's features, then
/// - gaze: adaptive pooling → hidden layer → logits over the gaze grid;
/// - eye landmarks: a 1x1 conv to one map per landmark, resampled to the landmark grid.
final class WeakPredictor: Module, @unchecked Sendable {
    let body: [ConvUnit]
    let landmarkMaps: Conv2d
    let pool: AdaptiveAveragePool
    let hidden: Linear
    let gridLogits: Linear
    let landmarkGrid: (height: Int, width: Int)

    init(_ spec: DeeSCoConfig.Head, inputChannels: Int, config: DeeSCoConfig) {
        var units: [ConvUnit] = [], cin = inputChannels
        for i in 0..<spec.convs {
            units.append(ConvUnit(cin, spec.width, kernel: spec.kernel, stride: i == 0 ? spec.firstStride : 1, dilation: spec.dilation))
            cin = spec.width
        }
        body = units
        landmarkMaps = Conv2d(cin, config.landmarkCount, kernel: 1)
        pool = AdaptiveAveragePool(rows: config.poolRows, columns: config.poolColumns)
        hidden = Linear(cin * config.poolRows * config.poolColumns, spec.hidden)
        gridLogits = Linear(spec.hidden, config.gridRows * config.gridColumns)
        landmarkGrid = config.landmarkGrid
    }

    /// Features [B, C, h, w] → (grid logits [B, G], landmark logits [B, L, gh, gw]).
    func callAsFunction(_ features: Variable) throws -> (logits: Variable, landmarkLogits: Variable) {
        var f = features
        for unit in body { f = try unit(f) }
        let logits = try gridLogits(hidden(pool(f)).relu())
        var maps = try landmarkMaps(f)
        if maps.shape[2] != landmarkGrid.height || maps.shape[3] != landmarkGrid.width {
            maps = try maps.resized(height: landmarkGrid.height, width: landmarkGrid.width, mode: .bilinear)
        }
        return (logits, maps)
    }
}
