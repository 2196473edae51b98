import Foundation
import Tensor

/// Median wall time in seconds of `body` over `repeats` runs after `warmup` runs.
func medianTime(warmup: Int = 2, repeats: Int = 7, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<warmup { try body() }
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return times.sorted()[times.count / 2]
}

/// Prints one `name: value` line, the format tools/bench reads.
func report(_ name: String, _ value: Double, digits: Int = 3) {
    print("\(name): \(String(format: "%.\(digits)f", value))")
}

func report(_ name: String, _ value: String) {
    print("\(name): \(value)")
}

/// Runs `body` on one BLAS thread, then on the default count when that is more, and restores
/// the default. `body` gets the suffix for figure names: "" for one thread, "_2threads" etc.
/// Per-item inference of small models is timed this way: one item is too small to split, and
/// the peers it is compared with run on one thread.
func atOneAndDefaultBLASThreads(_ body: (String) throws -> Void) rethrows {
    let defaultThreads = BLAS.threads
    defer { BLAS.threads = defaultThreads }
    for threads in Set([1, defaultThreads]).sorted() {
        BLAS.threads = threads
        try body(threads == 1 ? "" : "_\(threads)threads")
    }
}
