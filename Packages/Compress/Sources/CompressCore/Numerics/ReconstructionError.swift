/// Squared reconstruction errors between a tensor's values and their quantized stand-ins,
/// accumulated in double precision.
public enum ReconstructionError {
    /// ‖w − ŵ‖² over two equally long buffers.
    @inlinable
    public static func squared(_ original: UnsafeBufferPointer<Float>, _ reconstructed: UnsafeBufferPointer<Float>) -> Double {
        precondition(original.count == reconstructed.count, "reconstruction error of buffers of different lengths")
        var sum = 0.0
        for i in 0..<original.count {
            let d = Double(original[i] - reconstructed[i])
            sum += d * d
        }
        return sum
    }

    /// ‖w − ŵ‖² over two equally long arrays.
    public static func squared(_ original: [Float], _ reconstructed: [Float]) -> Double {
        original.withUnsafeBufferPointer { a in reconstructed.withUnsafeBufferPointer { b in squared(a, b) } }
    }

    /// ‖w − ŵ‖² / ‖w‖², 0 for an all-zero tensor reconstructed exactly.
    public static func relative(_ original: [Float], _ reconstructed: [Float]) -> Double {
        let norm = original.reduce(0.0) { $0 + Double($1) * Double($1) }
        let error = squared(original, reconstructed)
        return norm > 0 ? error / norm : error
    }
}
