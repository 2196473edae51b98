import AffectCore
import ArgumentParser
import FaceAlignCore
import Foundation
import Imaging
import THIN

/// `facet expression`: THIN expression models, trained on synthetic people and run on photographs.
struct ExpressionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expression",
        abstract: "Train a THIN expression model and recognise expressions in images.",
        discussion: """
        The model (method thin) is trained on the synthetic face world, identity being the nuisance
        its exogenous network learns; predict finds faces with the frontal Viola-Jones detector,
        crops them as in training and prints the seven basic emotions' probabilities per face.

          facet expression train -o thin-expression.safetensors
          facet expression predict Docs/samples --weights thin-expression.safetensors --json expressions.json
        """,
        subcommands: [ExpressionTrain.self, ExpressionPredict.self])
}

struct ExpressionTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train THIN on synthetic people, score it on unseen people and save it.")

    @Option(name: .shortAndLong, help: "Where to save the model (safetensors).")
    var output: String

    @Option(help: "Seed of the synthetic world (its people) and of the initialisation.")
    var seed: UInt64 = 0

    @Option(help: "Training people (the exogenous network's identity classes).")
    var people: Int = FaceExpressionTraining.Options().trainIdentities

    @Option(help: "Unseen people to score on.")
    var testPeople: Int = FaceExpressionTraining.Options().testIdentities

    @Option(help: "Images per person (the seven emotions in turn).")
    var imagesPerPerson: Int = SyntheticExpressionData().perIdentity

    @Option(help: "Epochs of THIN (default: the recipe's).")
    var epochs: Int?

    @Option(help: "β of the tree gate (default: the recipe's).")
    var beta: Float?

    @Option(help: "λ_dis of the dispelling loss (default: the recipe's).")
    var dispelWeight: Float?

    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        guard people >= 2 else { throw ValidationError("--people must be at least 2 (the exogenous network classifies them)") }
        guard testPeople >= 1, imagesPerPerson >= 7 else { throw ValidationError("--test-people must be ≥ 1 and --images-per-person ≥ 7 (one per emotion)") }
        if let epochs, epochs <= 0 { throw ValidationError("--epochs must be positive") }
        if let beta, !(beta > 0) { throw ValidationError("--beta must be positive") }
        if let dispelWeight, !(dispelWeight >= 0) { throw ValidationError("--dispel-weight must be ≥ 0") }
    }

    func run() throws {
        var options = FaceExpressionTraining.Options()
        options.data = SyntheticExpressionData(worldSeed: seed)
        options.data.perIdentity = imagesPerPerson
        options.trainIdentities = people
        options.testIdentities = testPeople
        options.config.seed = seed
        if let epochs { options.config.epochs = epochs }
        if let beta { options.config.beta = beta }
        if let dispelWeight { options.config.dispelWeight = dispelWeight }
        let quiet = quiet
        let result = try FaceExpressionTraining.train(options) { line in if !quiet { print(line) } }
        let provenance = [
            "recipe": "facet expression train", "facet.version": facetVersion, "seed": String(seed),
            "people": String(people), "images_per_person": String(imagesPerPerson),
            "test_accuracy_unseen_people": String(format: "%.4f", result.testAccuracy),
            "test_macro_f1_unseen_people": String(format: "%.4f", result.testMacroF1),
        ]
        let checksum = try THINWeights.save(result.model, architecture: result.architecture, to: URL(fileURLWithPath: output),
                                            provenance: provenance)
        print("model: \(output)")
        print("labels: \(result.model.labels.names.joined(separator: ", "))")
        print("parameters: \(result.model.parameterCount)")
        print("train_rows: \(result.trainRows)")
        print(String(format: "test_accuracy_unseen_people: %.4f", result.testAccuracy))
        print(String(format: "test_macro_f1_unseen_people: %.4f", result.testMacroF1))
        print("checksum: \(checksum)")
        print(String(format: "seconds: %.1f", result.seconds))
    }
}

/// One image's faces, as written by `--json`.
struct ExpressionReport: Codable {
    var image: String
    var faces: [FaceExpressionResult]
}

struct ExpressionPredict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Recognise the expression of every face in an image or a folder of images.",
        discussion: """
        Prints one line per face: its box, the most probable expression and every class's probability.
        An unreadable image or one with no face is reported and makes the exit code non-zero.
        """)

    @Argument(help: "An image (PNG or JPEG) or a folder of images.")
    var input: String

    @Option(help: "The THIN model (from `facet expression train`).")
    var weights: String

    @Option(help: "Write the faces and probabilities as JSON here.")
    var json: String?

    func run() throws {
        let inputs = try ImageInputs(input)
        let loaded = try THINWeights.load(from: URL(fileURLWithPath: weights))
        let pipeline = try FaceExpressionPipeline(faceDetector: try ViolaJonesDetector.frontalFace(), recognizer: loaded.model,
                                                  cropMargin: loaded.architecture.cropMargin)
        let names = loaded.model.labels.names
        var reports: [ExpressionReport] = [], problems: [String] = []
        for file in inputs.files {
            let image: PixelImage
            do { image = try ImageIO.read(file) } catch {
                problems.append("\(file) is not a readable image (\(error)); give a PNG or JPEG file")
                continue
            }
            let faces = try pipeline.analyze(image)
            reports.append(ExpressionReport(image: file, faces: faces))
            if faces.isEmpty { problems.append("no face found in \(file) (the detector looks for frontal faces at least 24 px wide)") }
            for (i, f) in faces.enumerated() {
                let all = names.map { String(format: "%@ %.2f", $0, f.probabilities[$0] ?? 0) }.joined(separator: ", ")
                print(String(format: "%@ face %d: box [%.0f, %.0f, %.0f, %.0f] %@ %.2f (%@)", file, i, f.box.x, f.box.y,
                             f.box.width, f.box.height, f.expression, f.confidence, all))
            }
        }
        if let json {
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys, .prettyPrinted]
            let data = inputs.isFolder ? try e.encode(reports) : try reports.first.map { try e.encode($0) } ?? Data()
            if !data.isEmpty { try data.write(to: URL(fileURLWithPath: json), options: .atomic) }
        }
        if !problems.isEmpty { throw ImageInputError(description: problems.joined(separator: "\n")) }
    }
}
