import ArgumentParser
import CompressCore
import Foundation
import NN
import Registry
import Tensor

/// `facet compress METHOD`: runs a pruning or quantization method of the registry on a saved
/// model, writes the smaller model and prints the measured report.
struct CompressModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compress",
        abstract: "Prune or quantize a saved model with a registry method and report what changed.",
        discussion: """
        The model is a Facet graph file (safetensors with its architecture), e.g. from
        `facet zoo train`. The report measures both models: parameters, multiplications,
        additions, bytes, accuracy and agreement on the evaluation split, and latency at
        batch 1 and 32 (release builds only give meaningful times).

          facet zoo train cnn-digits -o cnn.safetensors
          facet compress baseline-magnitude --model cnn.safetensors --ratio 0.5 -o cnn-pruned.safetensors
          facet compress baseline-uniform --model cnn.safetensors --bits 4 --granularity per-channel -o cnn-w4.safetensors

        Pruning methods read --ratio as the kept share of --target (parameters by default);
        quantization methods read --bits and --granularity. Methods: `facet methods list`.
        """)

    @Argument(help: "The method id (or id@version), e.g. baseline-magnitude.")
    var method: String

    @Option(help: "The model to compress (safetensors written by Facet).")
    var model: String

    @Option(name: .customLong("set"), help: "A hyperparameter as key=value (repeatable).")
    var overrides: [String] = []

    @Option(help: "A JSON file of hyperparameters, applied before --set.")
    var config: String?

    @Option(help: "Pruning: the kept share of the target, in (0, 1]. Without it the method's default applies.")
    var ratio: Double?

    @Option(help: "Pruning: what --ratio keeps: parameters, multiplications or neurons.")
    var target: String = "parameters"

    @Option(help: "Quantization: weight bits (default: the method's `bits` setting, else 8).")
    var bits: Int?

    @Option(help: "Quantization: activation bits (default: float activations).")
    var activationBits: Int?

    @Option(help: "Quantization: per-tensor or per-channel scales (default: the method's setting, else per-channel).")
    var granularity: String?

    @Option(help: "Evaluation data: digits or mnist (default: guessed from the model's input shape).")
    var eval: String?

    @Option(help: "Data-driven methods get this many training samples as a calibration set instead of the whole training split.")
    var calibration: Int?

    @Flag(help: "Skip the latency measurement.")
    var noLatency = false

    @Option(help: "Timed runs per latency measurement.")
    var runs: Int = 30

    @Option(name: .shortAndLong, help: "Where to write the compressed model.")
    var output: String

    @Option(help: "Also write the report as JSON here.")
    var report: String?

    func validate() throws {
        if let ratio, !(ratio > 0 && ratio <= 1) { throw ValidationError("--ratio is the kept share, in (0, 1]; got \(ratio)") }
        guard ["parameters", "multiplications", "neurons"].contains(target) else {
            throw ValidationError("--target must be parameters, multiplications or neurons; got '\(target)'")
        }
        if let granularity, Granularity(rawValue: granularity) == nil {
            throw ValidationError("--granularity must be \(Granularity.allCases.map(\.rawValue).joined(separator: " or ")); got '\(granularity)'")
        }
        if let bits, !(2...8).contains(bits) { throw ValidationError("--bits must be in 2...8; got \(bits)") }
        if let eval, ZooCatalog.EvaluationData(rawValue: eval) == nil {
            throw ValidationError("--eval must be \(ZooCatalog.EvaluationData.allCases.map(\.rawValue).joined(separator: " or ")); got '\(eval)'")
        }
        if let calibration, calibration <= 0 { throw ValidationError("--calibration must be positive") }
        if runs <= 0 { throw ValidationError("--runs must be positive") }
    }

    func run() throws {
        let loaded = try QuantizedModel.load(from: URL(fileURLWithPath: model))
        if !loaded.model.quantized.isEmpty {
            FileHandle.standardError.write(Data("note: \(model) holds quantized weights; compressing their decoded floats\n".utf8))
        }
        let original = try loaded.model.decoded()
        let registry = try makeRegistry()
        let descriptor = try registry.descriptor(reference: method)
        var settings = MethodConfiguration(descriptor: descriptor)
        if let config { try settings.apply(jsonFile: URL(fileURLWithPath: config)) }
        try settings.apply(overrides: overrides)
        let configured = settings
        let product = try registry.make(method, as: Any.self) { $0 = configured }
        let data = try EvaluationInputs(name: eval, model: original)
        let source = try data.map { try $0.source(calibration: calibration) }

        let result: CompressionResult
        switch product {
        case let pruner as any Pruner:
            let kind: PruningTarget.Kind
            switch (ratio, target) {
            case (nil, _): kind = .methodDefault
            case (let r?, "multiplications"): kind = .macRatio(r)
            case (let r?, "neurons"): kind = .neuronRatio(r)
            case (let r?, _): kind = .parameterRatio(r)
            }
            result = try pruner.prune(original, target: PruningTarget(kind), data: source)
        case let quantizer as any Quantizer:
            // Flags win; otherwise the method's own settings (`--set bits=4`), otherwise 8-bit per-channel.
            func setting<T>(_ name: String, _ read: (String) throws -> T) -> T? {
                descriptor.hyperparameter(named: name) == nil ? nil : try? read(name)
            }
            let weightBits = bits ?? setting("bits", settings.int) ?? 8
            let activations = activationBits ?? setting("activation-bits", settings.int).flatMap { $0 == 0 ? nil : $0 }
            let scales = granularity ?? setting("granularity", settings.string) ?? Granularity.perChannel.rawValue
            guard let grain = Granularity(rawValue: scales) else {
                throw ValidationError("granularity must be per-tensor or per-channel; got \(scales)")
            }
            let target = QuantizationTarget(weightBits: weightBits, activationBits: activations, granularity: grain)
            result = try quantizer.quantize(original, target: target, data: source)
        default:
            throw ValidationError("'\(descriptor.id)' is a \(descriptor.task) method, not a pruning or quantization method; `facet methods list` shows the compression methods")
        }

        var metadata = loaded.metadata
        metadata["compress.method"] = "\(descriptor.id)@\(descriptor.version)"
        metadata["compress.source"] = URL(fileURLWithPath: model).lastPathComponent
        metadata["compress.hyperparameters"] = result.report.hyperparameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        let outURL = URL(fileURLWithPath: output)
        if let storage = result.storage { try storage.save(to: outURL, metadata: metadata) }
        else { try result.model.save(to: outURL, metadata: metadata) }

        let builder = ReportBuilder(evaluation: data?.test, latency: noLatency ? nil : LatencyHarness(threads: 1, warmupRuns: 5, timedRuns: runs))
        let built = try builder.complete(result, original: original)
        print(ReportBuilder.render(built.report, latency: built.latency))
        if let data { print("evaluation: \(data.name) test split (\(data.test.count) samples)") }
        print("model: \(output)")
        if let report {
            try writeFileAtomically(try ReportBuilder.json(built), to: URL(fileURLWithPath: report))
            print("report: \(report)")
        }
    }
}

