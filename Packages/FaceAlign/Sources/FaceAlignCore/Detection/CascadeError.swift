/// Errors from reading a cascade file or running a face detector. Each message
/// says what was wrong and what to do about it.
public enum CascadeError: Error, Equatable, CustomStringConvertible {
    /// The file is not well-formed XML (truncated, hand-edited, not XML at all).
    case malformedXML(source: String, line: Int, message: String)
    /// Well-formed XML that is not a cascade this reader understands, or one
    /// whose numbers do not hold together.
    case invalidCascade(source: String, message: String)
    /// A valid cascade using something this evaluator does not implement.
    case unsupported(source: String, message: String)
    /// The file could not be read.
    case file(path: String, message: String)
    /// The cascade bundled with FaceAlignCore is missing from its resource bundle.
    case missingResource(name: String)
    /// A bad detector setting or input image.
    case invalidArgument(op: String, message: String)

    public var description: String {
        switch self {
        case .malformedXML(let source, let line, let message):
            return "\(source), line \(line): not a well-formed XML file: \(message); "
                + "use an unmodified OpenCV cascade file (e.g. haarcascade_frontalface_default.xml)"
        case .invalidCascade(let source, let message):
            return "\(source): not a valid OpenCV cascade: \(message); use an OpenCV 2.4+ cascade file "
                + "(<cascade type_id=\"opencv-cascade-classifier\">), e.g. from opencv/data/haarcascades"
        case .unsupported(let source, let message):
            return "\(source): \(message)"
        case .file(let path, let message):
            return "\(path): \(message)"
        case .missingResource(let name):
            return "the bundled cascade \(name) is missing from FaceAlignCore's resources; rebuild the package, "
                + "or load a cascade file with ViolaJonesDetector(contentsOf:)"
        case .invalidArgument(let op, let message):
            return "\(op): \(message)"
        }
    }
}
