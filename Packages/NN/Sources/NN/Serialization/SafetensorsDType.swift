/// The element types of a safetensors file that Facet reads and writes.
///
/// Raw values are the spellings of the safetensors header (`"F32"`, `"I8"`, ...).
/// The 8-bit float formats (`F8_E4M3`, `F8_E5M2`) and sub-byte types of newer
/// safetensors versions are not here on purpose: a file holding one is rejected with a
/// message naming the tensor, instead of being read as something it is not.
public enum SafetensorsDType: String, Sendable, CaseIterable, CustomStringConvertible {
    case bool = "BOOL"
    case uint8 = "U8"
    case int8 = "I8"
    case int16 = "I16"
    case uint16 = "U16"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case int32 = "I32"
    case uint32 = "U32"
    case float32 = "F32"
    case float64 = "F64"
    case int64 = "I64"
    case uint64 = "U64"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .int16, .uint16, .float16, .bfloat16: return 2
        case .int32, .uint32, .float32: return 4
        case .float64, .int64, .uint64: return 8
        }
    }

    /// Whether elements are integers (or booleans), which `SafetensorsEntry.integers()` can return exactly.
    public var isInteger: Bool {
        switch self {
        case .float16, .bfloat16, .float32, .float64: return false
        default: return true
        }
    }

    public var description: String { rawValue }

    /// Every dtype name, for messages that list what is accepted.
    static let supportedNames = allCases.map(\.rawValue).joined(separator: ", ")

    /// Dtypes the safetensors format defines but Facet does not convert, so an error
    /// can say "not supported" rather than "unknown".
    static let knownUnsupportedNames: Set<String> = ["F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64"]
}
