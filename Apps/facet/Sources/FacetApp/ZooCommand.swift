import ArgumentParser
import CompressCore
import Foundation
import NN

/// `facet zoo`: the small models compression methods are measured on.
struct ZooCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo",
        abstract: "List and train the model zoo compression methods are measured on.",
        discussion: """
          facet zoo list
          facet zoo train residual-mnist --seed 0 -o residual-mnist.safetensors
        """,
        subcommands: [ListZoo.self, TrainZoo.self])
}

struct ListZoo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the zoo's architectures.")

    func run() throws {
        for name in ZooCatalog.names {
            let graph = try ZooCatalog.build(name, seed: 0)
            let cost = try CostModel.count(graph)
            let shipped = ZooCatalog.pretrainedURL(name) != nil ? "shipped weights" : "no shipped weights"
            print("\(name)  input \(graph.inputShape)  parameters \(cost.parameters)  multiplications \(cost.multiplications)  \(shipped)")
        }
    }
}

struct TrainZoo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train a zoo model with its recipe and save it with how it was made.")

    @Argument(help: "The architecture, e.g. cnn-digits (see `facet zoo list`).")
    var architecture: String

    @Option(help: "Seed for initialisation and batch order.")
    var seed: UInt64 = 0

    @Option(help: "Epochs (default: the recipe's).")
    var epochs: Int?

    @Option(name: .shortAndLong, help: "Where to save the trained model (safetensors with its architecture).")
    var output: String

    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        guard ZooCatalog.names.contains(architecture) else {
            throw ValidationError("unknown zoo model '\(architecture)'; models: \(ZooCatalog.names.joined(separator: ", "))")
        }
        if let epochs, epochs <= 0 { throw ValidationError("--epochs must be positive") }
    }

    func run() throws {
        let start = Date()
        let trained = try ZooCatalog.train(architecture, seed: seed, epochs: epochs, progress: !quiet)
        var metadata = trained.metadata
        metadata["zoo.command"] = "facet zoo train \(architecture) --seed \(seed)" + (epochs.map { " --epochs \($0)" } ?? "")
        metadata["facet.version"] = facetVersion
        try trained.graph.save(to: URL(fileURLWithPath: output), metadata: metadata)
        print("model: \(output)")
        print("architecture: \(architecture)")
        print("seed: \(seed)")
        print("epochs: \(trained.epochs)")
        print("parameters: \(trained.graph.parameterCount)")
        print("test_accuracy: \(String(format: "%.4f", trained.testAccuracy))")
        print("seconds: \(String(format: "%.1f", Date().timeIntervalSince(start)))")
    }
}
