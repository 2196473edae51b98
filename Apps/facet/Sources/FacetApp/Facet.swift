import ArgumentParser

/// The toolkit's version, printed by `facet --version`.
public let facetVersion = "0.1.0"

/// The `facet` command line: composes the packages, holds no algorithm.
public struct Facet: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "facet",
        abstract: "Face analysis and network compression methods, one registry.",
        version: "facet \(facetVersion)",
        subcommands: [Methods.self, Analyze.self, Train.self, Forest.self, Reproduce.self, Synth.self, CompressModel.self, EvalModel.self, ZooCommand.self, ExpressionCommand.self])

    public init() {}
}
