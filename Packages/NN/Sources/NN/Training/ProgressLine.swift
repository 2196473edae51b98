import Foundation

/// A named number shown next to a progress bar (`loss 0.2345`).
public struct ProgressMetric: Sendable, Equatable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// The state of a long loop at one moment, and how it reads as text.
///
/// Rendering is a pure function of this value, so every format is tested without a
/// terminal or a clock; `ProgressReporter` only decides when to render and where to write.
public struct ProgressSnapshot: Sendable, Equatable {
    public var label: String
    public var completed: Int
    /// nil when the loop's length is unknown: no bar, no ETA.
    public var total: Int?
    /// Seconds since the loop started.
    public var elapsed: Double
    /// What is counted (`it`, `batch`, `img`): the rate reads `<unit>/s`.
    public var unit: String
    public var metrics: [ProgressMetric]

    public init(label: String = "", completed: Int, total: Int?, elapsed: Double, unit: String = "it", metrics: [ProgressMetric] = []) {
        self.label = label
        self.completed = completed
        self.total = total
        self.elapsed = elapsed
        self.unit = unit
        self.metrics = metrics
    }

    /// Items per second, averaged over the whole run (steadier than the last step's rate,
    /// which jumps with every evaluation or checkpoint inside the loop).
    public var rate: Double? {
        guard elapsed > 0, completed > 0 else { return nil }
        return Double(completed) / elapsed
    }

    /// Seconds left at the average rate, when the total is known.
    public var eta: Double? {
        guard let total, let rate else { return nil }
        return Double(max(0, total - completed)) / rate
    }

    public var isComplete: Bool { total.map { completed >= $0 } ?? false }

    /// One line for a terminal, at most `width` columns:
    /// `epoch 2 |████▌     | 45/100 (45%) 1.23k it/s ETA 0:12 loss 0.2345`.
    /// The bar takes what room the text leaves (up to 30 columns) and disappears on narrow terminals.
    public func terminalLine(width: Int) -> String {
        var left: [String] = []
        if !label.isEmpty { left.append(label) }
        var right: [String] = [counts]
        right.append(rateText)
        right.append(isComplete ? "took \(Self.duration(elapsed))" : "ETA \(eta.map(Self.duration) ?? "?")")
        right += metrics.map { "\($0.name) \(Self.number($0.value))" }
        let text = (left + right).joined(separator: " ")
        var parts = left
        if let total, total > 0 {
            let room = width - text.count - 3  // the bar's two ends and a space
            let barWidth = min(30, room)
            if barWidth >= 5 {
                parts.append("|" + Self.bar(fraction: Double(completed) / Double(total), width: barWidth) + "|")
            }
        }
        let line = (parts + right).joined(separator: " ")
        return line.count > width ? String(line.prefix(max(0, width))) : line
    }

    /// One self-contained line for a log file or CI output:
    /// `epoch 2: 45/100 (45%), 1.23k it/s, elapsed 0:05, ETA 0:06, loss 0.2345`.
    public func logLine() -> String {
        var fields: [String] = [counts, rateText, "elapsed \(Self.duration(elapsed))"]
        if !isComplete, let eta { fields.append("ETA \(Self.duration(eta))") }
        fields += metrics.map { "\($0.name) \(Self.number($0.value))" }
        let body = fields.joined(separator: ", ")
        return label.isEmpty ? body : "\(label): \(body)"
    }

    private var counts: String {
        guard let total else { return "\(completed) \(unit)" }
        let percent = total > 0 ? Int((100 * Double(completed) / Double(total)).rounded(.down)) : 100
        return "\(completed)/\(total) (\(percent)%)"
    }

    private var rateText: String {
        guard let rate else { return "? \(unit)/s" }
        // Slow loops read better as seconds per item than as 0.02 items per second.
        if rate < 1 { return "\(Self.number(1 / rate)) s/\(unit)" }
        return "\(Self.compact(rate)) \(unit)/s"
    }

    /// `████▌     ` (`width` columns of eighth blocks) for a fraction in [0, 1].
    static func bar(fraction: Double, width: Int) -> String {
        let eighths = Int((min(1, max(0, fraction)) * Double(width * 8)).rounded(.down))
        let full = eighths / 8
        var s = String(repeating: "█", count: full)
        if full < width {
            let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
            s += partial.isEmpty ? " " : partial
            s += String(repeating: " ", count: width - full - 1)
        }
        return s
    }

    /// `0:07`, `12:34`, `1:02:03`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        let (h, m, sec) = (s / 3600, (s / 60) % 60, s % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, sec) : String(format: "%d:%02d", m, sec)
    }

    /// Four significant digits: `0.2345`, `123.5`, `1.235e+04`.
    static func number(_ value: Double) -> String { String(format: "%.4g", value) }

    /// `3.45`, `123.4`, `1.23k`, `45.6M`: throughputs stay short.
    static func compact(_ value: Double) -> String {
        switch value {
        case ..<10: return String(format: "%.2f", value)
        case ..<1000: return String(format: "%.1f", value)
        case ..<1e6: return String(format: "%.3gk", value / 1e3)
        default: return String(format: "%.3gM", value / 1e6)
        }
    }
}
