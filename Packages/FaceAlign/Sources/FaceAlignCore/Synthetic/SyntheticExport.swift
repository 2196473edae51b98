import Foundation
import Dispatch
import Imaging

/// Writes samples of the world as files: `face_000000.png` + `face_000000.pts` (iBUG format,
/// Matlab origin as in 300W) per sample, and `labels.json` with every label of every sample.
public enum SyntheticExport {
    public struct Summary: Sendable {
        public var count: Int
        public var directory: String
        public var seconds: Double
    }

    /// Exports samples `0..<count` of `world` into `directory` (created if missing), rendering
    /// on all cores.
    @discardableResult
    public static func export(world: SyntheticFaceWorld, count: Int, to directory: String) throws -> Summary {
        guard count >= 1 else { throw SyntheticFaceError.invalidConfig("export needs a count of at least 1, got \(count)") }
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SyntheticFaceError.io("cannot create the output directory \(directory) (\(error.localizedDescription)); "
                                        + "choose a writable path")
        }
        let start = Date()
        let slots = ResultSlots<Result<SyntheticFaceLabels, Error>>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let sample = world.sample(at: i)
            let stem = (directory as NSString).appendingPathComponent(String(format: "face_%06d", i))
            do {
                try ImageIO.write(sample.image, to: stem + ".png")
                try PTSFormat.write(sample.labels.shape, to: stem + ".pts")
                slots.set(i, .success(sample.labels))
            } catch {
                slots.set(i, .failure(error))
            }
        }
        var labels: [SyntheticFaceLabels] = []
        for r in slots.values {
            switch r {
            case .success(let l): labels.append(l)
            case .failure(let e): throw SyntheticFaceError.io("writing a sample into \(directory) failed: \(e)")
            case nil: throw SyntheticFaceError.io("a sample was not rendered")
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let manifest = LabelsFile(config: world.config, seed: world.seed, samples: labels)
        let path = (directory as NSString).appendingPathComponent("labels.json")
        do {
            try encoder.encode(manifest).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SyntheticFaceError.io("cannot write \(path) (\(error.localizedDescription))")
        }
        return Summary(count: count, directory: directory, seconds: Date().timeIntervalSince(start))
    }

    /// The layout of `labels.json`.
    public struct LabelsFile: Codable, Sendable {
        public var format = "facet-synthetic-faces/1"
        public var config: SyntheticFaceConfig
        public var seed: UInt64
        public var samples: [SyntheticFaceLabels]
    }
}

/// One slot per work item, each written once by its own item: safe without a lock.
final class ResultSlots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    let count: Int

    init(count: Int) {
        self.count = count
        base = UnsafeMutablePointer<T?>.allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func set(_ i: Int, _ value: T) { base[i] = value }
    var values: [T?] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
