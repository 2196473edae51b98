import Foundation

/// iBUG `.pts` landmark files (300W, Menpo, LFPW, HELEN, AFW, iBUG):
///
///     version: 1
///     n_points:  68
///     {
///     x1 y1
///     ...
///     }
///
/// Coordinates in the files follow Matlab's convention (the first pixel's centre is (1, 1));
/// Facet's shapes put it at (0.5, 0.5), so reading subtracts `origin.offset` and writing adds it.
public enum PTSFormat {
    /// Where the file's coordinate origin sits relative to Facet's pixel-edge convention.
    public enum Origin: Sendable, Equatable {
        /// 300W / iBUG files: the first pixel's centre is (1, 1). Read points move by −0.5.
        case matlab
        /// Coordinates already in Facet's convention (first pixel's centre at (0.5, 0.5)).
        case pixelEdge

        var offset: Float { self == .matlab ? 0.5 : 0 }
    }

    /// Parses the text of a `.pts` file; `path` only labels errors. Blank lines and surrounding
    /// spaces are allowed; anything else out of place throws `.malformedFile` naming the line.
    public static func parse(_ text: String, path: String = "<pts>", origin: Origin = .matlab) throws -> [SIMD2<Float>] {
        // Keep line numbers exact: split on every newline, tolerate "\r\n".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var index = 0
        func nextLine() -> (number: Int, text: String)? {
            while index < lines.count {
                let t = lines[index].trimmingCharacters(in: .whitespaces)
                index += 1
                if !t.isEmpty { return (index, t) }
            }
            return nil
        }
        func fail(_ line: Int, _ expected: String, _ found: String) -> FaceAlignError {
            .malformedFile(path: path, line: line, expected: expected, found: found)
        }
        let end = lines.count

        guard let version = nextLine() else { throw fail(end, "\"version: 1\"", "the end of the file") }
        guard let v = headerValue(version.text, key: "version"), v == "1" || v == "1.0" else {
            throw fail(version.number, "\"version: 1\"", version.text)
        }
        guard let header = nextLine() else { throw fail(end, "\"n_points: N\"", "the end of the file") }
        guard let nText = headerValue(header.text, key: "n_points"), let n = Int(nText), n > 0, n <= 100_000 else {
            throw fail(header.number, "\"n_points: N\" with N a positive whole number", header.text)
        }
        guard let open = nextLine() else { throw fail(end, "\"{\"", "the end of the file") }
        guard open.text == "{" else { throw fail(open.number, "\"{\"", open.text) }

        var points: [SIMD2<Float>] = []
        points.reserveCapacity(n)
        while points.count < n {
            guard let line = nextLine() else {
                throw fail(end, "point \(points.count + 1) of \(n) as \"x y\"", "the end of the file")
            }
            if line.text == "}" {
                throw fail(line.number, "point \(points.count + 1) of \(n) as \"x y\" (n_points says \(n), "
                           + "the file lists \(points.count))", line.text)
            }
            let fields = line.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2, let x = Float(fields[0]), let y = Float(fields[1]), x.isFinite, y.isFinite else {
                throw fail(line.number, "point \(points.count + 1) of \(n) as two finite numbers \"x y\"", line.text)
            }
            points.append(SIMD2(x, y) - origin.offset)
        }
        guard let close = nextLine() else { throw fail(end, "\"}\" after \(n) points", "the end of the file") }
        guard close.text == "}" else {
            throw fail(close.number, "\"}\" after \(n) points (n_points says \(n); the file has more)", close.text)
        }
        if let extra = nextLine() { throw fail(extra.number, "the end of the file after \"}\"", extra.text) }
        return points
    }

    /// "key: value" → value, with or without spaces around the colon.
    private static func headerValue(_ line: String, key: String) -> String? {
        let parts = line.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// Reads a `.pts` file as a shape of `scheme`; throws when the point count differs.
    public static func read(_ path: String, scheme: LandmarkScheme = .ibug68, origin: Origin = .matlab) throws -> Shape {
        let points = try parse(readText(path), path: path, origin: origin)
        guard points.count == scheme.count else {
            throw FaceAlignError.malformedFile(path: path, line: 2, expected: "n_points: \(scheme.count) for the "
                                               + "\(scheme.name) scheme (pass the scheme the file uses)",
                                               found: "n_points: \(points.count)")
        }
        return Shape(points: points, scheme: scheme)
    }

    /// The text of a `.pts` file for `points`. Uses the shortest decimal that reads back as the
    /// same Float, so `parse(format(p))` returns `p` exactly up to the origin shift's rounding.
    public static func format(_ points: [SIMD2<Float>], origin: Origin = .matlab) -> String {
        var out = "version: 1\nn_points: \(points.count)\n{\n"
        for p in points {
            let q = p + origin.offset
            out += "\(q.x) \(q.y)\n"
        }
        return out + "}\n"
    }

    /// Writes `shape` as a `.pts` file (atomically: a temporary file, then a rename).
    public static func write(_ shape: Shape, to path: String, origin: Origin = .matlab) throws {
        do {
            try format(shape.points, origin: origin).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw FaceAlignError.unreadableFile(path: path, reason: "could not write the file (\(error.localizedDescription))")
        }
    }

    static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FaceAlignError.unreadableFile(path: path, reason: "the file does not exist or cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw FaceAlignError.unreadableFile(path: path, reason: "the file is not text")
        }
        return text
    }
}
