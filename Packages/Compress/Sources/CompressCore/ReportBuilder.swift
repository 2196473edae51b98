import Foundation
import NN
import Tensor

/// Builds the complete `CompressionReport` of a compression from the real models: counts
/// from `CostModel`, stored bytes, optional accuracy and agreement on an evaluation set,
/// and optional interleaved latency at batch 1 and 32 from `LatencyHarness`.
///
/// ```swift
/// let result = try pruner.prune(graph, target: .init(.parameterRatio(0.5)), data: nil)
/// let built = try ReportBuilder(evaluation: test, latency: LatencyHarness()).complete(result, original: graph)
/// print(ReportBuilder.render(built.report, latency: built.latency))
/// ```
public struct ReportBuilder: Sendable {
    /// The compressed model, as a float graph or with compact quantized weights.
    public enum Compressed: Sendable {
        case graph(ModelGraph)
        case quantized(QuantizedModel)

        /// The graph that runs.
        public func runnable() throws -> ModelGraph {
            switch self {
            case .graph(let g): return g
            case .quantized(let q): return try q.decoded()
            }
        }

        var bytes: Int {
            switch self {
            case .graph(let g): return CostModel.bytes(g)
            case .quantized(let q): return CostModel.bytes(q)
            }
        }
    }

    /// The report and the latency details behind its medians (p90, runs, threads, build).
    public struct Built: Sendable, Codable, Equatable {
        public var report: CompressionReport
        /// Keyed by batch size ("1", "32").
        public var latency: [String: LatencyHarness.Comparison]
    }

    /// Labelled samples for accuracy before/after and agreement; nil skips them.
    public var evaluation: TensorDataset?
    /// Measures latency when set.
    public var latency: LatencyHarness?
    public var latencyBatches: [Int]

    public init(evaluation: TensorDataset? = nil, latency: LatencyHarness? = nil, latencyBatches: [Int] = [1, 32]) {
        self.evaluation = evaluation
        self.latency = latency
        self.latencyBatches = latencyBatches
    }

    /// The full report of `compressed` against `original`.
    public func build(original: ModelGraph, compressed: Compressed, methodID: String, methodVersion: String,
                      hyperparameters: [String: String] = [:], dataAccess: DataAccess,
                      perLayer methodLayers: [CompressionReport.LayerReport] = [], wallTimeSeconds: Double = 0) throws -> Built {
        let after = try compressed.runnable()
        let costBefore = try CostModel.count(original), costAfter = try CostModel.count(after)
        var accuracy: CompressionReport.BeforeAfter<Double>? = nil
        var agreement: Double? = nil
        if let evaluation {
            guard let labels = evaluation.labels?.values else {
                throw TensorError.invalidArgument(op: "ReportBuilder", message: "the evaluation set has no class labels; give a labelled split")
            }
            let p0 = try Self.predictedClasses(original, inputs: evaluation.inputs)
            let p1 = try Self.predictedClasses(after, inputs: evaluation.inputs)
            func rate(_ a: [Int], _ b: [Int]) -> Double { Double(zip(a, b).filter { $0 == $1 }.count) / Double(max(a.count, 1)) }
            accuracy = .init(before: rate(p0, labels), after: rate(p1, labels))
            agreement = rate(p0, p1)
        }
        var latencyDetails: [String: LatencyHarness.Comparison] = [:]
        if let latency {
            for batch in latencyBatches { latencyDetails[String(batch)] = try latency.compare(original, after, batch: batch) }
        }
        let report = CompressionReport(
            methodID: methodID, methodVersion: methodVersion, hyperparameters: hyperparameters, dataAccess: dataAccess,
            parameters: .init(before: costBefore.parameters, after: costAfter.parameters),
            multiplications: .init(before: costBefore.multiplications, after: costAfter.multiplications),
            additions: .init(before: costBefore.additions, after: costAfter.additions),
            modelBytes: .init(before: CostModel.bytes(original), after: compressed.bytes),
            latencyMilliseconds: latencyDetails.mapValues { .init(before: $0.before.medianMilliseconds, after: $0.after.medianMilliseconds) },
            accuracy: accuracy, agreement: agreement,
            perLayer: Self.layerLines(original, after, compressed: compressed, methodLayers: methodLayers),
            wallTimeSeconds: wallTimeSeconds)
        return Built(report: report, latency: latencyDetails)
    }

    /// Fills the measured fields of a method's result (its own id, version, hyperparameters,
    /// data access, per-layer details and wall time are kept).
    public func complete(_ result: CompressionResult, original: ModelGraph) throws -> Built {
        let r = result.report
        let compressed: Compressed = result.storage.map { .quantized($0) } ?? .graph(result.model)
        return try build(original: original, compressed: compressed, methodID: r.methodID, methodVersion: r.methodVersion,
                         hyperparameters: r.hyperparameters, dataAccess: r.dataAccess, perLayer: r.perLayer,
                         wallTimeSeconds: r.wallTimeSeconds)
    }

