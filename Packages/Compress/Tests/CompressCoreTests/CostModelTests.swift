import NN
import Tensor
import XCTest
@testable import CompressCore

final class CostModelTests: XCTestCase {
    /// conv3×3 2→3 (pad 1, bias) + batch norm + ReLU + avg-pool 2 + flatten + dense 12→5, on 2×4×4.
    func testCountsOfAHandComputedConvGraph() throws {
        var b = GraphBuilder(inputShape: [2, 4, 4])
        var x = b.conv2d(b.input, out: 3, kernel: 3, padding: 1, name: "conv")
        x = b.relu(b.batchNorm(x, name: "bn"))
        x = b.flatten(b.avgPool(x, kernel: 2))
        x = b.dense(x, out: 5, name: "fc")
        let graph = try b.build(output: x)
        let cost = try CostModel.count(graph)
        // conv: 3·18 + 3 params; 3·16·18 mults; 3·16·17 + 48 adds. BN folded (conv has a bias): 0, 0.
        // avg-pool: 12 outputs · 3 adds, 12 mults. dense: 65 params, 60 mults, 5·11 + 5 adds.
        XCTAssertEqual(cost.parameters, 57 + 6 + 65)
        XCTAssertEqual(cost.multiplications, 864 + 12 + 60)
        XCTAssertEqual(cost.additions, 864 + 36 + 60)
        XCTAssertEqual(cost.layers.first { $0.name == "bn" }?.multiplications, 0)
        XCTAssertEqual(CostModel.bytes(graph), 4 * (54 + 3 + 12 + 60 + 5))
        XCTAssertEqual(cost.parameters, graph.parameterCount)
    }

    /// Depthwise 3×3 (no bias) + residual add + a batch norm that cannot fold + global average pool.
    func testDepthwiseAddAndUnfoldableBatchNorm() throws {
        var b = GraphBuilder(inputShape: [2, 4, 4])
        let dw = b.depthwiseConv2d(b.input, kernel: 3, padding: 1, bias: false)
        let sum = b.add([b.input, dw])
        let x = b.globalAvgPool(b.batchNorm(sum))
        let cost = try CostModel.count(try b.build(output: x))
        XCTAssertEqual(cost.parameters, 18 + 4)
        XCTAssertEqual(cost.multiplications, 2 * 16 * 9 + 32 + 2)
        XCTAssertEqual(cost.additions, 2 * 16 * 8 + 32 + 32 + 2 * 15)
    }

    /// Uneven depthwise: 3 planes of 1×1 (channel 0 twice, channel 1 once); output 0 sums two planes.
    func testUnevenDepthwiseCountsPlanesAndGatherSums() throws {
        let nodes = [GraphNode(name: "x", op: .input(shape: [2, 3, 3]), inputs: []),
                     GraphNode(name: "u", op: .unevenDepthwiseConv2d(stride: 1, padding: 0), inputs: ["x"])]
        let tensors = ["u.weight": try Tensor(shape: [3, 1, 1, 1], scalars: [1, 2, 3]),
                       "u.source": Tensor([0, 0, 1]),
                       "u.index": try Tensor(shape: [2, 2], scalars: [1, 3, 2, 0]),
                       "u.bias": Tensor(zeros: [2])]
        let cost = try CostModel.count(try ModelGraph(nodes: nodes, tensors: tensors, output: "u"))
        XCTAssertEqual(cost.parameters, 3 + 2)
        XCTAssertEqual(cost.multiplications, 3 * 9)
        XCTAssertEqual(cost.additions, 9 + 2 * 9)
    }
}
