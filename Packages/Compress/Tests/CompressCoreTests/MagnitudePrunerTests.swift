import NN
import Registry
import Tensor
import XCTest
@testable import CompressCore

final class MagnitudePrunerTests: XCTestCase {
    static let trained: (graph: ModelGraph, test: TensorDataset) = {
        let graph = (try? ZooCatalog.pretrained("cnn-digits")) ?? (try! ModelZoo.train(.cnnDigits, seed: 0, epochs: 4).graph)
        return (graph, try! ModelZoo.digits(for: .cnnDigits).test)
    }()

    func testHalfTheParametersGivesASmallerGraphThatRunsDataFree() throws {
        let (graph, test) = Self.trained
        let data = RecordingDataSource(inputs: test.inputs, labels: test.labels!.values, isTrainingSet: true)
        let pruner = try MethodRegistry(CompressCoreBaselines.all).make("baseline-magnitude", as: (any Pruner).self)
        let result = try pruner.prune(graph, target: PruningTarget(.parameterRatio(0.5)), data: data)
        let ratio = Double(result.model.parameterCount) / Double(graph.parameterCount)
        XCTAssertLessThanOrEqual(ratio, 0.5)
        XCTAssertGreaterThan(ratio, 0.4, "the search should stop at the first fraction that reaches the target")
        XCTAssertEqual(result.report.dataAccess, .none)
        XCTAssertEqual(data.access, .none)
        XCTAssertLessThan(result.model.tensor("conv2", "weight")!.shape[0], 32)
        XCTAssertLessThan(CostModel.bytes(result.model), CostModel.bytes(graph))
        XCTAssertEqual(result.report.parameters.after, result.model.parameterCount)
        let logits = try result.model.predict(test.inputs)
        XCTAssertEqual(logits.shape, [test.count, 10])
        let accuracy = try ModelZoo.accuracy(result.model, on: test)
        XCTAssertGreaterThan(accuracy, 0.1, "the pruned model should still classify above chance")
    }

    func testChannelsWithZeroWeightsArePrunedFirstAndTheOutputIsKept() throws {
        var graph = Self.trained.graph
        // Silence conv1[3], conv2[5, 9] and conv3[1, 2]: a uniform 1/16 cut removes exactly these.
        for (node, channels) in [("conv1", [3]), ("conv2", [5, 9]), ("conv3", [1, 2])] {
            var w = graph.tensor(node, "weight")!, bias = graph.tensor(node, "bias")!
            let per = w.count / w.shape[0]
            w.withUnsafeMutableBufferPointer { p in for c in channels { for k in 0..<per { p[c * per + k] = 0 } } }
            bias.withUnsafeMutableBufferPointer { p in for c in channels { p[c] = 0 } }
            graph.tensors["\(node).weight"] = w
            graph.tensors["\(node).bias"] = bias
        }
        let pruner = MagnitudePruner(norm: .l1)
        let norms = try pruner.slotNorms(graph)
        XCTAssertEqual(norms.count, 3)
        XCTAssertEqual(norms[0][3], 0)
        let result = try pruner.prune(graph, target: PruningTarget(.neuronRatio(15.0 / 16)), data: nil)
        XCTAssertEqual(result.model.tensor("conv1", "weight")!.shape[0], 15)
        XCTAssertEqual(result.model.tensor("conv2", "weight")!.shape, [30, 15, 3, 3])
        XCTAssertEqual(result.model.tensor("conv3", "weight")!.shape[0], 30)
        let x = Self.trained.test.inputs
        let a = try graph.predict(x).scalars, b = try result.model.predict(x).scalars
        let worst = zip(a, b).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(worst, 1e-4, "removing silent channels must not change the logits")
    }

    func testResidualModelWithBatchNormPrunesThroughTiedGroups() throws {
        let graph = try MNISTZoo.build(.residualMNIST, seed: 0)
        let result = try MagnitudePruner().prune(graph, target: PruningTarget(.parameterRatio(0.5)), data: nil)
        XCTAssertLessThanOrEqual(result.report.parameters.after, graph.parameterCount / 2 + 1)
        // The stem and block1's projection are tied through the residual add: same width.
        XCTAssertEqual(result.model.tensor("stem", "weight")!.shape[0], result.model.tensor("block1_project", "weight")!.shape[0])
        XCTAssertEqual(result.model.tensor("block1_dw", "weight")!.shape[0], result.model.tensor("block1_expand", "weight")!.shape[0])
        let y = try result.model.predict(Tensor(zeros: [2, 1, 28, 28]))
        XCTAssertEqual(y.shape, [2, 10])
    }

    func testRemovingASilencedResidualSlotThroughBatchNormIsExact() throws {
        var graph = try MNISTZoo.build(.residualMNIST, seed: 3)
        // Make batch norm non-trivial, then silence slot 5 of the stage-1 group on both branches (γ = β = 0).
        var rng = RandomGenerator(seed: 7)
        for key in graph.tensors.keys where key.hasSuffix("_bn.running_var") || key.hasSuffix("_bn.running_mean") || key.hasSuffix("_bn.weight") {
            let t = graph.tensors[key]!
            graph.tensors[key] = key.hasSuffix("running_mean") ? rng.normal(t.shape, std: 0.1) : rng.uniform(t.shape, low: 0.5, high: 1.5)
        }
        for bn in ["stem_bn", "block1_project_bn"] {
            for p in ["weight", "bias"] {
                var t = graph.tensor(bn, p)!
                t.withUnsafeMutableBufferPointer { $0[5] = 0 }
                graph.tensors["\(bn).\(p)"] = t
            }
        }
        let groups = try graph.channelGroups()
        let stage1 = try XCTUnwrap(groups.first { $0.producers == ["stem", "block1_project"] })
        let norms = try MagnitudePruner().slotNorms(graph, groups: [stage1])[0]
        XCTAssertEqual(norms[5], 0, "batch norm is folded before measuring: γ = 0 silences the slot")
        XCTAssertEqual(norms.firstIndex(of: norms.min()!), 5)
        let pruned = try graph.removingChannels(stage1, slots: [5])
        XCTAssertEqual(pruned.tensor("stem", "weight")!.shape[0], 15)
        let x = rng.uniform([3, 1, 28, 28])
        let a = try graph.predict(x).scalars, b = try pruned.predict(x).scalars
        XCTAssertLessThan(zip(a, b).map { abs($0 - $1) }.max()!, 1e-4)
    }

    func testAnUnreachableRatioSaysWhatCanBeReached() throws {
        XCTAssertThrowsError(try MagnitudePruner().prune(Self.trained.graph, target: PruningTarget(.parameterRatio(0.001)), data: nil)) { error in
            XCTAssertTrue("\(error)".contains("at least"), "\(error)")
        }
        XCTAssertThrowsError(try MagnitudePruner().prune(Self.trained.graph, target: PruningTarget(.neuronRatio(0)), data: nil))
    }
}
