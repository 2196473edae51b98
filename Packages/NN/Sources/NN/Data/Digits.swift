import Foundation
import Tensor

/// scikit-learn's 8x8 handwritten digits (`sklearn.datasets.load_digits`; UCI optdigits,
/// test part): 1,797 images of 64 pixels valued 0..16, labels 0-9, bundled with NN so
/// that examples and tests train a real classifier offline in seconds.
///
/// Two fixed train/test splits (both 75/25):
/// - `.stratified` (the default, the usual protocol for this set): a seeded shuffle within
///   each class (seed 0, `stratifiedSplit`), so train and test share writers;
/// - `.writers`: the first 1,347 rows train, the last 450 test, what scikit-learn gives with
///   `train_test_split(X, y, test_size=0.25, shuffle=False)`. The rows come grouped by
///   writer, so the test part is largely unseen writers: a harder test of generalisation.
/// Inputs are scaled to [0, 1] (pixel / 16).
///
/// ```swift
/// let (train, test) = try Digits.load(layout: .image)   // inputs [N, 1, 8, 8]
/// ```
public enum Digits {
    public static let sampleCount = 1797
    /// Sizes of the `.writers` split.
    public static let trainCount = 1347
    public static let testCount = 450
    public static let classCount = 10
    public static let pixelCount = 64

    /// How each input is shaped.
    public enum Layout: Sendable {
        /// `[64]` per sample, for an MLP.
        case flat
        /// `[1, 8, 8]` per sample (NCHW batches), for a CNN.
        case image

        var sampleShape: [Int] { self == .flat ? [Digits.pixelCount] : [1, 8, 8] }
    }

    /// Which fixed train/test split `load` returns.
    public enum Split: String, Sendable, CaseIterable {
        /// Seeded per-class shuffle, 75/25 (about 1,348 / 449 samples).
        case stratified
        /// File order: first 1,347 train, last 450 test (mostly unseen writers).
        case writers
    }

    /// A fixed split, inputs in [0, 1].
    public static func load(layout: Layout = .flat, split: Split = .stratified) throws -> (train: TensorDataset, test: TensorDataset) {
        let all = try loadAll(layout: layout)
        switch split {
        case .writers:
            return (try all.subset(Array(0..<trainCount)), try all.subset(Array(trainCount..<sampleCount)))
        case .stratified:
            let parts = try stratifiedSplit(labels: all.labels!.values, fractions: [0.75, 0.25], seed: 0)
            return (try all.subset(parts[0]), try all.subset(parts[1]))
        }
    }

    /// All 1,797 samples in file order (for cross-validation or a split of one's own).
    /// `csv` reads another copy of the file instead of the bundled one.
    public static func loadAll(layout: Layout = .flat, csv: URL? = nil) throws -> TensorDataset {
        let url = try csv ?? bundledCSV()
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataError.unreadableData(file: url.path, message: "\(error.localizedDescription); check that the file exists and is readable")
        }
        return try parse(data, file: url.path).reshapedInputs(layout.sampleShape)
    }

    private static func bundledCSV() throws -> URL {
        guard let url = Bundle.module.url(forResource: "digits", withExtension: "csv", subdirectory: "digits") else {
            throw DataError.unreadableData(file: "digits/digits.csv", message: "it is missing from NN's resource bundle; rebuild the package, or ship the NN_NN.resources folder next to the executable")
        }
        return url
    }

    /// Parses 1,797 lines of 65 integers (64 pixels 0..16, then the label 0..9) in one pass.
    static func parse(_ data: Data, file: String) throws -> TensorDataset {
        let width = pixelCount + 1
        var inputs = Tensor(uninitializedShape: [sampleCount, pixelCount])
        var labels = [Int](repeating: 0, count: sampleCount)
        let damaged = { (line: Int, what: String) in
            DataError.unreadableData(file: file, message: "line \(line): \(what); the file is damaged, restore it from the repository (Packages/NN/Sources/NN/Resources/digits)")
        }
        try inputs.withUnsafeMutableBufferPointer { pixels in
            try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                var row = 0, column = 0, value = 0, digits = 0
                func endField() throws {
                    guard digits > 0 else { throw damaged(row + 1, "empty or non-numeric field \(column + 1)") }
                    guard row < sampleCount else { throw damaged(row + 1, "more than \(sampleCount) rows") }
                    guard column < width else { throw damaged(row + 1, "more than \(width) fields") }
                    if column < pixelCount {
                        guard value <= 16 else { throw damaged(row + 1, "pixel \(value) is outside 0...16") }
                        pixels[row &* pixelCount &+ column] = Float(value) / 16
                    } else {
                        guard value < classCount else { throw damaged(row + 1, "label \(value) is outside 0...9") }
                        labels[row] = value
                    }
                    column += 1
                    value = 0
                    digits = 0
                }
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"):
                        guard digits < 3 else { throw damaged(row + 1, "a number with too many digits") }
                        value = value &* 10 &+ Int(byte &- UInt8(ascii: "0"))
                        digits += 1
                    case UInt8(ascii: ","):
                        try endField()
                    case UInt8(ascii: "\n"):
                        try endField()
                        guard column == width else { throw damaged(row + 1, "\(column) fields instead of \(width)") }
                        row += 1
                        column = 0
                    case UInt8(ascii: "\r"):
                        continue
                    default:
                        throw damaged(row + 1, "unexpected character \(UnicodeScalar(byte).escaped(asASCII: true))")
                    }
                }
                if digits > 0 || column > 0 {  // a last line without its newline
                    try endField()
                    guard column == width else { throw damaged(row + 1, "\(column) fields instead of \(width)") }
                    row += 1
                }
                guard row == sampleCount else { throw damaged(row, "\(row) rows instead of \(sampleCount)") }
            }
        }
        return try TensorDataset(inputs: inputs, labels: IndexTensor(labels))
    }
}
