import Tensor

// Seeded partitions of a data set's indices into parts (train / validation / test).
// Each part comes back sorted: the order inside a part carries no information and the
// loader shuffles anyway. The same seed gives the same parts on every run.

/// Splits `0..<count` at random into parts of sizes proportional to `fractions`
/// (positive, summing to 1). Every index lands in exactly one part.
///
/// ```swift
/// let parts = try randomSplit(count: data.count, fractions: [0.8, 0.2], seed: 1)
/// let (train, validation) = (try data.subset(parts[0]), try data.subset(parts[1]))
/// ```
public func randomSplit(count: Int, fractions: [Double], seed: UInt64) throws -> [[Int]] {
    guard count >= 0 else { throw DataError.invalidArgument("randomSplit: count must not be negative, got \(count)") }
    try validateSplitFractions(fractions)
    var rng = SeedDerivation.generator(seed, .split, count)
    return cutByFractions(rng.permutation(count), fractions).map { $0.sorted() }
}

/// Splits the indices of `labels` so that each class is divided by `fractions` on its own:
/// every part keeps the class proportions of the whole (to within one sample per class),
/// which a plain random split of a small or unbalanced data set does not.
public func stratifiedSplit(labels: [Int], fractions: [Double], seed: UInt64) throws -> [[Int]] {
    try validateSplitFractions(fractions)
    var byClass: [Int: [Int]] = [:]
    for (i, label) in labels.enumerated() { byClass[label, default: []].append(i) }
    var parts = Array(repeating: [Int](), count: fractions.count)
    for label in byClass.keys.sorted() {
        let members = byClass[label]!
        var rng = SeedDerivation.generator(seed, .stratum, label)
        let shuffled = rng.permutation(members.count).map { members[$0] }
        for (p, piece) in cutByFractions(shuffled, fractions).enumerated() { parts[p] += piece }
    }
    return parts.map { $0.sorted() }
}

private func validateSplitFractions(_ fractions: [Double]) throws {
    guard !fractions.isEmpty, fractions.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        throw DataError.invalidArgument("split fractions must be positive, got \(fractions)")
    }
    let total = fractions.reduce(0, +)
    guard abs(total - 1) < 1e-6 else {
        throw DataError.invalidArgument("split fractions must sum to 1, got \(fractions) (sum \(total)); add a part for the rest")
    }
}

/// Cuts at rounded cumulative boundaries, so the sizes add up to exactly `items.count`.
private func cutByFractions(_ items: [Int], _ fractions: [Double]) -> [[Int]] {
    var parts: [[Int]] = []
    var cumulative = 0.0
    var start = 0
    for (p, f) in fractions.enumerated() {
        cumulative += f
        let end = p == fractions.count - 1
            ? items.count
            : max(start, min(items.count, Int((cumulative * Double(items.count)).rounded())))
        parts.append(Array(items[start..<end]))
        start = end
    }
    return parts
}
