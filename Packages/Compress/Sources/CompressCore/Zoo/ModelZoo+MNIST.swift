import Foundation
import NN
import Tensor

/// The zoo's models on the MNIST 5,000-image subset (`MNISTSubset`, 4,000 train / 1,000 test),
/// built and trained reproducibly from a seed.
///
/// ```swift
/// let trained = try MNISTZoo.train(.residualMNIST, seed: 0)
/// print(trained.testAccuracy)
/// ```
public enum MNISTZoo {
    public enum Architecture: String, Sendable, CaseIterable {
        /// The digits CNN at 28×28 with one more pooling: conv3×3 1→16, avg-pool 2,
        /// conv3×3 16→32, avg-pool 2, conv3×3 32→32, global average pool, dense 32→10;
        /// ReLU after each conv.
        case cnnMNIST = "cnn-mnist"
        /// A small residual CNN of depthwise-separable (inverted residual) blocks with batch
        /// norm: stem conv3×3 1→16 + BN + ReLU, avg-pool 2 (14×14); block(16, expand 2);
        /// conv1×1 16→32 + BN + ReLU, avg-pool 2 (7×7); block(32, expand 2); global average
        /// pool; dense 32→10. A block is conv1×1 C→2C + BN + ReLU, depthwise 3×3 + BN + ReLU,
        /// conv1×1 2C→C + BN, added to its input, then ReLU. The graph-surgery and latency
        /// case: residual channel groups, depthwise ties, batch norm to fold.
        case residualMNIST = "residual-mnist"

        /// Training recipe: epochs, Adam learning rate, L2 weight decay (batch 64).
        public var recipe: (epochs: Int, learningRate: Float, weightDecay: Float) {
            switch self {
            case .cnnMNIST: return (12, 2e-3, 5e-4)
            case .residualMNIST: return (12, 2e-3, 1e-4)
            }
        }
    }

    /// The untrained graph, initialised from `seed`.
    public static func build(_ architecture: Architecture, seed: UInt64) throws -> ModelGraph {
        Initializer.seed(seed)
        var b = GraphBuilder(inputShape: [1, MNISTSubset.side, MNISTSubset.side])
        switch architecture {
        case .cnnMNIST:
            var x = b.relu(b.conv2d(b.input, out: 16, kernel: 3, padding: 1, name: "conv1"), name: "relu1")
            x = b.avgPool(x, kernel: 2, name: "pool1")
            x = b.relu(b.conv2d(x, out: 32, kernel: 3, padding: 1, name: "conv2"), name: "relu2")
            x = b.avgPool(x, kernel: 2, name: "pool2")
            x = b.relu(b.conv2d(x, out: 32, kernel: 3, padding: 1, name: "conv3"), name: "relu3")
            x = b.dense(b.globalAvgPool(x, name: "gap"), out: 10, name: "fc")
            return try b.build(output: x)
        case .residualMNIST:
            func block(_ x: String, channels: Int, name: String) -> String {
                var y = b.conv2d(x, out: 2 * channels, kernel: 1, bias: false, name: "\(name)_expand")
                y = b.relu(b.batchNorm(y, name: "\(name)_expand_bn"), name: "\(name)_expand_relu")
                y = b.depthwiseConv2d(y, kernel: 3, padding: 1, bias: false, name: "\(name)_dw")
                y = b.relu(b.batchNorm(y, name: "\(name)_dw_bn"), name: "\(name)_dw_relu")
                y = b.conv2d(y, out: channels, kernel: 1, bias: false, name: "\(name)_project")
                y = b.batchNorm(y, name: "\(name)_project_bn")
                return b.relu(b.add([x, y], name: "\(name)_add"), name: "\(name)_relu")
            }
            var x = b.conv2d(b.input, out: 16, kernel: 3, padding: 1, bias: false, name: "stem")
            x = b.relu(b.batchNorm(x, name: "stem_bn"), name: "stem_relu")
            x = b.avgPool(x, kernel: 2, name: "pool1")
            x = block(x, channels: 16, name: "block1")
            x = b.conv2d(x, out: 32, kernel: 1, bias: false, name: "transition")
            x = b.relu(b.batchNorm(x, name: "transition_bn"), name: "transition_relu")
            x = b.avgPool(x, kernel: 2, name: "pool2")
            x = block(x, channels: 32, name: "block2")
            x = b.dense(b.globalAvgPool(x, name: "gap"), out: 10, name: "fc")
            return try b.build(output: x)
        }
    }

    /// Trains `architecture` from `seed` (initialisation and batch order) with its recipe.
    public static func train(_ architecture: Architecture, seed: UInt64, epochs: Int? = nil,
                             progress: Bool = false) throws -> ZooCatalog.Trained {
        let (train, test) = try MNISTSubset.load(layout: .image)
        let recipe = architecture.recipe
        let total = epochs ?? recipe.epochs
        let graph = try ModelZoo.fit(try build(architecture, seed: seed), on: train, epochs: total,
                                     learningRate: recipe.learningRate, weightDecay: recipe.weightDecay,
                                     seed: seed, label: architecture.rawValue, progress: progress)
        let predicted = try ReportBuilder.predictedClasses(graph, inputs: test.inputs)
        let accuracy = Double(zip(predicted, test.labels!.values).filter { $0 == $1 }.count) / Double(test.count)
        return ZooCatalog.Trained(name: architecture.rawValue, seed: seed, epochs: total, graph: graph, testAccuracy: accuracy)
    }
}
