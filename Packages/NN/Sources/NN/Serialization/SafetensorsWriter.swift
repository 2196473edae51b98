import Foundation

/// Lays out a safetensors file: header length, JSON header, data buffer.
///
/// The output is deterministic, so the same state always gives the same bytes (and the
/// same checksum): header keys are sorted (`__metadata__` first), metadata keys too.
/// Tensors are placed in the buffer by element size, largest first, then by name, which
/// keeps every tensor aligned to its element size (the reference writer does the same);
/// the header is padded with spaces to a multiple of 8 so the buffer starts 8-aligned.
enum SafetensorsWriter {
    static func serialize(entries: [String: SafetensorsEntry], metadata: [String: String]) throws -> Data {
        if entries["__metadata__"] != nil {
            throw SafetensorsError(.invalidArgument, file: "", tensor: "__metadata__",
                                   "'__metadata__' is reserved for the file's metadata; rename the tensor")
        }
        let placement = entries.keys.sorted { a, b in
            let (sa, sb) = (entries[a]!.dtype.byteSize, entries[b]!.dtype.byteSize)
            return sa != sb ? sa > sb : a < b
        }
        var offsets: [String: (begin: Int, end: Int)] = [:]
        var total = 0
        for name in placement {
            let size = entries[name]!.byteCount
            offsets[name] = (total, total + size)
            total += size
        }

        var header = "{"
        var first = true
        func separate() { if !first { header += "," }; first = false }
        if !metadata.isEmpty {
            separate()
            header += "\"__metadata__\":{"
            header += metadata.keys.sorted().map { HeaderJSON.quoted($0) + ":" + HeaderJSON.quoted(metadata[$0]!) }.joined(separator: ",")
            header += "}"
        }
        for name in entries.keys.sorted() {
            let e = entries[name]!, o = offsets[name]!
            separate()
            header += HeaderJSON.quoted(name)
            header += ":{\"dtype\":\"\(e.dtype.rawValue)\",\"shape\":[\(e.shape.map(String.init).joined(separator: ","))],"
            header += "\"data_offsets\":[\(o.begin),\(o.end)]}"
        }
        header += "}"
        var headerBytes = Array(header.utf8)
        headerBytes += repeatElement(UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8)
        guard headerBytes.count <= SafetensorsReader.maxHeaderLength else {
            throw SafetensorsError(.invalidArgument, file: "", tensor: nil,
                                   "the header would be \(headerBytes.count) bytes, over the \(SafetensorsReader.maxHeaderLength)-byte limit readers enforce; use shorter names or metadata, or split the tensors over several files")
        }

        let bufferStart = 8 + headerBytes.count
        var data = Data(count: bufferStart + total)
        data.withUnsafeMutableBytes { out in
            out.storeBytes(of: UInt64(headerBytes.count).littleEndian, as: UInt64.self)
            headerBytes.withUnsafeBytes { out.baseAddress!.advanced(by: 8).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            for name in placement {
                let o = offsets[name]!
                guard o.end > o.begin else { continue }
                entries[name]!.withUnsafeBytes { src in
                    out.baseAddress!.advanced(by: bufferStart + o.begin).copyMemory(from: src.baseAddress!, byteCount: src.count)
                }
            }
        }
        return data
    }
}
