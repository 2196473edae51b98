import XCTest
@testable import NN

final class ProgressTests: XCTestCase {
    func testTerminalLineHasBarCountsRateEtaAndMetrics() {
        let s = ProgressSnapshot(label: "epoch 2/10", completed: 45, total: 100, elapsed: 9, unit: "batch",
                                 metrics: [ProgressMetric("loss", 0.234567), ProgressMetric("acc", 0.91)])
        let line = s.terminalLine(width: 120)
        XCTAssertEqual(line, "epoch 2/10 |█████████████▌                | 45/100 (45%) 5.00 batch/s ETA 0:11 loss 0.2346 acc 0.91")
        XCTAssertLessThanOrEqual(s.terminalLine(width: 60).count, 60)
        XCTAssertFalse(s.terminalLine(width: 60).contains("█"), "the bar gives way on narrow terminals")
        XCTAssertTrue(s.terminalLine(width: 60).hasPrefix("epoch 2/10 45/100 (45%) 5.00 batch/s ETA 0:11"))
    }

    func testBarEndsRatesAndDurations() {
        XCTAssertEqual(ProgressSnapshot.bar(fraction: 0, width: 4), "    ")
        XCTAssertEqual(ProgressSnapshot.bar(fraction: 0.5, width: 4), "██  ")
        XCTAssertEqual(ProgressSnapshot.bar(fraction: 1, width: 4), "████")
        XCTAssertEqual(ProgressSnapshot.bar(fraction: 1.7, width: 4), "████")
        XCTAssertEqual(ProgressSnapshot.duration(7), "0:07")
        XCTAssertEqual(ProgressSnapshot.duration(754), "12:34")
        XCTAssertEqual(ProgressSnapshot.duration(3723), "1:02:03")
        XCTAssertEqual(ProgressSnapshot.compact(1234), "1.23k")
        let slow = ProgressSnapshot(completed: 2, total: nil, elapsed: 5)
        XCTAssertEqual(slow.logLine(), "2 it, 2.5 s/it, elapsed 0:05")
        let done = ProgressSnapshot(label: "eval", completed: 450, total: 450, elapsed: 1.5, unit: "img")
        XCTAssertEqual(done.terminalLine(width: 30), "eval 450/450 (100%) 300.0 img/")
        XCTAssertTrue(done.terminalLine(width: 80).contains("took 0:02"))
        XCTAssertEqual(ProgressSnapshot(completed: 0, total: 10, elapsed: 0).logLine(), "0/10 (0%), ? it/s, elapsed 0:00")
    }

    func testLogStyleWritesPlainLinesAtItsInterval() {
        var now = 0.0
        var written: [String] = []
        let p = ProgressReporter("train", total: 100, style: .log(every: 10), output: { written.append($0) }, clock: { now })
        for _ in 0..<100 {
            now += 0.25
            p.advance(metrics: ["loss": 1 / now])
        }
        p.finish(metrics: ["val": 0.5])
        p.advance()  // ignored after finish
        XCTAssertEqual(written, [
            "train: 40/100 (40%), 4.00 it/s, elapsed 0:10, ETA 0:15, loss 0.1\n",
            "train: 80/100 (80%), 4.00 it/s, elapsed 0:20, ETA 0:05, loss 0.05\n",
            "train: 100/100 (100%), 4.00 it/s, elapsed 0:25, loss 0.04, val 0.5\n",
        ])
        XCTAssertFalse(written.joined().contains("\r"), "no terminal control in logs")
    }

    func testBarStyleRedrawsInPlaceAtMostTenTimesASecond() {
        var now = 0.0
        var written: [String] = []
        let p = ProgressReporter("fit", total: 1000, style: .bar, output: { written.append($0) }, clock: { now })
        for _ in 0..<1000 {
            now += 0.001
            p.advance(metrics: ["loss": 0.5])
        }
        XCTAssertEqual(written.count, 11, "first draw, one per 0.1 s, and the completed line")
        XCTAssertTrue(written.allSatisfy { $0.hasPrefix("\r") && $0.hasSuffix("\u{1B}[K") })
        p.log("validation 0.97")
        p.finish()
        XCTAssertEqual(written[11], "\r\u{1B}[Kvalidation 0.97\n")
        XCTAssertTrue(written[12].contains("1000/1000 (100%)"))
        XCTAssertEqual(written.last, "\n")
    }

    func testQuietWritesNothing() {
        var written: [String] = []
        let p = ProgressReporter(total: 3, style: .quiet, output: { written.append($0) })
        p.advance(by: 3)
        p.log("hello")
        p.finish()
        XCTAssertTrue(written.isEmpty)
        XCTAssertEqual(p.completed, 3)
    }
}