/// `facet eval`: accuracy, cost and latency of a saved model.
struct EvalModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Print a saved model's test accuracy, cost and latency.",
        discussion: """
          facet eval --model cnn.safetensors                 # data guessed from the input shape
          facet eval --model residual.safetensors --data mnist
        """)

    @Option(help: "The model (safetensors written by Facet; quantized files are decoded).")
    var model: String

    @Option(help: "Evaluation data: digits or mnist (default: guessed from the model's input shape).")
    var data: String?

    @Flag(help: "Skip the latency measurement.")
    var noLatency = false

    @Option(help: "Timed runs per latency measurement.")
    var runs: Int = 30

    @Option(help: "BLAS threads while timing.")
    var threads: Int = 1

    func validate() throws {
        if let data, ZooCatalog.EvaluationData(rawValue: data) == nil {
            throw ValidationError("--data must be \(ZooCatalog.EvaluationData.allCases.map(\.rawValue).joined(separator: " or ")); got '\(data)'")
        }
        if runs <= 0 || threads <= 0 { throw ValidationError("--runs and --threads must be positive") }
    }

    func run() throws {
        let loaded = try QuantizedModel.load(from: URL(fileURLWithPath: model))
        let graph = try loaded.model.decoded()
        let cost = try CostModel.count(graph)
        print("model: \(model)")
        for key in loaded.metadata.keys.sorted() where key.hasPrefix("zoo.") || key.hasPrefix("compress.") {
            print("\(key): \(loaded.metadata[key]!)")
        }
        print("input: \(graph.inputShape)")
        print("parameters: \(cost.parameters)")
        print("multiplications: \(cost.multiplications)")
        print("additions: \(cost.additions)")
        print("bytes: \(loaded.model.quantized.isEmpty ? CostModel.bytes(graph) : CostModel.bytes(loaded.model))")
        if let inputs = try EvaluationInputs(name: data, model: graph) {
            let predicted = try ReportBuilder.predictedClasses(graph, inputs: inputs.test.inputs)
            let labels = inputs.test.labels!.values
            let accuracy = Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
            print("data: \(inputs.name) test split (\(labels.count) samples)")
            print("accuracy: \(String(format: "%.4f", accuracy))")
        } else {
            print("accuracy: - (no zoo data set takes \(graph.inputShape) inputs; give --data)")
        }
        if !noLatency {
            let harness = LatencyHarness(threads: threads, warmupRuns: 5, timedRuns: runs)
            for batch in [1, 32] {
                let m = try harness.measure(graph, batch: batch)
                print(String(format: "latency_b%d_ms: %.3f (p90 %.3f, %d runs, %d thread(s), %@ build)",
                             batch, m.medianMilliseconds, m.p90Milliseconds, m.runs, m.threads, m.build))
            }
        }
    }
}

/// The evaluation split a model is scored on, and the data source handed to data-driven methods.
struct EvaluationInputs {
    var name: String
    var train: TensorDataset
    var test: TensorDataset

    /// nil when no name is given and no zoo data set matches the model's input.
    init?(name: String?, model: ModelGraph) throws {
        guard let data = name.flatMap(ZooCatalog.EvaluationData.init(rawValue:)) ?? ZooCatalog.EvaluationData.forInputShape(model.inputShape) else {
            return nil
        }
        (train, test) = try data.split(forInputShape: model.inputShape)
        self.name = data.rawValue
    }

    /// The training split (or a seeded calibration subset of it), recording what is read.
    func source(calibration: Int?) throws -> RecordingDataSource {
        let labels = train.labels!.values
        guard let calibration else { return RecordingDataSource(inputs: train.inputs, labels: labels, isTrainingSet: true) }
        var rng = RandomGenerator(seed: 0)
        let picked = Array(rng.permutation(train.count).prefix(min(calibration, train.count))).sorted()
        return RecordingDataSource(inputs: try train.inputs.indexSelect(alongAxis: 0, picked), labels: picked.map { labels[$0] },
                                   isTrainingSet: false)
    }
}
