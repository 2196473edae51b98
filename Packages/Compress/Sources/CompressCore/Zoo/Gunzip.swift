import Foundation

/// A small gzip (RFC 1952) / DEFLATE (RFC 1951) decoder, so the bundled MNIST subset needs
/// no zlib module (C modules may only be declared by Tensor). Decodes ~10 MB in well under
/// a second in release builds; checks the CRC-32 and length of the gzip trailer.
enum Gunzip {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func decompress(_ data: [UInt8]) throws -> [UInt8] {
        guard data.count >= 18, data[0] == 0x1f, data[1] == 0x8b, data[2] == 8 else {
            throw Failure(description: "not a gzip (deflate) stream")
        }
        let flags = data[3]
        var pos = 10
        if flags & 4 != 0 {                              // FEXTRA
            guard pos + 2 <= data.count else { throw Failure(description: "truncated gzip header") }
            pos += 2 + Int(data[pos]) + Int(data[pos + 1]) << 8
        }
        if flags & 8 != 0 { while pos < data.count && data[pos] != 0 { pos += 1 }; pos += 1 }   // FNAME
        if flags & 16 != 0 { while pos < data.count && data[pos] != 0 { pos += 1 }; pos += 1 }  // FCOMMENT
        if flags & 2 != 0 { pos += 2 }                   // FHCRC
        guard pos < data.count else { throw Failure(description: "truncated gzip header") }
        var inflater = Inflater(data, start: pos)
        let out = try inflater.run()
        let trailer = (inflater.bytePosition, data.count)
        guard trailer.0 + 8 <= trailer.1 else { throw Failure(description: "truncated gzip trailer") }
        let t = trailer.0
        let crc = UInt32(data[t]) | UInt32(data[t + 1]) << 8 | UInt32(data[t + 2]) << 16 | UInt32(data[t + 3]) << 24
        let size = UInt32(data[t + 4]) | UInt32(data[t + 5]) << 8 | UInt32(data[t + 6]) << 16 | UInt32(data[t + 7]) << 24
        guard size == UInt32(truncatingIfNeeded: out.count), crc == crc32(out) else {
            throw Failure(description: "gzip checksum or length mismatch: the file is damaged")
        }
        return out
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[i] = c
        }
        var crc: UInt32 = 0xFFFF_FFFF
        bytes.withUnsafeBufferPointer { p in
            for b in p { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// Canonical Huffman decoding table: counts per length and symbols by code order.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        init(lengths: [Int]) throws {
            symbols = [Int](repeating: 0, count: lengths.count)
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for l in 1..<16 { offsets[l] = offsets[l - 1] + counts[l - 1] }
            for (s, l) in lengths.enumerated() where l != 0 { symbols[offsets[l]] = s; offsets[l] += 1 }
        }
    }

    struct Inflater {
        let data: [UInt8]
        var pos: Int
        var bitBuffer: UInt32 = 0
        var bitCount = 0
        var out: [UInt8] = []

        init(_ data: [UInt8], start: Int) {
            self.data = data
            pos = start
            out.reserveCapacity(data.count * 10)
        }

        /// The first byte after the deflate stream (stream ends byte-aligned for the trailer).
        var bytePosition: Int { pos - bitCount / 8 }

        mutating func bits(_ n: Int) throws -> Int {
            while bitCount < n {
                guard pos < data.count else { throw Failure(description: "the compressed stream ends early") }
                bitBuffer |= UInt32(data[pos]) << UInt32(bitCount)
                pos += 1
                bitCount += 8
            }
            let v = Int(bitBuffer & ((1 << UInt32(n)) - 1))
            bitBuffer >>= UInt32(n)
            bitCount -= n
            return v
        }

        mutating func decode(_ h: Huffman) throws -> Int {
            var code = 0, first = 0, index = 0
            for len in 1..<16 {
                code |= try bits(1)
                let count = h.counts[len]
                if code - count < first { return h.symbols[index + (code - first)] }
                index += count
                first += count
                first <<= 1
                code <<= 1
            }
            throw Failure(description: "invalid Huffman code in the compressed stream")
        }

        static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
        static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        static let distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
        static let distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

        mutating func run() throws -> [UInt8] {
            var last = 0
            repeat {
                last = try bits(1)
                switch try bits(2) {
                case 0: try stored()
                case 1:
                    let lit = try Huffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
                    let dist = try Huffman(lengths: [Int](repeating: 5, count: 30))
                    try block(lit, dist)
                case 2:
                    let (lit, dist) = try dynamicTables()
                    try block(lit, dist)
                default: throw Failure(description: "invalid deflate block type")
                }
            } while last == 0
            return out
        }

        mutating func stored() throws {
            bitBuffer = 0
            bitCount = 0
            guard pos + 4 <= data.count else { throw Failure(description: "truncated stored block") }
            let len = Int(data[pos]) | Int(data[pos + 1]) << 8
            pos += 4
            guard pos + len <= data.count else { throw Failure(description: "truncated stored block") }
            out.append(contentsOf: data[pos ..< pos + len])
            pos += len
        }

        mutating func dynamicTables() throws -> (Huffman, Huffman) {
            let hlit = try bits(5) + 257, hdist = try bits(5) + 1, hclen = try bits(4) + 4
            let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
            var codeLengths = [Int](repeating: 0, count: 19)
            for i in 0..<hclen { codeLengths[order[i]] = try bits(3) }
            let lengthCode = try Huffman(lengths: codeLengths)
            var lengths: [Int] = []
            while lengths.count < hlit + hdist {
                let sym = try decode(lengthCode)
                switch sym {
                case 0..<16: lengths.append(sym)
                case 16:
                    guard let prev = lengths.last else { throw Failure(description: "repeat with no previous length") }
                    lengths += [Int](repeating: prev, count: 3 + (try bits(2)))
                case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
                default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
                }
            }
            guard lengths.count == hlit + hdist else { throw Failure(description: "code lengths overflow") }
            return (try Huffman(lengths: Array(lengths[0..<hlit])), try Huffman(lengths: Array(lengths[hlit...])))
        }

        mutating func block(_ lit: Huffman, _ dist: Huffman) throws {
            while true {
                let sym = try decode(lit)
                if sym < 256 { out.append(UInt8(sym)); continue }
                if sym == 256 { return }
                let li = sym - 257
                guard li < 29 else { throw Failure(description: "invalid length symbol") }
                let length = Self.lengthBase[li] + (try bits(Self.lengthExtra[li]))
                let di = try decode(dist)
                guard di < 30 else { throw Failure(description: "invalid distance symbol") }
                let distance = Self.distBase[di] + (try bits(Self.distExtra[di]))
                guard distance <= out.count else { throw Failure(description: "distance reaches before the start") }
                let from = out.count - distance
                for k in 0..<length { out.append(out[from + k]) }
            }
        }
    }
}
