import Foundation
import Tensor
import XCTest
@testable import NN

final class GraphTests: XCTestCase {
    /// conv → BN → relu → [residual: conv → BN → relu → add] → depthwise → concat with a
    /// branch → avg pool → flatten → dense: every kind of channel tie in one small graph.
    private func residualGraph(seed: UInt64 = 1) throws -> ModelGraph {
        Initializer.seed(seed)
        var b = GraphBuilder(inputShape: [2, 8, 8])
        let c1 = b.relu(b.batchNorm(b.conv2d(b.input, out: 6, kernel: 3, padding: 1, name: "c1"), name: "bn1"))
        let c2 = b.relu(b.batchNorm(b.conv2d(c1, out: 6, kernel: 3, padding: 1, name: "c2"), name: "bn2"))
        let sum = b.add([c1, c2], name: "sum")
        let dw = b.relu6(b.depthwiseConv2d(sum, kernel: 3, padding: 1, name: "dw"))
        let side = b.relu(b.conv2d(b.input, out: 3, kernel: 1, name: "side"))
        let cat = b.concat([dw, side], name: "cat")
        let pooled = b.avgPool(cat, kernel: 2)
        let out = b.dense(b.flatten(pooled), out: 4, name: "fc")
        var graph = try b.build(output: out)
        // Non-trivial batch-norm statistics, so folding and pruning are really exercised.
        var rng = RandomGenerator(seed: seed + 10)
        for bn in ["bn1", "bn2"] {
            graph.tensors["\(bn).weight"] = rng.uniform([6], low: 0.5, high: 1.5)
            graph.tensors["\(bn).bias"] = rng.uniform([6], low: -0.2, high: 0.2)
            graph.tensors["\(bn).running_mean"] = rng.uniform([6], low: -0.3, high: 0.3)
            graph.tensors["\(bn).running_var"] = rng.uniform([6], low: 0.5, high: 2)
        }
        return graph
    }

