import ArgumentParser
import Foundation
import Registry

/// `facet methods`: what is registered, and the details of one method.
struct Methods: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "methods",
        abstract: "List the registered methods or show one of them.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every registered method (id, version, task, package, citation).")

        @Option(help: "Only methods of this task, e.g. landmarks, gaze, pruning.")
        var task: String?

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() throws {
            let registry = try makeRegistry()
            print(try MethodsListing.render(registry, task: task.map { MethodTask($0) }, json: json))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one method's descriptor and hyperparameters.")

        @Argument(help: "The method, as ID or ID@VERSION (e.g. decafa@^1.0.0).")
        var method: String

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            let registry = try makeRegistry()
            print(try MethodsListing.show(registry, reference: method, json: json))
        }
    }
}

/// Text and JSON renderings of the registry, kept apart from argument parsing so they can be tested.
public enum MethodsListing {
    public static func render(_ registry: MethodRegistry, task: MethodTask?, json: Bool) throws -> String {
        let methods = task.map(registry.methods(for:)) ?? registry.all
        if json { return try encode(methods) }
        if methods.isEmpty {
            if registry.isEmpty {
                return "No methods are registered in this build of facet yet. Method plugins appear here as the domain packages (FaceAlign, Affect, Gaze, Compress) add them."
            }
            let tasks = Set(registry.all.map(\.task)).sorted().map(\.rawValue).joined(separator: ", ")
            return "No registered method has task '\(task!)'. Tasks with methods: \(tasks)."
        }
        let rows = methods.map { [$0.id, $0.version.description, $0.task.rawValue, $0.package, $0.citation.short] }
        return table(header: ["ID", "VERSION", "TASK", "PACKAGE", "CITATION"], rows: rows)
    }

    public static func show(_ registry: MethodRegistry, reference: String, json: Bool) throws -> String {
        let d = try registry.descriptor(reference: reference)
        if json { return try encode(d) }
        var lines = [
            "\(d.id) \(d.version): \(d.title)",
            "task: \(d.task)    package: \(d.package)",
            "",
            d.summary,
            "",
            "citation: \(d.citation)",
            "",
        ]
        if d.hyperparameters.isEmpty {
            lines.append("hyperparameters: none")
        } else {
            lines.append("hyperparameters (override with key=value or a JSON file):")
            lines.append(table(header: ["NAME", "DEFAULT", "ALLOWED", "DESCRIPTION"],
                               rows: d.hyperparameters.map { [$0.name, $0.defaultValue.description, $0.expectation, $0.doc] },
                               indent: "  "))
        }
        return lines.joined(separator: "\n")
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func table(header: [String], rows: [[String]], indent: String = "") -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max()! }
        return all.map { row in
            indent + row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
