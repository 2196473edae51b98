import Foundation
import Imaging
import Tensor
import XCTest

/// Tensor's seeded generator with byte helpers: test images are the same on every run.
struct SeededBytes {
    var base: RandomGenerator
    init(seed: UInt64) { base = RandomGenerator(seed: seed) }
    mutating func next() -> UInt64 { base.next() }
    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) } }
    mutating func unit() -> Float { Float(next() >> 40) / Float(1 << 24) }
}

/// A pattern with smooth gradients, edges and noise in every channel: it
/// exercises every sample value range without being pure noise.
func patternImage(width: Int, height: Int, channels: Int, bitDepth: Int, seed: UInt64 = 1) -> PixelImage {
    var rng = SeededBytes(seed: seed)
    let top = bitDepth == 8 ? 255 : 65535
    var image = try! PixelImage(width: width, height: height, channels: channels, bitDepth: bitDepth)
    for y in 0..<height {
        for x in 0..<width {
            for c in 0..<channels {
                let smooth = Double(x * (c + 1) + y * (3 - c % 3)) / Double(width + height) / 3
                let edge = (x / 7 + y / 5 + c) % 2 == 0 ? 0.2 : 0
                let noise = Double(rng.next() % 1000) / 1000 * 0.1
                let v = (smooth + edge + noise).truncatingRemainder(dividingBy: 1)
                image.setSample(x: x, y: y, channel: c, value: Int(v * Double(top)))
            }
        }
    }
    return image
}

/// A photo-like image: smooth shading, soft blobs and mild sensor noise (what
/// JPEG is designed for; sharp synthetic patterns would measure chroma subsampling).
func smoothImage(width: Int, height: Int, channels: Int, seed: UInt64 = 1) -> PixelImage {
    var rng = SeededBytes(seed: seed)
    var image = try! PixelImage(width: width, height: height, channels: channels, bitDepth: 8)
    for y in 0..<height {
        for x in 0..<width {
            let (u, v) = (Double(x) / Double(width), Double(y) / Double(height))
            for c in 0..<channels {
                let shade = 0.5 + 0.25 * sin(6 * u + Double(c)) * cos(4 * v - Double(c))
                let blob = 0.2 * exp(-((u - 0.4) * (u - 0.4) + (v - 0.6) * (v - 0.6)) * 30)
                let noise = (Double(rng.next() % 1000) / 1000 - 0.5) * 0.02
                image.setSample(x: x, y: y, channel: c, value: Int((shade + blob + noise) * 255))
            }
        }
    }
    return image
}

/// A fresh directory under the system's temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("facet-imaging-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A tensor of the given shape filled by `f(flat index)`.
func tensor(_ shape: [Int], _ f: (Int) -> Float) -> Tensor {
    try! Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map(f))
}

func assertClose(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "lengths differ", file: file, line: line)
    for (i, (x, y)) in zip(a, b).enumerated() where !(abs(x - y) <= tolerance) {
        XCTFail("element \(i): \(x) vs \(y) (tolerance \(tolerance))", file: file, line: line)
        return
    }
}

/// Asserts that `body` throws an `ImageError` and returns it.
@discardableResult
func assertImageError<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> ImageError? {
    do {
        _ = try body()
        XCTFail("expected an ImageError, got a result", file: file, line: line)
    } catch let error as ImageError {
        XCTAssertFalse(error.description.isEmpty, file: file, line: line)
        return error
    } catch {
        XCTFail("expected an ImageError, got \(error)", file: file, line: line)
    }
    return nil
}

/// The CRC-32 of PNG chunks (ISO 3309), for crafting valid-looking headers.
func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes {
        crc ^= UInt32(b)
        for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
    }
    return ~crc
}

func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 255), UInt8((v >> 8) & 255), UInt8(v & 255)] }

func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let body = Array(type.utf8) + data
    return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
}
