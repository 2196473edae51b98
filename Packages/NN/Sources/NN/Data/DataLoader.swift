import Tensor

/// Changes one sample in place (crop, flip, noise), drawing randomness only from the
/// generator it is given: that generator is derived from (loader seed, epoch, sample
/// index), so a sample gets the same augmentation whichever thread or batch assembles it.
public typealias Augmentation = @Sendable (inout Sample, inout RandomGenerator) throws -> Void

/// Cuts a data set into batches, epoch after epoch, in a seeded order, assembling the next
/// batches on a background thread while the model trains on the current one.
///
/// Epoch `e`'s order is a function of `(seed, e)` alone, not of the epochs before it, and
/// an epoch can start at any batch: a run resumed from a checkpoint taken after batch `k`
/// of epoch `e` sees exactly the batches the uninterrupted run would have seen.
///
/// Swift has no synchronous throwing `Sequence` (`for try` needs an `AsyncSequence`), so
/// batches come from an iterator with a throwing `next()`; the training loop stays
/// synchronous and a sample that fails to load throws at the step that needed it:
///
/// ```swift
/// let loader = try DataLoader(train, batchSize: 64, seed: 42)
/// for epoch in 0..<10 {
///     let batches = try loader.batches(epoch: epoch)
///     while let batch = try batches.next() {
///         // batch.inputs [64, ...], batch.labels [64]
///     }
/// }
/// ```
///
/// Leaving the loop early (`break`, a thrown error) stops the background thread when the
/// iterator is released, or at once with `close()`.
public struct DataLoader: Sendable {
    public let dataset: any Dataset
    public let batchSize: Int
    /// Whether each epoch visits the samples in a fresh seeded order (else `0..<count`).
    public let shuffle: Bool
    public let seed: UInt64
    /// Whether to skip the last batch when it has fewer than `batchSize` samples.
    public let dropLast: Bool
    /// How many batches the background thread may assemble ahead; 0 assembles each batch
    /// on the caller's thread when it is asked for.
    public let prefetch: Int
    public let augmentation: Augmentation?

    public init(_ dataset: any Dataset, batchSize: Int, shuffle: Bool = true, seed: UInt64 = 0,
                dropLast: Bool = false, prefetch: Int = 2, augmentation: Augmentation? = nil) throws {
        guard batchSize > 0 else {
            throw DataError.invalidArgument("DataLoader: batch size must be at least 1, got \(batchSize)")
        }
        guard prefetch >= 0 else {
            throw DataError.invalidArgument("DataLoader: prefetch must be 0 (off) or more batches, got \(prefetch)")
        }
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        self.dropLast = dropLast
        self.prefetch = prefetch
        self.augmentation = augmentation
    }

    /// The number of batches one epoch yields.
    public var batchesPerEpoch: Int {
        let n = dataset.count
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize
    }

    /// The order in which epoch `epoch` visits the data set's indices.
    public func order(epoch: Int) -> [Int] {
        guard shuffle else { return Array(0..<dataset.count) }
        var rng = SeedDerivation.generator(seed, .shuffle, epoch)
        return rng.permutation(dataset.count)
    }

    /// The batches of epoch `epoch` from batch `start` on (0 for a whole epoch; `k` to
    /// resume after a checkpoint taken when batches `0..<k` were done).
    public func batches(epoch: Int, startingAt start: Int = 0) throws -> BatchIterator {
        guard epoch >= 0 else {
            throw DataError.invalidArgument("DataLoader: epoch must not be negative, got \(epoch)")
        }
        guard (0...batchesPerEpoch).contains(start) else {
            throw DataError.invalidArgument("DataLoader: cannot start at batch \(start) of an epoch of \(batchesPerEpoch) batches; was the checkpoint made with another batch size or data set?")
        }
        let assembler = BatchAssembler(loader: self, epoch: epoch, order: order(epoch: epoch))
        return BatchIterator(assembler: assembler, range: start..<batchesPerEpoch, prefetch: prefetch)
    }
}

/// Builds batch `k` of one epoch; shared by the caller's thread and the prefetch thread.
struct BatchAssembler: Sendable {
    let loader: DataLoader
    let epoch: Int
    let order: [Int]

    func batch(_ k: Int) throws -> Batch {
        let start = k * loader.batchSize
        let indices = Array(order[start..<min(start + loader.batchSize, order.count)])
        guard let augment = loader.augmentation else { return try loader.dataset.batch(at: indices) }
        var samples: [Sample] = []
        samples.reserveCapacity(indices.count)
        for i in indices {
            var sample = try loader.dataset.sample(at: i)
            var rng = SeedDerivation.generator(loader.seed, .augment, epoch, i)
            try augment(&sample, &rng)
            samples.append(sample)
        }
        return try Batch(stacking: samples, indices: indices)
    }
}
