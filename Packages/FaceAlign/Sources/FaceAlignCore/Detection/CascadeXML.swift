/// A minimal XML reader for OpenCV's `opencv_storage` files.
///
/// Hand-written because Foundation's `XMLParser` lives in FoundationXML on Linux,
/// which pulls libxml2 into every user of FaceAlignCore. Cascade files use a small
/// subset of XML: elements, attributes, text, comments, a prolog. That subset is
/// read here; DOCTYPE, CDATA and processing instructions other than the prolog are
/// refused rather than guessed at.
struct CascadeXMLElement: Sendable {
    var name: String
    var attributes: [String: String] = [:]
    var children: [CascadeXMLElement] = []
    /// The element's own text (children's text excluded), entities decoded.
    var text: String = ""
    /// 1-based line of the opening tag, for error messages.
    var line: Int

    func child(_ name: String) -> CascadeXMLElement? { children.first { $0.name == name } }
}

enum CascadeXML {
    /// Parses `bytes` into the document's root element.
    static func parse(_ bytes: [UInt8], source: String) throws -> CascadeXMLElement {
        var reader = Reader(bytes: bytes, source: source)
        return try reader.document()
    }

    private struct Reader {
        let bytes: [UInt8]
        let source: String
        var i = 0
        var line = 1

        init(bytes: [UInt8], source: String) {
            self.bytes = bytes
            self.source = source
        }

        func fail(_ message: String) -> CascadeError {
            .malformedXML(source: source, line: line, message: message)
        }

        mutating func document() throws -> CascadeXMLElement {
            // A UTF-8 byte-order mark is harmless; skip it.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
            var root: CascadeXMLElement?
            while true {
                skipWhitespace()
                if i >= bytes.count { break }
                if has("<?") {
                    try skip(past: "?>", what: "the XML declaration")
                } else if has("<!--") {
                    try skip(past: "-->", what: "a comment")
                } else if has("<!") {
                    throw fail("DOCTYPE and other declarations are not supported in cascade files")
                } else if bytes[i] == UInt8(ascii: "<") {
                    guard root == nil else { throw fail("a second top-level element; an XML file has exactly one root") }
                    root = try element()
                } else {
                    throw fail("text outside the root element")
                }
            }
            guard let root else { throw fail("no root element; the file is empty or is not XML") }
            return root
        }

        /// Reads one element; `i` is at its `<`.
        mutating func element() throws -> CascadeXMLElement {
            let startLine = line
            i += 1
            var node = CascadeXMLElement(name: try name(), line: startLine)
            // Attributes until `>` or `/>`.
            while true {
                skipWhitespace()
                guard i < bytes.count else { throw fail("end of file inside the tag <\(node.name)>; the file is truncated") }
                if bytes[i] == UInt8(ascii: "/") {
                    guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: ">") else { throw fail("'/' not followed by '>' in <\(node.name)>") }
                    i += 2
                    return node
                }
                if bytes[i] == UInt8(ascii: ">") { i += 1; break }
                let key = try name()
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { throw fail("attribute \(key) of <\(node.name)> has no '='") }
                i += 1
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
                    throw fail("attribute \(key) of <\(node.name)> has an unquoted value")
                }
                let quote = bytes[i]
                i += 1
                let start = i
                while i < bytes.count, bytes[i] != quote { advance() }
                guard i < bytes.count else { throw fail("end of file inside attribute \(key) of <\(node.name)>; the file is truncated") }
                node.attributes[key] = try decodeText(bytes[start..<i])
                i += 1
            }
            // Content until the matching end tag.
            var text: [UInt8] = []
            while true {
                guard i < bytes.count else { throw fail("end of file before </\(node.name)> (opened on line \(startLine)); the file is truncated") }
                if bytes[i] != UInt8(ascii: "<") {
                    text.append(bytes[i])
                    advance()
                } else if has("</") {
                    i += 2
                    let closing = try name()
                    guard closing == node.name else {
                        throw fail("</\(closing)> closes <\(node.name)> opened on line \(startLine)")
                    }
                    skipWhitespace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { throw fail("end tag </\(closing)> is not closed by '>'") }
                    i += 1
                    node.text = try decodeText(text[...])
                    return node
                } else if has("<!--") {
                    try skip(past: "-->", what: "a comment")
                } else if has("<!") || has("<?") {
                    throw fail("CDATA sections and processing instructions are not supported inside <\(node.name)>")
                } else {
                    node.children.append(try element())
                }
            }
        }

        mutating func name() throws -> String {
            let start = i
            while i < bytes.count, isNameByte(bytes[i]) { i += 1 }
            guard i > start else {
                let found = i < bytes.count ? "'\(Character(Unicode.Scalar(bytes[i])))'" : "end of file"
                throw fail("expected a tag or attribute name, found \(found)")
            }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        func isNameByte(_ b: UInt8) -> Bool {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
                 UInt8(ascii: "."), UInt8(ascii: ":"): return true
            default: return b >= 0x80
            }
        }

        func decodeText(_ raw: ArraySlice<UInt8>) throws -> String {
            let s = String(decoding: raw, as: UTF8.self)
            guard s.contains("&") else { return s }
            var out = ""
            var rest = Substring(s)
            while let amp = rest.firstIndex(of: "&") {
                out += rest[..<amp]
                guard let semi = rest[amp...].firstIndex(of: ";") else { throw fail("'&' without a closing ';'") }
                let entity = rest[rest.index(after: amp)..<semi]
                switch entity {
                case "lt": out += "<"
                case "gt": out += ">"
                case "amp": out += "&"
                case "quot": out += "\""
                case "apos": out += "'"
                default:
                    if entity.hasPrefix("#x"), let v = UInt32(entity.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) {
                        out.unicodeScalars.append(u)
                    } else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) {
                        out.unicodeScalars.append(u)
                    } else {
                        throw fail("unknown entity &\(entity);")
                    }
                }
                rest = rest[rest.index(after: semi)...]
            }
            return out + rest
        }

        func has(_ prefix: StaticString) -> Bool {
            let n = prefix.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            return prefix.withUTF8Buffer { p in
                for k in 0..<n where bytes[i + k] != p[k] { return false }
                return true
            }
        }

        mutating func skip(past end: StaticString, what: String) throws {
            let startLine = line
            while i < bytes.count {
                if has(end) { i += end.utf8CodeUnitCount; return }
                advance()
            }
            throw fail("\(what) opened on line \(startLine) is never closed; the file is truncated")
        }

        mutating func skipWhitespace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { advance() }
        }

        mutating func advance() {
            if bytes[i] == 0x0A { line += 1 }
            i += 1
        }
    }
}
