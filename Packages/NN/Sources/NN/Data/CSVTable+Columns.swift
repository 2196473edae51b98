import Foundation
import Tensor

extension CSVTable {
    /// Reads only the named numeric columns of a CSV file with a header row, in the order
    /// given, as a [rows, columns.count] tensor; other columns (an id, a missing or present
    /// target) are ignored. This is how a model reads new data for prediction: by the column
    /// names it was trained on, whatever the file's column order.
    public static func readColumns(_ url: URL, columns: [String], delimiter: Character = ",") throws -> Tensor {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw DataError.unreadableData(file: url.path, message: "\(error.localizedDescription); check the path")
        }
        return try parseColumns(text, columns: columns, delimiter: delimiter, file: url.path)
    }

    public static func parseColumns(_ text: String, columns: [String], delimiter: Character = ",",
                                    file: String = "<text>") throws -> Tensor {
        var lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw DataError.unreadableData(file: file, message: "the file is empty; it needs a header row") }
        let header = lines.removeFirst().split(separator: delimiter, omittingEmptySubsequences: false).map { unquote($0) }
        let missing = columns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw DataError.unreadableData(file: file, message: "missing column(s) \(missing.joined(separator: ", ")); the model needs \(columns.joined(separator: ", "))")
        }
        guard !lines.isEmpty else { throw DataError.unreadableData(file: file, message: "the file has a header but no rows") }
        let positions = columns.map { header.firstIndex(of: $0)! }
        var values = [Float]()
        values.reserveCapacity(lines.count * columns.count)
        for (i, line) in lines.enumerated() {
            let cells = line.split(separator: delimiter, omittingEmptySubsequences: false)
            guard cells.count == header.count else {
                throw DataError.unreadableData(file: file, message: "line \(i + 2) has \(cells.count) cells, the header has \(header.count)")
            }
            for (c, position) in positions.enumerated() {
                let cell = unquote(cells[position])
                guard let v = Float(cell), v.isFinite else {
                    throw DataError.unreadableData(file: file, message: "line \(i + 2), column '\(columns[c])': '\(cell)' is not a finite number")
                }
                values.append(v)
            }
        }
        return try Tensor(shape: [lines.count, columns.count], scalars: values)
    }
}
