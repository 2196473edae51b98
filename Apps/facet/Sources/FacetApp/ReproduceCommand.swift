import ArgumentParser
import Foundation
import Registry

/// `facet reproduce ID`: re-measures a method's published claim against its ablated
/// baselines, prints the tables, and ends with one `claim: holds|does not hold - ...` line.
struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reproduce a method's claim against its baselines and print whether it holds here.",
        discussion: """
        The full protocol is the one whose tables are in Docs/methods/ID.md; --quick runs a
        minutes-long version for smoke tests. Run with no ID (or --list) to see what can run.
        """)

    @Argument(help: "The method id, e.g. forests.")
    var method: String?

    @Flag(help: "A short version of the protocol (fewer seeds, epochs and samples).")
    var quick = false

    @Option(help: "Number of seeds (default: the protocol's).")
    var seeds: Int?

    @Flag(help: "List the methods that have a reproduction.")
    var list = false

    func validate() throws {
        if let seeds, seeds < 1 { throw ValidationError("--seeds must be at least 1") }
    }

    func run() throws {
        guard let method, !list else {
            for r in allReproductions { print("\(r.methodID)  \(r.title)") }
            return
        }
        guard let reproduction = allReproductions.first(where: { $0.methodID == method }) else {
            throw ValidationError("no reproduction for '\(method)'; available: \(allReproductions.map { $0.methodID }.joined(separator: ", "))")
        }
        writeLine("reproduce \(method)\(quick ? " (quick)" : ""): \(reproduction.title)")
        let start = Date()
        // Written unbuffered so a long run shows its tables as they come, even through a pipe.
        let options = ReproductionOptions(quick: quick, seeds: seeds, log: writeLine)
        let claims = try runReproduction(reproduction, options)
        writeLine(String(format: "run time: %.1f min", Date().timeIntervalSince(start) / 60))
        writeLine(ReproductionClaim.verdict(claims))
    }
}

private func runReproduction<R: MethodReproduction>(_ reproduction: R.Type, _ options: ReproductionOptions) throws -> [ReproductionClaim] {
    try R.run(options)
}

@Sendable private func writeLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
