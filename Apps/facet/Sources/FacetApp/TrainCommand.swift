import ArgumentParser
import DeCaFA
import FaceAlignCore
import Foundation
import NN

/// `facet train RECIPE`: trains one of the toolkit's recipes and reports its test score.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a recipe and print its test accuracy.",
        discussion: """
        Recipes: \(DigitsRecipe.Architecture.allCases.map(\.rawValue).joined(separator: ", ")), decafa.
        decafa trains the DeCaFA landmark cascade on the domain-randomised synthetic face world (or on a
        300W-layout folder with --data) and reports its NME on the synthetic easy and hard splits.
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

    @Option(name: [.short, .long], help: "Write the trained weights here (safetensors).")
    var output: String?

    @Option(help: "decafa: optimiser steps (default 3000).")
    var steps: Int?

    @Option(help: "decafa: a 300W-layout folder (.pts + images) to train on instead of the synthetic world.")
    var data: String?

    @Option(help: "decafa: synthetic faces to render for training.")
    var trainCount: Int = 4000

    @Option(help: "decafa: group norm after every U-Net convolution with this many groups (default 4; 0 = none).")
    var groupNorm: Int?

    func validate() throws {
        if recipe == "decafa" {
            if let steps, steps <= 0 { throw ValidationError("--steps must be positive") }
            guard trainCount >= 16 else { throw ValidationError("--train-count must be at least 16") }
            if let groupNorm, !(0...64).contains(groupNorm) { throw ValidationError("--group-norm must be in 0...64 (0 = none)") }
            return
        }
        guard DigitsRecipe.Architecture(rawValue: recipe) != nil else {
            throw ValidationError("unknown recipe '\(recipe)'; recipes: \(DigitsRecipe.Architecture.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let epochs, epochs <= 0 { throw ValidationError("--epochs must be positive") }
        guard Digits.Split(rawValue: split) != nil else {
            throw ValidationError("unknown split '\(split)'; splits: \(Digits.Split.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        if recipe == "decafa" { return try runDeCaFA() }
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

    func runDeCaFA() throws {
        var options = DeCaFATraining.Options()
        options.steps = steps ?? 3000
        options.seed = seed
        options.trainCount = trainCount
        if let groupNorm { options.config.normalizationGroups = groupNorm == 0 ? nil : groupNorm }
        options.dataDirectory = data
        options.checkpoint = checkpoint.map { URL(fileURLWithPath: $0) }
        let result = try DeCaFATraining.train(options) { print($0) }
        let detector = DeCaFADetector(network: result.network)
        var provenance: [String: String] = ["recipe": "decafa", "seed": String(seed), "steps": String(result.steps),
                                            "data": data ?? "synthetic-dr:\(trainCount)"]
        print("recipe: decafa")
        print("parameters: \(result.network.parameterCount)")
        print("steps: \(result.steps)")
        print("final_train_loss: \(String(format: "%.4f", result.history.epochs.last?.meanLoss ?? .nan))")
        print("train_seconds: \(String(format: "%.1f", result.seconds))")
        for (name, preset) in [("easy", SyntheticFaceConfig.easy), ("hard", SyntheticFaceConfig.hard)] {
            let split = try DeCaFAEvaluation.benchmarkSplit(preset)
            let r = try DeCaFAEvaluation.evaluate(detector, on: split)
            let base = try DeCaFAEvaluation.meanShapeBaseline(on: split)
            let stages = r.perStage.map { String(format: "%.1f", 100 * $0) }.joined(separator: " / ")
            print(String(format: "%@: NME io %.1f %% (stages %@), box %.1f %%, AUC@0.08 %.3f, FR@0.08 %.1f %%; mean shape io %.1f %%, box %.1f %%",
                         name, 100 * r.meanInterOcular, stages, 100 * r.meanBox, r.auc(0.08), 100 * r.failureRate(0.08),
                         100 * base.interOcular, 100 * base.box))
            provenance["nme_io_\(name)_pct"] = String(format: "%.2f", 100 * r.meanInterOcular)
            provenance["nme_box_\(name)_pct"] = String(format: "%.2f", 100 * r.meanBox)
        }
        if let output {
            let digest = try DeCaFAWeights.save(result.network, to: URL(fileURLWithPath: output), provenance: provenance)
            print("weights: \(output)")
            print("sha256: \(digest)")
        }
    }
}
