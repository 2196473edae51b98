import Foundation

/// Parses and validates a whole safetensors file held in memory.
///
/// Layout: 8-byte little-endian header length N, N bytes of JSON header, then the data
/// buffer. Everything the header claims is checked against the bytes actually present
/// before any tensor is made, so a forged header cannot cause a huge allocation, an
/// out-of-bounds read or an overflow trap; every failure is a `SafetensorsError`.
/// Like the reference implementation, tensors must tile the data buffer exactly:
/// no overlaps, no unused bytes between or after them.
enum SafetensorsReader {
    /// The reference implementation's bound; real headers are kilobytes.
    static let maxHeaderLength = 100_000_000

    static func parse(_ data: Data, source: String) throws -> (entries: [String: SafetensorsEntry], metadata: [String: String]) {
        func fail(_ kind: SafetensorsError.Kind, _ tensor: String?, _ message: String) -> SafetensorsError {
            SafetensorsError(kind, file: source, tensor: tensor, message)
        }
        let damaged = "the file is damaged or not a safetensors file; re-download or re-save it"

        guard data.count >= 8 else {
            throw fail(.truncated, nil, "the file holds \(data.count) bytes, fewer than the 8-byte header length that starts every safetensors file; it is empty or was cut short: re-download or re-save it")
        }
        let rawLength = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard rawLength <= UInt64(maxHeaderLength) else {
            throw fail(.headerLength, nil, "the header length field says \(rawLength) bytes, more than the \(maxHeaderLength)-byte limit; \(damaged)")
        }
        let headerLength = Int(rawLength)
        guard headerLength <= data.count - 8 else {
            throw fail(.headerLength, nil, "the header length field says \(headerLength) bytes but only \(data.count - 8) bytes follow it; the file was cut short or is not a safetensors file: re-download or re-save it")
        }
        let bufferStart = 8 + headerLength
        let bufferLength = data.count - bufferStart

        let header: HeaderJSON = try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> HeaderJSON in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[8..<bufferStart])
            guard String(bytes: bytes, encoding: .utf8) != nil else {
                throw fail(.headerNotJSON, nil, "the header is not UTF-8 text; \(damaged)")
            }
            do throws(HeaderJSONSyntaxError) {
                return try HeaderJSON.parse(bytes)
            } catch {
                throw fail(.headerNotJSON, nil, "the header is not valid JSON (at byte \(error.offset) of the header: \(error.message)); \(damaged)")
            }
        }
        guard case .object(let members) = header else {
            throw fail(.headerNotObject, nil, "the header is \(header.kindName), not a JSON object mapping tensor names to {dtype, shape, data_offsets}; \(damaged)")
        }

        var metadata: [String: String] = [:]
        var infos: [(name: String, dtype: SafetensorsDType, shape: [Int], count: Int, begin: Int, end: Int)] = []
        var seen = Set<String>()
        infos.reserveCapacity(members.count)
        for (name, value) in members {
            guard seen.insert(name).inserted else {
                throw fail(.duplicateName, name, "the header lists this name twice; \(damaged)")
            }
            if name == "__metadata__" {
                metadata = try parseMetadata(value, fail: fail)
                continue
            }
            let info = try parseEntry(name, value, bufferLength: bufferLength, fail: fail)
            infos.append((name, info.dtype, info.shape, info.count, info.begin, info.end))
        }

        // Tensors must tile the buffer: sort by position and walk it.
        let ordered = infos.indices.sorted { (infos[$0].begin, infos[$0].end) < (infos[$1].begin, infos[$1].end) }
        var position = 0
        var previous: Int?
        for i in ordered {
            let t = infos[i]
            if t.begin < position, let p = previous {
                throw fail(.overlap, t.name, "its bytes [\(t.begin), \(t.end)) overlap those of tensor '\(infos[p].name)' [\(infos[p].begin), \(infos[p].end)); the header is damaged: re-download or re-save the file")
            }
            if t.begin > position {
                throw fail(.gap, t.name, "bytes [\(position), \(t.begin)) of the data buffer before this tensor belong to no tensor; the reference safetensors reader rejects such files: re-save it with a safetensors writer")
            }
            position = t.end
            previous = i
        }
        if position < bufferLength {
            throw fail(.gap, nil, "the last \(bufferLength - position) bytes of the data buffer belong to no tensor; the file has trailing bytes or a damaged header: re-download or re-save it")
        }

        var entries: [String: SafetensorsEntry] = [:]
        entries.reserveCapacity(infos.count)
        let base = data.startIndex + bufferStart
        for t in infos {
            entries[t.name] = SafetensorsEntry(dtype: t.dtype, shape: t.shape, elementCount: t.count,
                                               validatedBytes: data[(base + t.begin)..<(base + t.end)])
        }
        return (entries, metadata)
    }

    private static func parseMetadata(_ value: HeaderJSON, fail: (SafetensorsError.Kind, String?, String) -> SafetensorsError) throws -> [String: String] {
        if case .null = value { return [:] }
        guard case .object(let pairs) = value else {
            throw fail(.invalidMetadata, nil, "__metadata__ is \(value.kindName), not an object of strings; the file is damaged or was written by a tool that breaks the format: re-save it")
        }
        var out: [String: String] = [:]
        for (key, v) in pairs {
            guard case .string(let s) = v else {
                throw fail(.invalidMetadata, nil, "__metadata__ key '\(key)' is \(v.kindName), but metadata values must be strings; re-save the file with string values (e.g. numbers as their decimal text)")
            }
            guard out.updateValue(s, forKey: key) == nil else {
                throw fail(.invalidMetadata, nil, "__metadata__ lists key '\(key)' twice; the file is damaged: re-save it")
            }
        }
        return out
    }

    private static func parseEntry(_ name: String, _ value: HeaderJSON, bufferLength: Int,
                                   fail: (SafetensorsError.Kind, String?, String) -> SafetensorsError)
        throws -> (dtype: SafetensorsDType, shape: [Int], count: Int, begin: Int, end: Int) {
        let damaged = "the header is damaged: re-download or re-save the file"
        guard case .object(let fields) = value else {
            throw fail(.invalidEntry, name, "the entry is \(value.kindName), not an object with dtype, shape and data_offsets; \(damaged)")
        }
        func field(_ key: String) throws -> HeaderJSON {
            guard let v = fields.first(where: { $0.key == key })?.value else {
                throw fail(.invalidEntry, name, "the entry has no \"\(key)\"; every tensor needs dtype, shape and data_offsets; \(damaged)")
            }
            return v
        }

        let dtypeField = try field("dtype")
        guard case .string(let dtypeName) = dtypeField else {
            throw fail(.invalidEntry, name, "dtype is \(dtypeField.kindName), not a string such as \"F32\"; \(damaged)")
        }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            if SafetensorsDType.knownUnsupportedNames.contains(dtypeName) {
                throw fail(.unknownDType, name, "dtype \(dtypeName) is a safetensors type Facet does not read (it reads \(SafetensorsDType.supportedNames)); convert the tensor to F16 or F32 before saving")
            }
            throw fail(.unknownDType, name, "unknown dtype \"\(dtypeName)\" (Facet reads \(SafetensorsDType.supportedNames)); the header is damaged or from a tool that breaks the format")
        }

        let shapeField = try field("shape")
        guard case .array(let dims) = shapeField else {
            throw fail(.invalidEntry, name, "shape is \(shapeField.kindName), not an array of dimensions; \(damaged)")
        }
        var shape: [Int] = []
        shape.reserveCapacity(dims.count)
        for (axis, d) in dims.enumerated() {
            switch integer(d) {
            case .success(let v) where v >= 0: shape.append(v)
            case .success(let v): throw fail(.invalidShape, name, "dimension \(axis) of the shape is \(v), a negative size; \(damaged)")
            case .failure(let why): throw fail(.invalidShape, name, "dimension \(axis) of the shape is \(why); \(damaged)")
            }
        }
        guard let count = SafetensorsEntry.elementCount(of: shape) else {
            throw fail(.invalidShape, name, "shape \(shape) has more elements than Int can count; \(damaged)")
        }
        let (byteSize, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow else {
            throw fail(.invalidShape, name, "shape \(shape) of \(dtype) needs more bytes than Int can count; \(damaged)")
        }

        let offsetsField = try field("data_offsets")
        guard case .array(let offsets) = offsetsField, offsets.count == 2 else {
            let what = if case .array(let a) = offsetsField { "an array of \(a.count) values" } else { offsetsField.kindName }
            throw fail(.invalidOffsets, name, "data_offsets is \(what), not [begin, end], two byte offsets; \(damaged)")
        }
        var bounds: [Int] = []
        for (which, o) in zip(["begin", "end"], offsets) {
            switch integer(o) {
            case .success(let v) where v >= 0: bounds.append(v)
            case .success(let v): throw fail(.invalidOffsets, name, "data_offsets \(which) is \(v), a negative offset; \(damaged)")
            case .failure(let why): throw fail(.invalidOffsets, name, "data_offsets \(which) is \(why); \(damaged)")
            }
        }
        let (begin, end) = (bounds[0], bounds[1])
        guard begin <= end else {
            throw fail(.invalidOffsets, name, "data_offsets [\(begin), \(end)] end before they begin; \(damaged)")
        }
        guard end <= bufferLength else {
            throw fail(.invalidOffsets, name, "data_offsets [\(begin), \(end)] reach past the data buffer, which holds \(bufferLength) bytes; the file was cut short or its header is damaged: re-download or re-save it")
        }
        guard end - begin == byteSize else {
            throw fail(.sizeMismatch, name, "data_offsets [\(begin), \(end)] span \(end - begin) bytes but a \(dtype) tensor of shape \(shape) needs \(byteSize) (\(count) elements x \(dtype.byteSize) bytes); \(damaged)")
        }
        return (dtype, shape, count, begin, end)
    }

    /// A JSON integer as Int, or a phrase saying what it is instead ("1.5, not an integer").
    private static func integer(_ value: HeaderJSON) -> Result<Int, IntegerProblem> {
        guard case .number(let literal) = value else { return .failure(IntegerProblem("\(value.kindName), not an integer")) }
        guard !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else {
            return .failure(IntegerProblem("\(literal), not an integer"))
        }
        guard let v = Int(literal) else { return .failure(IntegerProblem("\(literal), too large for a size")) }
        return .success(v)
    }

    private struct IntegerProblem: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}