    private func input(_ n: Int = 3, seed: UInt64 = 5) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return rng.normal([n, 2, 8, 8])
    }

    private func assertClose(_ a: Tensor, _ b: Tensor, _ tolerance: Float = 1e-4, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(a.shape, b.shape, file: file, line: line)
        XCTAssertLessThan(try (a - b).abs().max(), tolerance, file: file, line: line)
    }

    func testShapesAndPredict() throws {
        let g = try residualGraph()
        let shapes = try g.inferShapes()
        XCTAssertEqual(shapes["cat"], [9, 8, 8])
        XCTAssertEqual(shapes["fc"], [4])
        XCTAssertEqual(try g.predict(input()).shape, [3, 4])
        XCTAssertThrowsError(try g.predict(Tensor(zeros: [1, 3, 8, 8])))
    }

    func testInvalidGraphsAreRefusedWithTheReason() throws {
        var b = GraphBuilder(inputShape: [4])
        let d = b.dense(b.input, out: 3)
        var g = try b.build(output: d)
        g.tensors["dense1.weight"] = Tensor(zeros: [3, 5])
        XCTAssertThrowsError(try ModelGraph(nodes: g.nodes, tensors: g.tensors, output: d)) {
            XCTAssertTrue("\($0)".contains("does not match 4 input features"), "\($0)")
        }
        XCTAssertThrowsError(try ModelGraph(nodes: [GraphNode(name: "x", op: .input(shape: [4]), inputs: []),
                                                 GraphNode(name: "r", op: .relu, inputs: ["nowhere"])], tensors: [:], output: "r")) {
            XCTAssertTrue("\($0)".contains("not an earlier node"), "\($0)")
        }
    }

    func testChannelGroupsTieResidualBranches() throws {
        let groups = try residualGraph().channelGroups()
        XCTAssertEqual(groups.map(\.producers), [["c1", "c2"], ["side"]])
        XCTAssertEqual(groups[0].width, 6)
        XCTAssertEqual(groups[0].slots[2], [ChannelRef(node: "c1", channel: 2), ChannelRef(node: "c2", channel: 2)])
    }

    func testPruningAZeroChannelKeepsTheOutputAndShrinksEveryTensor() throws {
        var b = GraphBuilder(inputShape: [2, 8, 8])
        let c1 = b.relu(b.conv2d(b.input, out: 5, kernel: 3, padding: 1, name: "c1"))
        let c2 = b.relu(b.conv2d(c1, out: 4, kernel: 3, padding: 1, name: "c2"))
        let out = b.dense(b.flatten(b.maxPool(c2, kernel: 2)), out: 3, name: "fc")
        var g = try b.build(output: out)
        // Channel 1 of c2 computes zero: zero filter and bias.
        var w = g.tensors["c2.weight"]!
        w.withUnsafeMutableBufferPointer { p in for i in (1 * 45)..<(2 * 45) { p[i] = 0 } }
        g.tensors["c2.weight"] = w
        g.tensors["c2.bias"] = Tensor(zeros: [4])
        let groups = try g.channelGroups()
        XCTAssertEqual(groups.map(\.producers), [["c1"], ["c2"]])
        let pruned = try g.removingChannels(groups[1], slots: [1])
        XCTAssertEqual(pruned.tensors["c2.weight"]!.shape, [3, 5, 3, 3])
        XCTAssertEqual(pruned.tensors["fc.weight"]!.shape, [3, 3 * 16])
        XCTAssertEqual(pruned.parameterCount, g.parameterCount - 45 - 1 - 3 * 16)
        try assertClose(pruned.predict(input()), g.predict(input()))
        XCTAssertThrowsError(try g.removingChannels(groups[1], slots: [0, 1, 2, 3]))
    }

    func testResidualGroupPrunesBothBranchesConsistently() throws {
        var g = try residualGraph()
        // Make slot 3 dead on both branches: BN γ = β = 0 after c1 and c2 → relu gives 0.
        for bn in ["bn1", "bn2"] {
            for p in ["weight", "bias"] {
                var t = g.tensors["\(bn).\(p)"]!
                t.withUnsafeMutableBufferPointer { $0[3] = 0 }
                g.tensors["\(bn).\(p)"] = t
            }
        }
        let group = try g.channelGroups()[0]
        let pruned = try g.removingChannels(group, slots: [3])
        for name in ["c1.weight", "c2.weight"] { XCTAssertEqual(pruned.tensors[name]!.shape[0], 5) }
        XCTAssertEqual(pruned.tensors["c2.weight"]!.shape[1], 5)
        XCTAssertEqual(pruned.tensors["bn2.running_var"]!.shape, [5])
        XCTAssertEqual(pruned.tensors["dw.weight"]!.shape, [5, 1, 3, 3])
        XCTAssertEqual(pruned.tensors["fc.weight"]!.shape, [4, 8 * 16])
        try assertClose(pruned.predict(input()), g.predict(input()))
    }

    func testFoldingBatchNormAndPermutingChannelsKeepTheFunction() throws {
        let g = try residualGraph()
        let folded = try g.foldingBatchNorm()
        XCTAssertNil(folded.node(named: "bn1"))
        XCTAssertNil(folded.tensors["bn2.running_mean"])
        try assertClose(folded.predict(input()), g.predict(input()))
        let group = try g.channelGroups()[0]
        let permuted = try g.permutingChannels(group, order: [5, 0, 4, 1, 3, 2])
        XCTAssertNotEqual(permuted.tensors["c1.weight"], g.tensors["c1.weight"])
        try assertClose(permuted.predict(input()), g.predict(input()))
    }

    func testMergingTwoEqualNeuronsKeepsTheOutput() throws {
        Initializer.seed(3)
        var b = GraphBuilder(inputShape: [5])
        let h = b.relu(b.dense(b.input, out: 4, name: "h"))
        let out = b.dense(h, out: 2, name: "out")
        var g = try b.build(output: out)
        var w = g.tensors["h.weight"]!, bias = g.tensors["h.bias"]!
        w.withUnsafeMutableBufferPointer { p in for k in 0..<5 { p[3 * 5 + k] = p[1 * 5 + k] } }
        bias.withUnsafeMutableBufferPointer { $0[3] = $0[1] }
        g.tensors["h.weight"] = w
        g.tensors["h.bias"] = bias
        var rng = RandomGenerator(seed: 9)
        let x = rng.normal([7, 5])
        let merged = try g.mergingChannels(try g.channelGroups()[0], source: 3, into: 1)
        XCTAssertEqual(merged.tensors["h.weight"]!.shape, [3, 5])
        try assertClose(merged.predict(x), g.predict(x))
    }

    func testGraphModuleTrainsAndMatchesPredict() throws {
        let g = try residualGraph(seed: 2)
        let module = GraphModule(g)
        module.eval()
        try assertClose(Autograd.noGrad { try module(Variable(input())).value }, g.predict(input()))
        module.train()
        let x = input(16, seed: 7)
        let labels = IndexTensor((0..<16).map { $0 % 4 })
        let optimizer = try Adam(module.parameters(), learningRate: 1e-2)
        var losses: [Float] = []
        for _ in 0..<30 {
            optimizer.zeroGrad()
            let loss = try Loss.crossEntropy(logits: module(Variable(x)), labels: labels)
            losses.append(loss.value.scalars[0])
            try loss.backward()
            try optimizer.step()
        }
        XCTAssertLessThan(losses.last!, losses.first! * 0.5)
        XCTAssertNotEqual(module.graph.tensors["bn1.running_mean"], g.tensors["bn1.running_mean"])
    }

    func testSaveLoadRoundTripAndRefusals() throws {
        let g = try residualGraph()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("graph-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try g.save(to: url, metadata: ["recipe": "test"])
        let (loaded, metadata) = try ModelGraph.load(from: url)
        XCTAssertEqual(loaded, g)
        XCTAssertEqual(metadata["recipe"], "test")
        try saveSafetensors(["w": Tensor(zeros: [2])], to: url)
        XCTAssertThrowsError(try ModelGraph.load(from: url)) { XCTAssertTrue("\($0)".contains("no model architecture"), "\($0)") }
    }
}
