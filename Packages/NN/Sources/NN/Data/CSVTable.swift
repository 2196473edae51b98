import Foundation
import Tensor

/// A numeric table read from a CSV file with a header row: the features as a
/// [rows, columns] tensor and one column set apart as the target.
///
/// Every feature cell must be a number; the target column may hold numbers (regression)
/// or any text (classification: the distinct values, sorted, become classes 0..<C).
///
/// ```swift
/// let table = try CSVTable.read(URL(fileURLWithPath: "iris.csv"), target: "species")
/// table.features        // [150, 4]
/// table.classNames      // ["setosa", "versicolor", "virginica"]
/// ```
public struct CSVTable: Sendable {
    public var featureNames: [String]
    public var features: Tensor
    public var targetName: String
    /// Class indices, when the target column is categorical (or `asClasses` was asked).
    public var labels: IndexTensor?
    public var classNames: [String]
    /// Numeric targets [rows, 1], when the target column is numeric and not read as classes.
    public var targets: Tensor?

    public var rowCount: Int { features.shape[0] }

    /// Reads `url`; `target` names the target column. `asClasses` forces a numeric target
    /// to be read as class labels (e.g. digits 0-9).
    public static func read(_ url: URL, target: String, asClasses: Bool? = nil, delimiter: Character = ",") throws -> CSVTable {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw DataError.unreadableData(file: url.path, message: "\(error.localizedDescription); check the path")
        }
        return try parse(text, target: target, asClasses: asClasses, delimiter: delimiter, file: url.path)
    }

    public static func parse(_ text: String, target: String, asClasses: Bool? = nil, delimiter: Character = ",",
                             file: String = "<text>") throws -> CSVTable {
        var lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw DataError.unreadableData(file: file, message: "the file is empty; it needs a header row") }
        let header = lines.removeFirst().split(separator: delimiter, omittingEmptySubsequences: false).map { unquote($0) }
        guard let targetIndex = header.firstIndex(of: target) else {
            throw DataError.unreadableData(file: file, message: "no column named '\(target)'; columns: \(header.joined(separator: ", "))")
        }
        guard !lines.isEmpty else { throw DataError.unreadableData(file: file, message: "the file has a header but no rows") }
        let featureNames = header.enumerated().filter { $0.offset != targetIndex }.map(\.element)
        var values = [Float]()
        values.reserveCapacity(lines.count * featureNames.count)
        var rawTargets = [String]()
        for (i, line) in lines.enumerated() {
            let cells = line.split(separator: delimiter, omittingEmptySubsequences: false).map { unquote($0) }
            guard cells.count == header.count else {
                throw DataError.unreadableData(file: file, message: "line \(i + 2) has \(cells.count) cells, the header has \(header.count)")
            }
            for (c, cell) in cells.enumerated() {
                if c == targetIndex { rawTargets.append(cell); continue }
                guard let v = Float(cell), v.isFinite else {
                    throw DataError.unreadableData(file: file, message: "line \(i + 2), column '\(header[c])': '\(cell)' is not a finite number; features must be numeric")
                }
                values.append(v)
            }
        }
        let features = try Tensor(shape: [lines.count, featureNames.count], scalars: values)
        let numeric = rawTargets.compactMap { Float($0) }
        let categorical = asClasses ?? (numeric.count != rawTargets.count)
        var table = CSVTable(featureNames: featureNames, features: features, targetName: target,
                             labels: nil, classNames: [], targets: nil)
        if categorical {
            let names = Array(Set(rawTargets)).sorted { a, b in
                if let x = Double(a), let y = Double(b) { return x < y }
                return a < b
            }
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
            table.classNames = names
            table.labels = IndexTensor(rawTargets.map { index[$0]! })
        } else {
            table.targets = try Tensor(shape: [numeric.count, 1], scalars: numeric)
        }
        return table
    }

    static func unquote(_ s: Substring) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, t.first == "\"", t.last == "\"" { return String(t.dropFirst().dropLast()) }
        return t
    }
}
