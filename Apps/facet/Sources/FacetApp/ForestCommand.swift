import ArgumentParser
import Forests
import ForestsPlugin
import Foundation
import NN
import Registry

/// `facet forest`: random forests on CSV tables (the `forests` method).
struct Forest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train, evaluate and predict with random forests on CSV tables.",
        discussion: """
        Tables are CSV files with a header row and numeric feature columns; the target
        column may hold text (classification) or numbers (regression).

          facet forest train train.csv --target species -o species.forest --set trees=300
          facet forest evaluate species.forest test.csv
          facet forest predict species.forest new.csv -o predictions.csv

        Hyperparameters: `facet methods show forests`.
        """,
        subcommands: [TrainForest.self, EvaluateForest.self, PredictForest.self])
}

struct TrainForest: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Fit a forest on a CSV table and save it.")

    @Argument(help: "The training table (CSV with a header row).")
    var table: String

    @Option(help: "The target column's name.")
    var target: String

    @Option(name: .shortAndLong, help: "Where to save the model (safetensors).")
    var output: String

    @Option(name: .customLong("set"), help: "A hyperparameter as key=value (repeatable), e.g. --set trees=300.")
    var overrides: [String] = []

    @Option(help: "A JSON file of hyperparameters, applied before --set.")
    var config: String?

    @Option(help: "A labelled table to score the model on after training.")
    var test: String?

    @Flag(help: "No progress bar.")
    var quiet = false

    func run() throws {
        let registry = try makeRegistry()
        var recipe = try registry.make("forests", as: ForestRecipe.self) { configuration in
            if let config { try configuration.apply(jsonFile: URL(fileURLWithPath: config)) }
            try configuration.apply(overrides: overrides)
        }
        recipe.config.showProgress = !quiet
        let asClasses: Bool? = recipe.kind == .auto ? nil : recipe.kind == .classification
        let data = try CSVTable.read(URL(fileURLWithPath: table), target: target, asClasses: asClasses)
        let start = Date()
        let forest = try recipe.fit(data)
        let seconds = Date().timeIntervalSince(start)
        try forest.save(to: URL(fileURLWithPath: output))
        print("model: \(output)")
        print("kind: \(forest.isClassifier ? "classification" : "regression")")
        print("rows: \(data.rowCount)")
        print("features: \(data.featureNames.count)")
        if forest.isClassifier { print("classes: \(data.classNames.count)") }
        print("trees: \(forest.treeCount)")
        if let oob = forest.oobScore { print("oob_\(forest.isClassifier ? "accuracy" : "r2"): \(format(oob))") }
        print("train_seconds: \(String(format: "%.2f", seconds))")
        if let test {
            let evaluation = try forest.evaluate(csv: URL(fileURLWithPath: test))
            for (name, value) in evaluation.metrics where name != "rows" { print("test_\(name): \(format(value))") }
        }
    }
}

struct EvaluateForest: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evaluate", abstract: "Score a saved forest on a labelled CSV table.")

    @Argument(help: "The saved model.")
    var model: String

    @Argument(help: "A table with the model's feature columns and its target column.")
    var table: String

    @Flag(help: "Also print F1 per class (classification).")
    var perClass = false

    func run() throws {
        let forest = try TrainedForest.load(from: URL(fileURLWithPath: model))
        let evaluation = try forest.evaluate(csv: URL(fileURLWithPath: table))
        for (name, value) in evaluation.metrics { print("\(name): \(name == "rows" ? String(Int(value)) : format(value))") }
        if perClass { for (name, value) in evaluation.perClassF1 { print("f1[\(name)]: \(format(value))") } }
    }
}

struct PredictForest: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "predict", abstract: "Predict the target of every row of a CSV table.")

    @Argument(help: "The saved model.")
    var model: String

    @Argument(help: "A table with the model's feature columns (other columns are ignored).")
    var table: String

    @Option(name: .shortAndLong, help: "Write the predictions to this CSV file instead of standard output.")
    var output: String?

    func run() throws {
        let forest = try TrainedForest.load(from: URL(fileURLWithPath: model))
        let predictions = try forest.predict(csv: URL(fileURLWithPath: table))
        let targetName = forest.columns?.target ?? "prediction"
        var lines: [String] = []
        switch predictions {
        case .classes(let labels, let names, let confidence):
            lines.append("row,\(targetName),confidence")
            for (row, (label, p)) in zip(labels, confidence).enumerated() {
                lines.append("\(row),\(names.isEmpty ? String(label) : names[label]),\(format(Double(p)))")
            }
        case .values(let values):
            let outputs = values.shape[1]
            lines.append("row," + (outputs == 1 ? targetName : (0..<outputs).map { "\(targetName)_\($0)" }.joined(separator: ",")))
            let scalars = values.scalars
            for row in 0..<values.shape[0] {
                lines.append("\(row)," + (0..<outputs).map { String(scalars[row * outputs + $0]) }.joined(separator: ","))
            }
        }
        let text = lines.joined(separator: "\n") + "\n"
        if let output {
            try writeFileAtomically(Data(text.utf8), to: URL(fileURLWithPath: output))
            FileHandle.standardError.write(Data("wrote \(lines.count - 1) predictions to \(output)\n".utf8))
        } else {
            print(text, terminator: "")
        }
    }
}

private func format(_ value: Double) -> String { String(format: "%.4f", value) }
