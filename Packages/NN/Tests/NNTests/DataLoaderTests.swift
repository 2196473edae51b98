import Tensor
import XCTest
@testable import NN

/// Sample `i` has input `[i, -i]`, label `i % 3`; reading `failing` throws.
private struct Counting: Dataset {
    var count: Int
    var failing: Int? = nil

    struct Unreadable: Error, Equatable { let index: Int }

    func sample(at index: Int) throws -> Sample {
        if index == failing { throw Unreadable(index: index) }
        return Sample(input: Tensor([Float(index), -Float(index)]), label: index % 3)
    }
}

final class DataLoaderTests: XCTestCase {
    private func epoch(_ loader: DataLoader, _ e: Int, from start: Int = 0) throws -> [Batch] {
        let it = try loader.batches(epoch: e, startingAt: start)
        var out: [Batch] = []
        while let b = try it.next() { out.append(b) }
        return out
    }

    func testEveryIndexOncePerEpochWithConsistentContents() throws {
        let loader = try DataLoader(Counting(count: 103), batchSize: 10, seed: 5)
        XCTAssertEqual(loader.batchesPerEpoch, 11)
        for e in 0..<3 {
            let batches = try epoch(loader, e)
            XCTAssertEqual(batches.map(\.count), Array(repeating: 10, count: 10) + [3])
            XCTAssertEqual(batches.flatMap(\.indices).sorted(), Array(0..<103))
            for b in batches {
                XCTAssertEqual(b.inputs.shape, [b.count, 2])
                XCTAssertEqual(b.inputs.scalars, b.indices.flatMap { [Float($0), -Float($0)] })
                XCTAssertEqual(b.labels, IndexTensor(b.indices.map { $0 % 3 }))
                XCTAssertNil(b.targets)
            }
        }
    }

    func testSameSeedSameOrderOtherEpochOrSeedOtherOrder() throws {
        let data = Counting(count: 50)
        let a = try DataLoader(data, batchSize: 8, seed: 1)
        let b = try DataLoader(data, batchSize: 8, seed: 1)
        let c = try DataLoader(data, batchSize: 8, seed: 2)
        XCTAssertEqual(try epoch(a, 0).flatMap(\.indices), try epoch(b, 0).flatMap(\.indices))
        XCTAssertNotEqual(try epoch(a, 0).flatMap(\.indices), try epoch(a, 1).flatMap(\.indices))
        XCTAssertNotEqual(try epoch(a, 0).flatMap(\.indices), try epoch(c, 0).flatMap(\.indices))
        XCTAssertNotEqual(a.order(epoch: 0), Array(0..<50), "shuffling is on by default")
    }

    func testEpochOrderDoesNotDependOnEarlierEpochs() throws {
        let data = Counting(count: 40)
        let fresh = try DataLoader(data, batchSize: 7, seed: 9)
        let expected = try epoch(fresh, 4)
        let used = try DataLoader(data, batchSize: 7, seed: 9)
        for e in 0..<4 { _ = try epoch(used, e) }
        XCTAssertEqual(try epoch(used, 4), expected)
        XCTAssertEqual(fresh.order(epoch: 4), expected.flatMap(\.indices))
    }

    func testStartingAtBatchKGivesTheTailOfTheEpoch() throws {
        let loader = try DataLoader(Counting(count: 45), batchSize: 6, seed: 3)
        let full = try epoch(loader, 2)
        for k in [0, 1, 5, full.count] {
            let it = try loader.batches(epoch: 2, startingAt: k)
            XCTAssertEqual(it.nextBatchIndex, k)
            var tail: [Batch] = []
            while let b = try it.next() { tail.append(b) }
            XCTAssertEqual(tail, Array(full[k...]))
            XCTAssertEqual(it.nextBatchIndex, full.count)
        }
        XCTAssertThrowsError(try loader.batches(epoch: 2, startingAt: full.count + 1))
        XCTAssertThrowsError(try loader.batches(epoch: -1))
    }

    func testDropLastAndNoShuffle() throws {
        let loader = try DataLoader(Counting(count: 23), batchSize: 5, shuffle: false, dropLast: true)
        XCTAssertEqual(loader.batchesPerEpoch, 4)
        let batches = try epoch(loader, 3)
        XCTAssertEqual(batches.map(\.count), [5, 5, 5, 5])
        XCTAssertEqual(batches.flatMap(\.indices), Array(0..<20))
        let tooBig = try DataLoader(Counting(count: 3), batchSize: 5, dropLast: true)
        XCTAssertEqual(try epoch(tooBig, 0).count, 0)
    }

