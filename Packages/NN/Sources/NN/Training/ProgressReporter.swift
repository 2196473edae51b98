#if canImport(Glibc)
import Glibc
#endif

/// Shows how a long loop is going, on standard error, without flooding it.
///
/// On a terminal it redraws one line (bar, count, rate, ETA, metrics) at most ten times a
/// second; elsewhere (CI, a file) it writes a plain line every `interval` seconds and at
/// the end, so logs stay readable. `FACET_PROGRESS=bar|log|quiet` overrides the choice.
///
/// ```swift
/// let progress = ProgressReporter("epoch \(epoch + 1)/\(epochs)", total: loader.batchesPerEpoch, unit: "batch")
/// while let batch = try batches.next() {
///     let loss = try step(batch)
///     progress.advance(metrics: ["loss": loss])
/// }
/// progress.finish(metrics: ["val acc": accuracy])
/// ```
///
/// Not thread-safe: report from the thread that runs the loop.
public final class ProgressReporter {
    public enum Style: Sendable, Equatable {
        /// `FACET_PROGRESS` if set, else `.bar` when standard error is a terminal, else `.log(every: 10)`.
        case automatic
        /// One line redrawn in place (needs a terminal).
        case bar
        /// A plain line every `seconds`, and one at the end.
        case log(every: Double)
        /// Nothing at all.
        case quiet
    }

    public let label: String
    public let total: Int?
    public let unit: String
    /// The style in force (`.automatic` resolved).
    public let style: Style
    public private(set) var completed = 0
    public private(set) var metrics: [ProgressMetric] = []

    private let output: (String) -> Void
    private let clock: () -> Double
    private let start: Double
    private var lastRender: Double
    private var finished = false
    private var barVisible = false

    /// - Parameters:
    ///   - output: where text goes (tests capture it); standard error by default.
    ///   - clock: seconds on a monotonic clock (tests drive it); the system's by default.
    public init(_ label: String = "", total: Int?, unit: String = "it", style: Style = .automatic,
                output: ((String) -> Void)? = nil, clock: (() -> Double)? = nil) {
        self.label = label
        self.total = total
        self.unit = unit
        self.style = Self.resolve(style)
        self.output = output ?? StandardError.write
        self.clock = clock ?? Self.monotonicSeconds
        start = self.clock()
        lastRender = start
    }

    /// Counts `n` more items done and updates the named metrics (others keep their value).
    public func advance(by n: Int = 1, metrics: KeyValuePairs<String, Double> = [:]) {
        update(completed: completed + n, metrics: metrics)
    }

    /// Sets the count of items done and updates the named metrics.
    public func update(completed: Int, metrics: KeyValuePairs<String, Double> = [:]) {
        guard !finished else { return }
        self.completed = completed
        merge(metrics)
        let now = clock()
        switch style {
        case .bar where now - lastRender >= 0.1 || !barVisible || isComplete:
            draw(now)
        case .log(let every) where now - lastRender >= every:
            emit(snapshot(now).logLine() + "\n", at: now)
        default:
            break
        }
    }

    /// Writes a message on its own line (above the bar on a terminal), e.g. a validation score.
    public func log(_ message: String) {
        switch style {
        case .quiet: return
        case .bar where barVisible:
            output("\r\u{1B}[K" + message + "\n")
            draw(clock())
        default:
            output(message + "\n")
        }
    }

    /// Writes the final state (the bar's last redraw, or a last log line) and ends the line.
    /// Further updates are ignored.
    public func finish(metrics: KeyValuePairs<String, Double> = [:]) {
        guard !finished else { return }
        merge(metrics)
        let now = clock()
        switch style {
        case .bar:
            draw(now)
            output("\n")
        case .log:
            emit(snapshot(now).logLine() + "\n", at: now)
        default:
            break
        }
        finished = true
    }

    /// The current state, for rendering elsewhere (a status file, a UI).
    public func snapshot() -> ProgressSnapshot { snapshot(clock()) }

    private var isComplete: Bool { total.map { completed >= $0 } ?? false }

    private func snapshot(_ now: Double) -> ProgressSnapshot {
        ProgressSnapshot(label: label, completed: completed, total: total, elapsed: now - start, unit: unit, metrics: metrics)
    }

    private func merge(_ updates: KeyValuePairs<String, Double>) {
        for (name, value) in updates {
            if let i = metrics.firstIndex(where: { $0.name == name }) {
                metrics[i].value = value
            } else {
                metrics.append(ProgressMetric(name, value))
            }
        }
    }

    private func draw(_ now: Double) {
        // \r returns to the line start, ESC[K clears what a longer previous line left.
        emit("\r" + snapshot(now).terminalLine(width: StandardError.columns - 1) + "\u{1B}[K", at: now)
        barVisible = true
    }

    private func emit(_ text: String, at now: Double) {
        output(text)
        lastRender = now
    }

    private static func resolve(_ style: Style) -> Style {
        guard style == .automatic else { return style }
        switch getenv("FACET_PROGRESS").map({ String(cString: $0).lowercased() }) {
        case "bar": return .bar
        case "log": return .log(every: 10)
        case "quiet", "off", "0": return .quiet
        default: return StandardError.isTerminal ? .bar : .log(every: 10)
        }
    }

    private static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// File descriptor 2, written directly: Swift 6 forbids the mutable `stderr` global, and an
/// unbuffered write keeps the bar in step with the loop.
enum StandardError {
    static var isTerminal: Bool { isatty(2) == 1 }

    /// The terminal's width, from the terminal itself, else `COLUMNS`, else 80.
    static var columns: Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let s = getenv("COLUMNS"), let n = Int(String(cString: s)), n > 0 { return n }
        return 80
    }

    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }  // stderr closed or full: progress is not worth failing for
                offset += n
            }
        }
    }
}
