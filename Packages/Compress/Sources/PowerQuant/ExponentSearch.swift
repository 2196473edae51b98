import CompressCore
import Tensor

/// The exponent search of PowerQuant: minimise the weight reconstruction error
/// E(a) = ‖W − Ŵ(a)‖²_F on a grid over the search range (always with a = 1), then by golden
/// section around the best grid point. Because a = 1 is evaluated and the best point ever
/// seen is kept, E(a*) ≤ E(1): PowerQuant is never worse than uniform in reconstruction error.
public struct ExponentSearch: Sendable {
    public var engine: PowerMapQuantization
    public var minimiser: GridThenGolden

    public init(engine: PowerMapQuantization, range: ClosedRange<Double>, gridPoints: Int, tolerance: Double) {
        self.engine = engine
        minimiser = GridThenGolden(range: range, gridPoints: gridPoints, required: [1], tolerance: tolerance)
    }

    /// One search's outcome.
    public struct Choice: Sendable, Equatable {
        public var exponent: Double
        /// E(a*).
        public var error: Double
        /// E(1), the uniform quantizer's error.
        public var uniformError: Double
        /// E on the grid, for ablations.
        public var curve: [Double]
        public var grid: [Double]
    }

    /// E(a) of one layer.
    public func error(_ layer: QuantizableLayer, exponent: Double) -> Double {
        engine.codec(for: layer, exponent: exponent).squaredError(layer.weight)
    }

    /// Σ_l E_l(a).
    public func totalError(_ layers: [QuantizableLayer], exponent: Double) -> Double {
        layers.reduce(0) { $0 + error($1, exponent: exponent) }
    }

    /// a_l* for one layer.
    public func search(_ layer: QuantizableLayer) -> Choice {
        choose { error(layer, exponent: $0) }
    }

    /// One a* for all layers (minimising the summed error).
    public func searchGlobal(_ layers: [QuantizableLayer]) -> Choice {
        choose { totalError(layers, exponent: $0) }
    }

    private func choose(_ f: (Double) -> Double) -> Choice {
        let result = minimiser.minimize(f)
        let uniform = result.curve.first { $0.x == 1 }?.value ?? f(1)
        return Choice(exponent: result.x, error: result.value, uniformError: uniform,
                      curve: result.curve.map(\.value), grid: result.curve.map(\.x))
    }
}