    func testPrefetchYieldsTheSameBatchesAsNoPrefetch() throws {
        var rng = RandomGenerator(seed: 4)
        let x = rng.normal([97, 3, 4, 4])
        let data = try TensorDataset(inputs: x, labels: IndexTensor((0..<97).map { $0 % 10 }),
                                     targets: try x.reshaped([97, 48]))
        for depth in [1, 2, 5] {
            let sync = try DataLoader(data, batchSize: 16, seed: 11, prefetch: 0)
            let ahead = try DataLoader(data, batchSize: 16, seed: 11, prefetch: depth)
            for e in 0..<2 {
                let s = try epoch(sync, e)
                XCTAssertEqual(s.count, 7)
                XCTAssertEqual(try epoch(ahead, e), s)
                XCTAssertEqual(s[0].inputs, try x.indexSelect(alongAxis: 0, s[0].indices))
            }
        }
    }

    func testSampleErrorSurfacesAsThrownError() throws {
        for prefetch in [0, 2] {
            let loader = try DataLoader(Counting(count: 30, failing: 17), batchSize: 4, shuffle: false, prefetch: prefetch)
            let it = try loader.batches(epoch: 0)
            var seen = 0
            do {
                while try it.next() != nil { seen += 1 }
                XCTFail("the unreadable sample was not reported")
            } catch let error as Counting.Unreadable {
                XCTAssertEqual(error, Counting.Unreadable(index: 17))
            }
            XCTAssertEqual(seen, 4, "batches before the failing one arrive (prefetch \(prefetch))")
            XCTAssertNil(try it.next(), "the epoch ends after an error")
        }
    }

    func testStoppingEarlyShutsTheThreadDown() throws {
        let loader = try DataLoader(Counting(count: 1000), batchSize: 10, prefetch: 2)
        for _ in 0..<20 {
            let it = try loader.batches(epoch: 0)
            _ = try it.next()
            it.close()
            XCTAssertNil(try it.next())
            // Releasing an iterator mid-epoch must not hang or crash either.
            let dropped = try loader.batches(epoch: 1)
            _ = try dropped.next()
        }
    }

    func testAugmentationIsDeterministicPerSampleAndEpoch() throws {
        let noise: Augmentation = { sample, rng in
            sample.input.withUnsafeMutableBufferPointer { p in
                for i in p.indices { p[i] += rng.uniformFloat() }
            }
        }
        let data = Counting(count: 37)
        let run = { (batchSize: Int, prefetch: Int, seed: UInt64, e: Int) throws -> [Int: [Float]] in
            let loader = try DataLoader(data, batchSize: batchSize, seed: seed, prefetch: prefetch, augmentation: noise)
            var byIndex: [Int: [Float]] = [:]
            for b in try self.epoch(loader, e) {
                for (k, i) in b.indices.enumerated() { byIndex[i] = Array(b.inputs.scalars[(2 * k)..<(2 * k + 2)]) }
            }
            return byIndex
        }
        let reference = try run(8, 0, 1, 0)
        XCTAssertEqual(reference.count, 37)
        XCTAssertEqual(try run(8, 3, 1, 0), reference, "prefetching does not change augmentation")
        XCTAssertEqual(try run(5, 2, 1, 0), reference, "batch size does not change augmentation")
        XCTAssertNotEqual(try run(8, 0, 1, 1), reference, "each epoch augments anew")
        XCTAssertNotEqual(try run(8, 0, 2, 0), reference, "the seed changes augmentation")
        let s = reference[6]!
        XCTAssertTrue(s[0] >= 6 && s[0] < 7 && s[1] >= -6 && s[1] < -5, "noise in [0, 1) was added to [6, -6]: \(s)")
    }

    func testInvalidConfigurationAndInconsistentSamplesThrow() throws {
        XCTAssertThrowsError(try DataLoader(Counting(count: 3), batchSize: 0))
        XCTAssertThrowsError(try DataLoader(Counting(count: 3), batchSize: 1, prefetch: -1))
        let reshape: Augmentation = { sample, _ in
            if sample.label == 1 { sample.input = Tensor([1, 2, 3]) }
        }
        let loader = try DataLoader(Counting(count: 6), batchSize: 6, shuffle: false, augmentation: reshape)
        XCTAssertThrowsError(try loader.batches(epoch: 0).next()) { error in
            guard case DataError.inconsistentSamples(let index, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(index, 1)
        }
    }
}