    /// Arg-max classes, predicted in chunks so large evaluation sets stay within memory.
    public static func predictedClasses(_ graph: ModelGraph, inputs: Tensor, chunk: Int = 256) throws -> [Int] {
        let n = inputs.shape[0]
        var out: [Int] = []
        out.reserveCapacity(n)
        var start = 0
        while start < n {
            let end = min(n, start + chunk)
            let part = start == 0 && end == n ? inputs : try inputs.indexSelect(alongAxis: 0, Array(start..<end))
            out += try graph.predict(part).argmax(alongAxis: 1).values
            start = end
        }
        return out
    }

    /// One line per weight layer: weight shapes before/after and bits, merged with the
    /// method's own per-layer details.
    static func layerLines(_ before: ModelGraph, _ after: ModelGraph, compressed: Compressed,
                           methodLayers: [CompressionReport.LayerReport]) -> [CompressionReport.LayerReport] {
        var byName = Dictionary(methodLayers.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [CompressionReport.LayerReport] = []
        for node in before.nodes {
            guard let w = before.tensor(node.name, "weight"), node.op.kind != "batchNorm" else { continue }
            let shapeAfter = after.tensor(node.name, "weight")?.shape ?? []
            var bits = 32
            if case .quantized(let q) = compressed, let t = q.quantized["\(node.name).weight"] { bits = t.bits }
            var line = byName.removeValue(forKey: node.name)
                ?? CompressionReport.LayerReport(name: node.name, shapeBefore: w.shape, shapeAfter: shapeAfter, bits: bits)
            line.shapeBefore = w.shape
            line.shapeAfter = shapeAfter
            if line.bits == 32 { line.bits = bits }
            lines.append(line)
        }
        // Layers a method reports that are not weight layers of the original (new ops) stay too.
        lines += methodLayers.filter { byName[$0.name] != nil }
        return lines
    }
}

extension ReportBuilder {
    /// A readable table: before, after and ratio for each figure, latency as a speed-up.
    public static func render(_ report: CompressionReport, latency: [String: LatencyHarness.Comparison] = [:]) -> String {
        var lines: [String] = []
        lines.append("method: \(report.methodID)@\(report.methodVersion)")
        if !report.hyperparameters.isEmpty {
            lines.append("hyperparameters: " + report.hyperparameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        lines.append("data access: \(report.dataAccess)")
        var rows: [[String]] = [["", "before", "after", "ratio"]]
        func intRow(_ name: String, _ v: CompressionReport.BeforeAfter<Int>) {
            rows.append([name, grouped(v.before), grouped(v.after), ratio(Double(v.after), Double(v.before))])
        }
        intRow("parameters", report.parameters)
        intRow("multiplications", report.multiplications)
        intRow("additions", report.additions)
        intRow("model bytes", report.modelBytes)
        if let a = report.accuracy {
            rows.append(["accuracy", percent(a.before), percent(a.after), String(format: "%+.2f pt", 100 * (a.after - a.before))])
        }
        if let agreement = report.agreement { rows.append(["agreement", "", percent(agreement), ""]) }
        for key in report.latencyMilliseconds.keys.sorted(by: { (Int($0) ?? 0) < (Int($1) ?? 0) }) {
            let v = report.latencyMilliseconds[key]!
            let speedUp = v.before / max(v.after, 1e-12)
            var name = "latency b\(key) (ms)"
            var before = String(format: "%.3f", v.before), after = String(format: "%.3f", v.after)
            if let d = latency[key] {
                name = "latency b\(key) ms, p90"
                before += String(format: " (%.3f)", d.before.p90Milliseconds)
                after += String(format: " (%.3f)", d.after.p90Milliseconds)
            }
            rows.append([name, before, after, String(format: "%.2fx faster", speedUp)])
        }
        let widths = (0..<4).map { c in rows.map { $0[c].count }.max()! }
        for (i, row) in rows.enumerated() {
            let cells = row.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }
            lines.append(cells.joined(separator: "  "))
            if i == 0 { lines.append(String(repeating: "-", count: widths.reduce(0, +) + 6)) }
        }
        if let d = latency.values.first {
            lines.append("latency: median of \(d.before.runs) interleaved runs, \(d.before.threads) BLAS thread(s), \(d.before.build) build")
        }
        if report.wallTimeSeconds > 0 { lines.append(String(format: "method wall time: %.2f s", report.wallTimeSeconds)) }
        return lines.joined(separator: "\n")
    }

    /// The report as pretty JSON (sorted keys, stable across runs).
    public static func json(_ built: Built) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(built)
    }

    private static func grouped(_ v: Int) -> String {
        var s = String(v), out = ""
        while s.count > 3 { out = "," + s.suffix(3) + out; s.removeLast(3) }
        return s + out
    }

    private static func ratio(_ after: Double, _ before: Double) -> String {
        before == 0 ? "-" : String(format: "%.3fx", after / before)
    }

    private static func percent(_ v: Double) -> String { String(format: "%.2f %%", 100 * v) }
}
