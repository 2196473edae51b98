import Foundation
import NN
import Tensor

/// Every zoo model by name (the digits models of `ModelZoo` and the MNIST models of
/// `MNISTZoo`), the evaluation split each one uses, and the trained weights shipped in
/// `Resources/zoo` (see its README for the command, checksum and accuracy of each file).
///
/// ```swift
/// let trained = try ZooCatalog.train("cnn-mnist", seed: 0)
/// let shipped = try ZooCatalog.pretrained("cnn-digits")
/// let (_, test) = try ZooCatalog.EvaluationData.digits.split(forInputShape: shipped.inputShape)
/// ```
public enum ZooCatalog {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A trained zoo model and how it was made.
    public struct Trained: Sendable {
        public var name: String
        public var seed: UInt64
        public var epochs: Int
        public var graph: ModelGraph
        public var testAccuracy: Double

        /// What `facet zoo train` stores with the weights.
        public var metadata: [String: String] {
            ["zoo.architecture": name, "zoo.seed": String(seed), "zoo.epochs": String(epochs),
             "zoo.test_accuracy": String(format: "%.4f", testAccuracy), "zoo.data": EvaluationData.forArchitecture(name)?.rawValue ?? ""]
        }
    }

    /// The labelled data sets zoo models are evaluated on, with their fixed splits.
    public enum EvaluationData: String, Sendable, CaseIterable {
        /// 8×8 digits, stratified 80/20 split, seed 0 (1,437 / 360), as `ModelZoo` trains.
        case digits
        /// MNIST 5,000 subset, stratified 80/20 split, seed 0 (4,000 / 1,000).
        case mnist

        static func forArchitecture(_ name: String) -> EvaluationData? {
            if ModelZoo.Architecture(rawValue: name) != nil { return .digits }
            if MNISTZoo.Architecture(rawValue: name) != nil { return .mnist }
            return nil
        }

        /// The data a model with this per-sample input shape reads, if any.
        public static func forInputShape(_ shape: [Int]) -> EvaluationData? {
            switch shape {
            case [64], [1, 8, 8]: return .digits
            case [784], [1, 28, 28]: return .mnist
            default: return nil
            }
        }

        /// The train and test splits, shaped for a model with `shape` inputs.
        public func split(forInputShape shape: [Int]) throws -> (train: TensorDataset, test: TensorDataset) {
            switch (self, shape) {
            case (.digits, [64]): return try ModelZoo.digits(for: .mlpDigits)
            case (.digits, [1, 8, 8]): return try ModelZoo.digits(for: .cnnDigits)
            case (.mnist, [784]): return try MNISTSubset.load(layout: .flat)
            case (.mnist, [1, 28, 28]): return try MNISTSubset.load(layout: .image)
            default:
                throw Failure(description: "\(rawValue) inputs are \(self == .digits ? "[64] or [1, 8, 8]" : "[784] or [1, 28, 28]"), but the model takes \(shape); pick the data set the model was trained on")
            }
        }
    }

    /// Every architecture name, digits models first.
    public static var names: [String] {
        ModelZoo.Architecture.allCases.map(\.rawValue) + MNISTZoo.Architecture.allCases.map(\.rawValue)
    }

    /// Trains a zoo model by name with its recipe (or `epochs`).
    public static func train(_ name: String, seed: UInt64, epochs: Int? = nil, progress: Bool = false) throws -> Trained {
        if let a = ModelZoo.Architecture(rawValue: name) {
            let t = try ModelZoo.train(a, seed: seed, epochs: epochs, progress: progress)
            return Trained(name: name, seed: seed, epochs: epochs ?? a.recipe.epochs, graph: t.graph, testAccuracy: t.testAccuracy)
        }
        if let a = MNISTZoo.Architecture(rawValue: name) {
            return try MNISTZoo.train(a, seed: seed, epochs: epochs, progress: progress)
        }
        throw unknown(name)
    }

    /// The untrained graph of a zoo architecture.
    public static func build(_ name: String, seed: UInt64) throws -> ModelGraph {
        if let a = ModelZoo.Architecture(rawValue: name) { return try ModelZoo.build(a, seed: seed) }
        if let a = MNISTZoo.Architecture(rawValue: name) { return try MNISTZoo.build(a, seed: seed) }
        throw unknown(name)
    }

    /// The shipped trained weights (seed 0) of a zoo model, if this build carries them.
    public static func pretrainedURL(_ name: String) -> URL? {
        Bundle.module.url(forResource: name, withExtension: "safetensors", subdirectory: "Resources/zoo")
    }

    /// Loads the shipped trained model (seed 0).
    public static func pretrained(_ name: String) throws -> ModelGraph {
        guard names.contains(name) else { throw unknown(name) }
        guard let url = pretrainedURL(name) else {
            throw Failure(description: "no shipped weights for '\(name)' in CompressCore's resources; train them with `facet zoo train \(name) -o \(name).safetensors`")
        }
        return try ModelGraph.load(from: url).graph
    }

    static func unknown(_ name: String) -> Failure {
        Failure(description: "unknown zoo model '\(name)'; models: \(names.joined(separator: ", "))")
    }
}
