/// Errors from FaceAlignCore's files, data sets, metrics and crops. Each message says what
/// was wrong and what to do about it.
public enum FaceAlignError: Error, Equatable, CustomStringConvertible {
    /// A text annotation file does not follow its format at `line` (1-based).
    case malformedFile(path: String, line: Int, expected: String, found: String)
    /// The file system refused (missing file, permissions).
    case unreadableFile(path: String, reason: String)
    /// An annotation has no image next to it with any of the tried extensions.
    case missingImage(annotation: String, tried: [String])
    /// A data-set split needs sub-folders that are not under the root.
    case missingSplitFolders(root: String, split: String, missing: [String])
    /// A folder or file holds no usable sample.
    case emptyDataset(path: String, reason: String)
    /// A shape of one scheme was given where another was needed.
    case schemeMismatch(op: String, expected: String, got: String)
    /// Two shapes or lists that must pair up have different sizes.
    case countMismatch(op: String, counts: [Int])
    /// The scheme lacks the points a normaliser needs (e.g. inter-ocular on 5 points).
    case normalizerUnavailable(scheme: String, normalizer: String)
    /// The normalising distance is zero or not finite (all points coincide, NaN coordinates).
    case degenerateNormalizer(normalizer: String, value: Float)
    /// A bad argument (a size, a threshold, a probability).
    case invalidArgument(op: String, message: String)

    public var description: String {
        switch self {
        case .malformedFile(let path, let line, let expected, let found):
            return "\(path):\(line): expected \(expected), found \(found.isEmpty ? "an empty line" : "\"\(found)\""); "
                + "fix the file at that line or re-export it"
        case .unreadableFile(let path, let reason):
            return "\(path): \(reason); check that the path exists and is readable"
        case .missingImage(let annotation, let tried):
            return "\(annotation): no image with the same name and extension \(tried.joined(separator: ", ")); "
                + "put the image next to its annotation or remove the annotation"
        case .missingSplitFolders(let root, let split, let missing):
            return "\(root): the \(split) split needs the folders \(missing.joined(separator: ", ")) (300W layout); "
                + "point the loader at the 300W root or load with split .all"
        case .emptyDataset(let path, let reason):
            return "\(path): \(reason); check the path and the data-set layout"
        case .schemeMismatch(let op, let expected, let got):
            return "\(op): needs \(expected) shapes, got \(got); derive or convert the shape first"
        case .countMismatch(let op, let counts):
            return "\(op): the inputs must have the same size, got \(counts.map(String.init).joined(separator: " and "))"
        case .normalizerUnavailable(let scheme, let normalizer):
            return "the \(scheme) scheme has no points for the \(normalizer) normaliser; use .boundingBox or a fixed distance"
        case .degenerateNormalizer(let normalizer, let value):
            return "the \(normalizer) distance of the ground truth is \(value); the ground-truth points coincide or are "
                + "not finite, so the error cannot be normalised: check the annotation"
        case .invalidArgument(let op, let message):
            return "\(op): \(message)"
        }
    }
}
