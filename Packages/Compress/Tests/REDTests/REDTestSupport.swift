import Foundation
import CompressCore
import NN
import Tensor

/// A small deterministic generator for test data (xorshift64*).
struct TestRandom {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
    mutating func tensor(_ shape: [Int], scale: Double = 1) -> Tensor {
        try! Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(normal() * scale) })
    }
}

/// Max |a − b| / max |b|.
func relativeDifference(_ a: Tensor, _ b: Tensor) -> Double {
    let x = a.scalars, y = b.scalars
    let scale = y.map { abs(Double($0)) }.max() ?? 1
    return zip(x, y).map { abs(Double($0) - Double($1)) }.max()! / max(scale, 1e-30)
}

/// `mlp` with every neuron of the hidden layers in `layers` duplicated: the copy's row and
/// bias are copied (plus Gaussian noise of `noise`·std(W) on the copied weights) and the
/// outgoing columns are split 0.3 / 0.7 between original and copy.
func plantDuplicates(_ graph: ModelGraph, layers: [String], consumers: [String], noise: Double, seed: UInt64) throws -> ModelGraph {
    var random = TestRandom(seed)
    var tensors = graph.tensors
    for (layer, consumer) in zip(layers, consumers) {
        let w = tensors["\(layer).weight"]!, b = tensors["\(layer).bias"]!
        let (n, d) = (w.shape[0], w.shape[1])
        let ws = w.scalars
        let mean = ws.reduce(0) { $0 + Double($1) } / Double(ws.count)
        let std = (ws.reduce(0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(ws.count)).squareRoot()
        var copy = ws
        for i in copy.indices { copy[i] += Float(noise * std * random.normal()) }
        tensors["\(layer).weight"] = try Tensor(shape: [2 * n, d], scalars: ws + copy)
        tensors["\(layer).bias"] = try Tensor(shape: [2 * n], scalars: b.scalars + b.scalars)
        let c = tensors["\(consumer).weight"]!
        let (o, _) = (c.shape[0], c.shape[1])
        let cs = c.scalars
        var split = [Float](repeating: 0, count: o * 2 * n)
        for r in 0..<o {
            for j in 0..<n {
                split[r * 2 * n + j] = 0.3 * cs[r * n + j]
                split[r * 2 * n + n + j] = 0.7 * cs[r * n + j]
            }
        }
        tensors["\(consumer).weight"] = try Tensor(shape: [o, 2 * n], scalars: split)
    }
    return try ModelGraph(nodes: graph.nodes, tensors: tensors, output: graph.output)
}

func randomTensor(_ shape: [Int], seed: UInt64, scale: Double = 1) -> Tensor {
    var random = TestRandom(seed)
    return random.tensor(shape, scale: scale)
}
