import Foundation
import NN
import Tensor
import XCTest
@testable import CompressCore

final class QuantizedStorageTests: XCTestCase {
    func testPackUnpackRoundTripsForEveryWidth() throws {
        var rng = RandomGenerator(seed: 1)
        for bits in 2...8 {
            let half = 1 << (bits - 1)
            let codes = (0..<101).map { _ in Int(rng.bounded(2 * half)) - half }
            let q = try QuantizedTensor(shape: [101], bits: bits, codes: codes, scales: [1], decoding: .power(exponent: 1))
            XCTAssertEqual(q.codes, codes, "bits \(bits)")
            XCTAssertEqual(q.packedCodes.count, (101 * bits + 7) / 8)
        }
        XCTAssertThrowsError(try QuantizedTensor(shape: [1], bits: 4, codes: [8], scales: [1], decoding: .power(exponent: 1)))
    }

    func testSavedModelIsSmallAndDecodesToTheSameGraph() throws {
        let trained = try ModelZoo.train(.mlpDigits, seed: 0, epochs: 3)
        XCTAssertGreaterThan(trained.testAccuracy, 0.8)
        let graph = trained.graph
        // A 4-bit uniform code of every dense weight, one scale per output row.
        var quantized: [String: QuantizedTensor] = [:]
        for name in graph.tensors.keys where name.hasSuffix(".weight") {
            let w = graph.tensors[name]!
            let rows = w.shape[0], cols = w.shape[1], s = w.scalars
            var scales: [Float] = [], codes: [Int] = []
            for r in 0..<rows {
                let m = max(s[(r * cols)..<((r + 1) * cols)].map(abs).max()!, 1e-8)
                scales.append(m)
                codes += s[(r * cols)..<((r + 1) * cols)].map { Int(($0 / m * 7).rounded()) }
            }
            quantized[name] = try QuantizedTensor(shape: w.shape, bits: 4, codes: codes, scales: scales, decoding: .power(exponent: 1))
        }
        let model = QuantizedModel(graph: graph, quantized: quantized)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("q-\(UUID().uuidString).safetensors")
        let floatURL = FileManager.default.temporaryDirectory.appendingPathComponent("f-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url); try? FileManager.default.removeItem(at: floatURL) }
        try model.save(to: url)
        try graph.save(to: floatURL)
        let quantizedBytes = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        let floatBytes = try FileManager.default.attributesOfItem(atPath: floatURL.path)[.size] as! Int
        XCTAssertLessThan(Double(quantizedBytes), 0.2 * Double(floatBytes), "4-bit weights should take about 4/32 of the float file")
        let (loaded, _) = try QuantizedModel.load(from: url)
        XCTAssertEqual(try loaded.decoded(), try model.decoded())
        let (_, test) = try ModelZoo.digits(for: .mlpDigits)
        XCTAssertGreaterThan(try ModelZoo.accuracy(loaded.decoded(), on: test), trained.testAccuracy - 0.05)
    }
}
