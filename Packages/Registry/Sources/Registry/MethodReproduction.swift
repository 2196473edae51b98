/// A method's reproduction: the paper's claim re-measured here, as the method against its
/// ablated baselines on the same data and budget, in one process. `facet reproduce ID`
/// runs it, prints its tables as it goes, and ends with one `claim:` line.
///
/// ```swift
/// public enum MyMethodReproduction: MethodReproduction {
///     public static let methodID = "my-method"
///     public static let title = "My method against its ablation"
///     public static func run(_ options: ReproductionOptions) throws -> [ReproductionClaim] {
///         options.log(ResultTable(header: ["variant", "accuracy"], rows: [["full", "0.91"], ["ablated", "0.88"]]).render())
///         return [ReproductionClaim(experiment: "E1", holds: true, summary: "full beats ablated by 3 points")]
///     }
/// }
/// ```
public protocol MethodReproduction {
    /// The registry id of the method reproduced.
    static var methodID: String { get }
    /// One line: what is compared with what.
    static var title: String { get }
    /// Runs every experiment; returns one verdict per experiment, in order.
    static func run(_ options: ReproductionOptions) throws -> [ReproductionClaim]
}

/// What every reproduction understands.
public struct ReproductionOptions: Sendable {
    /// A minutes-long version of the protocol for smoke tests (fewer seeds, epochs, samples).
    public var quick: Bool
    /// Overrides the protocol's number of seeds when set.
    public var seeds: Int?
    /// Where tables and progress lines go (standard output in the CLI).
    public var log: @Sendable (String) -> Void

    public init(quick: Bool = false, seeds: Int? = nil, log: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.quick = quick
        self.seeds = seeds
        self.log = log
    }

    /// The seed count to use: the override, or the protocol's `full` / `quick` count.
    public func seedCount(full: Int, quick quickCount: Int) -> Int { seeds ?? (quick ? quickCount : full) }
}

/// The verdict of one experiment on the paper's claim.
public struct ReproductionClaim: Sendable, Equatable {
    public var experiment: String
    public var holds: Bool
    /// The measured figures behind the verdict, in a few words.
    public var summary: String

    public init(experiment: String, holds: Bool, summary: String) {
        self.experiment = experiment
        self.holds = holds
        self.summary = summary
    }

    /// `E1: holds - summary`.
    public var line: String { "\(experiment): \(holds ? "holds" : "does not hold") - \(summary)" }

    /// The final line over several experiments: holds only when every one holds.
    public static func verdict(_ claims: [ReproductionClaim]) -> String {
        let failed = claims.filter { !$0.holds }
        if failed.isEmpty {
            return "claim: holds - " + claims.map { "\($0.experiment) \($0.summary)" }.joined(separator: "; ")
        }
        return "claim: does not hold - " + failed.map { "\($0.experiment) \($0.summary)" }.joined(separator: "; ")
    }
}

/// A plain-text table with aligned columns, for reproduction and benchmark output.
public struct ResultTable: Sendable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// Markdown-compatible: `| a | b |` lines with a separator under the header.
    public func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "| " + header.indices.map { c in
                let cell = c < cells.count ? cells[c] : ""
                return cell + String(repeating: " ", count: widths[c] - cell.count)
            }.joined(separator: " | ") + " |"
        }
        let separator = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
        return ([line(header), separator] + rows.map(line)).joined(separator: "\n")
    }
}
