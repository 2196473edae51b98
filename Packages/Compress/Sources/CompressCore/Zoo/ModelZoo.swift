import Foundation
import NN
import Tensor

/// The small models compression methods are measured on, built and trained reproducibly
/// on the 8×8 digits (stratified 80/20 split, seed 0: 1,437 train / 360 test).
///
/// ```swift
/// let trained = try ModelZoo.train(.cnnDigits, seed: 0)
/// print(trained.testAccuracy)                       // ≈ 0.96
/// let logits = try trained.graph.predict(ModelZoo.digits(for: .cnnDigits).test.inputs)
/// ```
public enum ModelZoo {
    public enum Architecture: String, Sendable, CaseIterable {
        /// 64-128-128-10, ReLU.
        case mlpDigits = "mlp-digits"
        /// conv3×3 1→16, conv3×3 16→32, avg-pool 2, conv3×3 32→32, global average pool, dense 32→10; ReLU after each conv.
        case cnnDigits = "cnn-digits"
        /// 64-96-96-64-64-48-48-32-10, ReLU.
        case deepMLPDigits = "deep-mlp-digits"
        /// 64-512-512-10, ReLU.
        case wideMLPDigits = "wide-mlp-digits"

        /// Training recipe: epochs, Adam learning rate, L2 weight decay (batch 64).
        public var recipe: (epochs: Int, learningRate: Float, weightDecay: Float) {
            switch self {
            case .mlpDigits: return (60, 1e-3, 0)
            case .cnnDigits: return (30, 2e-3, 5e-4)
            case .deepMLPDigits: return (60, 1e-3, 0)
            case .wideMLPDigits: return (40, 1e-3, 1e-4)
            }
        }

        var isImage: Bool { self == .cnnDigits }
    }

    /// The untrained graph, initialised from `seed`.
    public static func build(_ architecture: Architecture, seed: UInt64) throws -> ModelGraph {
        Initializer.seed(seed)
        func mlp(_ widths: [Int]) throws -> ModelGraph {
            var b = GraphBuilder(inputShape: [64])
            var x = b.input
            for (i, w) in widths.enumerated() {
                x = b.dense(x, out: w, name: "fc\(i + 1)")
                if i < widths.count - 1 { x = b.relu(x, name: "relu\(i + 1)") }
            }
            return try b.build(output: x)
        }
        switch architecture {
        case .mlpDigits: return try mlp([128, 128, 10])
        case .deepMLPDigits: return try mlp([96, 96, 64, 64, 48, 48, 32, 10])
        case .wideMLPDigits: return try mlp([512, 512, 10])
        case .cnnDigits:
            var b = GraphBuilder(inputShape: [1, 8, 8])
            var x = b.relu(b.conv2d(b.input, out: 16, kernel: 3, padding: 1, name: "conv1"), name: "relu1")
            x = b.relu(b.conv2d(x, out: 32, kernel: 3, padding: 1, name: "conv2"), name: "relu2")
            x = b.avgPool(x, kernel: 2, name: "pool")
            x = b.relu(b.conv2d(x, out: 32, kernel: 3, padding: 1, name: "conv3"), name: "relu3")
            x = b.dense(b.globalAvgPool(x, name: "gap"), out: 10, name: "fc")
            return try b.build(output: x)
        }
    }

    /// The digits split every zoo model trains and is evaluated on, shaped for `architecture`.
    public static func digits(for architecture: Architecture) throws -> (train: TensorDataset, test: TensorDataset) {
        let all = try Digits.loadAll(layout: architecture.isImage ? .image : .flat)
        let parts = try stratifiedSplit(labels: all.labels!.values, fractions: [0.8, 0.2], seed: 0)
        return (try all.subset(parts[0]), try all.subset(parts[1]))
    }

    public struct TrainedModel: Sendable {
        public var architecture: Architecture
        public var seed: UInt64
        public var graph: ModelGraph
        public var testAccuracy: Double
    }

    /// Trains `architecture` from `seed` (initialisation and batch order) with its recipe.
    public static func train(_ architecture: Architecture, seed: UInt64, epochs: Int? = nil,
                             progress: Bool = false) throws -> TrainedModel {
        let (train, test) = try digits(for: architecture)
        let total = epochs ?? architecture.recipe.epochs
        let graph = try fit(try build(architecture, seed: seed), on: train, epochs: total,
                            learningRate: architecture.recipe.learningRate, weightDecay: architecture.recipe.weightDecay,
                            seed: seed, label: architecture.rawValue, progress: progress)
        return TrainedModel(architecture: architecture, seed: seed, graph: graph,
                            testAccuracy: try accuracy(graph, on: test))
    }

    /// The zoo's training loop: Adam with L2 weight decay, batch 64, cross-entropy, batches
    /// shuffled from `seed`; returns the trained graph in evaluation form.
    public static func fit(_ graph: ModelGraph, on train: TensorDataset, epochs: Int, learningRate: Float,
                           weightDecay: Float, seed: UInt64, label: String, progress: Bool) throws -> ModelGraph {
        let module = GraphModule(graph)
        let optimizer = try Adam(module.parameters(), learningRate: learningRate, weightDecay: weightDecay)
        let loader = try DataLoader(train, batchSize: 64, seed: seed)
        let reporter = progress ? ProgressReporter("train \(label)", total: epochs, unit: "epoch") : nil
        module.train()
        for epoch in 0..<epochs {
            let batches = try loader.batches(epoch: epoch)
            while let batch = try batches.next() {
                optimizer.zeroGrad()
                try Loss.crossEntropy(logits: module(Variable(batch.inputs)), labels: batch.labels!).backward()
                try optimizer.step()
            }
            reporter?.advance()
        }
        reporter?.finish()
        module.eval()
        return module.graph
    }

    /// Top-1 accuracy of a graph on a labelled set.
    public static func accuracy(_ graph: ModelGraph, on data: TensorDataset) throws -> Double {
        let predicted = try graph.predict(data.inputs).argmax(alongAxis: 1).values
        let labels = data.labels!.values
        return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }

    /// The fraction of samples on which two models predict the same class.
    public static func agreement(_ a: ModelGraph, _ b: ModelGraph, inputs: Tensor) throws -> Double {
        let pa = try a.predict(inputs).argmax(alongAxis: 1).values, pb = try b.predict(inputs).argmax(alongAxis: 1).values
        return Double(zip(pa, pb).filter { $0 == $1 }.count) / Double(max(pa.count, 1))
    }
}
