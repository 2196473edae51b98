/// A safetensors file, header or entry that cannot be read or written.
///
/// `description` names the file, the tensor (when one is at fault), what is wrong and
/// what to do. `kind` lets code and tests tell the failures apart without parsing text.
public struct SafetensorsError: Error, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// Shorter than the 8-byte header length, or than the header it announces.
        case truncated
        /// The header length field is implausible: above the limit or beyond the file.
        case headerLength
        /// The header is not UTF-8 JSON.
        case headerNotJSON
        /// The header is JSON but not an object of entries.
        case headerNotObject
        /// `__metadata__` is not an object of strings.
        case invalidMetadata
        /// An entry is not an object with `dtype`, `shape` and `data_offsets`.
        case invalidEntry
        /// A dtype Facet does not know or does not read.
        case unknownDType
        /// A shape with a negative, fractional or overflowing dimension.
        case invalidShape
        /// `data_offsets` that are not `[begin, end]` inside the data buffer.
        case invalidOffsets
        /// `end - begin` differs from the element count times the dtype size.
        case sizeMismatch
        /// Two tensors share bytes.
        case overlap
        /// Bytes that belong to no tensor (between tensors or after the last).
        case gap
        /// Two entries with one name.
        case duplicateName
        /// A lookup of a name the file does not hold.
        case missingTensor
        /// A typed read or conversion asked of an entry of another dtype.
        case dtypeMismatch
        /// A value the target dtype cannot hold (a fraction or out-of-range number for an integer dtype).
        case unrepresentableValue
        /// Arguments that cannot make a valid entry or file (a reserved name, bytes that do not fit the shape).
        case invalidArgument
    }

    public let kind: Kind
    /// The file the error is about; empty for an entry built in memory.
    public let file: String
    /// The tensor at fault, when there is one.
    public let tensor: String?
    /// What is wrong and what to do.
    public let message: String

    public init(_ kind: Kind, file: String, tensor: String? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.tensor = tensor
        self.message = message
    }

    public var description: String {
        // Entries built in memory have no file; their errors start with "safetensors".
        let place = file.isEmpty ? "safetensors" : "safetensors file \(file)"
        if let tensor { return "\(place), tensor '\(tensor)': \(message)" }
        return "\(place): \(message)"
    }
}
