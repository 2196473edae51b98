import Foundation

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
