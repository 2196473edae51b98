/// Errors of data sets, loaders and splits: what was wrong and what to do about it.
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// A sample index outside the data set.
    case indexOutOfRange(index: Int, count: Int)
    /// Samples of one batch that cannot be stacked (different shapes, labels on some only).
    case inconsistentSamples(index: Int, message: String)
    /// A loader, split or data set argument that cannot work.
    case invalidArgument(String)
    /// A bundled or user-given data file that is missing or damaged.
    case unreadableData(file: String, message: String)

    public var description: String {
        switch self {
        case .indexOutOfRange(let index, let count):
            return "sample index \(index) is outside the data set (valid: 0..<\(count)); were the indices made for another data set?"
        case .inconsistentSamples(let index, let message):
            return "sample \(index) does not fit its batch: \(message); make every sample of a data set the same shape, or use batch size 1"
        case .invalidArgument(let message):
            return message
        case .unreadableData(let file, let message):
            return "cannot read \(file): \(message)"
        }
    }
}
