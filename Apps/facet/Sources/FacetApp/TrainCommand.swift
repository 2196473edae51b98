import ArgumentParser
import Foundation
import NN

/// `facet train RECIPE`: trains one of the toolkit's recipes and reports its test score.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a recipe and print its test accuracy.",
        discussion: """
        Recipes: \(DigitsRecipe.Architecture.allCases.map(\.rawValue).joined(separator: ", ")).
        With --checkpoint, training writes a checkpoint after each epoch and resumes from it
        when run again with the same path (delete the file to start afresh).
        """)

    @Argument(help: "The recipe to train, e.g. digits-cnn.")
    var recipe: String

    @Option(help: "Epochs (default: the recipe's).")
    var epochs: Int?

    @Option(help: "Digits split: stratified (default, shared writers) or writers (test on unseen writers).")
    var split: String = "stratified"

    @Option(help: "Seed for initialisation and data order.")
    var seed: UInt64 = 0

    @Option(help: "Checkpoint file to write each epoch and resume from.")
    var checkpoint: String?

    @Option(help: "Write the trained weights here (safetensors).")
    var output: String?

    func validate() throws {
        guard DigitsRecipe.Architecture(rawValue: recipe) != nil else {
            throw ValidationError("unknown recipe '\(recipe)'; recipes: \(DigitsRecipe.Architecture.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let epochs, epochs <= 0 { throw ValidationError("--epochs must be positive") }
        guard Digits.Split(rawValue: split) != nil else {
            throw ValidationError("unknown split '\(split)'; splits: \(Digits.Split.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let architecture = DigitsRecipe.Architecture(rawValue: recipe)!
        let result = try DigitsRecipe.train(architecture, split: Digits.Split(rawValue: split)!, epochs: epochs, seed: seed,
                                            checkpoint: checkpoint.map { URL(fileURLWithPath: $0) })
        if let output {
            try saveSafetensors(result.model.stateDict(), metadata: ["recipe": recipe, "seed": String(seed),
                                                                     "test_accuracy": String(result.testAccuracy)],
                                to: URL(fileURLWithPath: output))
        }
        print("recipe: \(recipe)")
        print("split: \(split)")
        print("parameters: \(result.parameterCount)")
        print("epochs: \(result.history.epochs.count)")
        print("final_train_loss: \(String(format: "%.4f", result.history.epochs.last?.meanLoss ?? .nan))")
        print("test_accuracy: \(String(format: "%.4f", result.testAccuracy))")
        print("seconds: \(String(format: "%.1f", result.seconds))")
    }
}
