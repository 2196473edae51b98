import Foundation

/// WFLW annotation files (`list_98pt_rect_attr_train.txt`, `..._test.txt`): one face per line,
/// 196 coordinates (x0 y0 … x97 y97), the face box `x_min y_min x_max y_max`, six 0/1 attributes
/// (pose, expression, illumination, make-up, occlusion, blur), the image path relative to
/// `WFLW_images/`. Coordinates are read as they are (continuous pixel coordinates).
public enum WFLWAnnotations {
    /// The attribute names in file order; a sample's tags hold those set to 1.
    public static let attributes = ["pose", "expression", "illumination", "makeup", "occlusion", "blur"]

    /// Parses the text of an annotation file; `path` labels errors, `imagesRoot` prefixes the
    /// image paths. Throws `.malformedFile` naming the line and the field that is wrong.
    public static func parse(_ text: String, path: String = "<wflw>", imagesRoot: String) throws -> [LandmarkSample] {
        var samples: [LandmarkSample] = []
        let fieldCount = 196 + 4 + 6 + 1
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let number = i + 1
            guard fields.count == fieldCount else {
                throw FaceAlignError.malformedFile(
                    path: path, line: number,
                    expected: "\(fieldCount) fields (196 coordinates, 4 box values, 6 attributes, the image path)",
                    found: "\(fields.count) fields: " + String(line.prefix(80)))
            }
            var values = [Float]()
            values.reserveCapacity(200)
            for k in 0..<200 {
                guard let v = Float(fields[k]), v.isFinite else {
                    let what = k < 196 ? "coordinate \(k + 1) of 196" : "box value \(k - 195) of 4"
                    throw FaceAlignError.malformedFile(path: path, line: number, expected: "a number as \(what)",
                                                       found: String(fields[k]))
                }
                values.append(v)
            }
            var tags = Set<String>()
            for (k, name) in attributes.enumerated() {
                switch fields[200 + k] {
                case "0": break
                case "1": tags.insert(name)
                default:
                    throw FaceAlignError.malformedFile(path: path, line: number, expected: "0 or 1 for the \(name) attribute",
                                                       found: String(fields[200 + k]))
                }
            }
            let points = (0..<98).map { SIMD2(values[2 * $0], values[2 * $0 + 1]) }
            let box = FaceBox(x: values[196], y: values[197], width: values[198] - values[196],
                              height: values[199] - values[197], score: 1)
            guard box.width > 0, box.height > 0 else {
                throw FaceAlignError.malformedFile(path: path, line: number, expected: "a box with x_max > x_min and y_max > y_min",
                                                   found: values[196..<200].map { "\($0)" }.joined(separator: " "))
            }
            let image = PTSFolderLoader.join(imagesRoot, String(fields[206]))
            samples.append(LandmarkSample(image: .path(image), shape: Shape(points: points, scheme: .wflw98), box: box, tags: tags))
        }
        guard !samples.isEmpty else {
            throw FaceAlignError.emptyDataset(path: path, reason: "the annotation file lists no face")
        }
        return samples
    }

    /// Reads an annotation file. `imagesRoot` is the `WFLW_images` folder the paths are relative to.
    public static func load(_ path: String, imagesRoot: String) throws -> [LandmarkSample] {
        try parse(PTSFormat.readText(path), path: path, imagesRoot: imagesRoot)
    }
}
