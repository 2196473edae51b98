import Foundation

/// The batches of one epoch of a `DataLoader`, in order: `while let b = try it.next() { ... }`.
///
/// After the last batch, and after a batch that failed to assemble (whose error `next()`
/// throws), `next()` returns nil.
public final class BatchIterator {
    public let epoch: Int
    /// The index within the epoch of the batch `next()` returns next: after a checkpoint,
    /// pass it to `batches(epoch:startingAt:)` to resume right after the last step taken.
    public private(set) var nextBatchIndex: Int
    /// One past the last batch of the epoch.
    public let endBatchIndex: Int

    private let assembler: BatchAssembler
    private var prefetcher: Prefetcher?
    private var finished = false

    init(assembler: BatchAssembler, range: Range<Int>, prefetch: Int) {
        epoch = assembler.epoch
        nextBatchIndex = range.lowerBound
        endBatchIndex = range.upperBound
        self.assembler = assembler
        if prefetch > 0 && !range.isEmpty {
            prefetcher = Prefetcher(capacity: prefetch, range: range) { [assembler] k in try assembler.batch(k) }
        }
    }

    deinit { prefetcher?.shutdown() }

    /// The next batch, nil at the end of the epoch; throws what a sample or the augmentation threw.
    public func next() throws -> Batch? {
        guard !finished, nextBatchIndex < endBatchIndex else { return nil }
        let result: Result<Batch, any Error>
        if let prefetcher {
            guard let r = prefetcher.next() else { close(); return nil }
            result = r
        } else {
            result = Result { try assembler.batch(nextBatchIndex) }
        }
        switch result {
        case .success(let batch):
            nextBatchIndex += 1
            return batch
        case .failure(let error):
            close()
            throw error
        }
    }

    /// Ends the epoch early and waits for the background thread to stop touching the data set.
    public func close() {
        finished = true
        prefetcher?.shutdown()
        prefetcher = nil
    }
}

/// A background thread that assembles batches `range` in order into a bounded queue.
///
/// The bound (`capacity`) keeps memory flat and lets the thread sleep while the model is
/// slower than the data; the first failure is queued like a batch and ends the thread.
final class Prefetcher: @unchecked Sendable {
    // Every field below is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var queue: [Result<Batch, any Error>] = []
    private var running = true
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int, range: Range<Int>, make: @escaping @Sendable (Int) throws -> Batch) {
        self.capacity = capacity
        let thread = Thread { [self] in run(range, make) }
        thread.name = "facet-data-loader"
        thread.start()
    }

    private func run(_ range: Range<Int>, _ make: @Sendable (Int) throws -> Batch) {
        for k in range {
            condition.lock()
            let stop = cancelled
            condition.unlock()
            if stop { break }

            let result = Result { try make(k) }

            condition.lock()
            while queue.count >= capacity && !cancelled { condition.wait() }
            let keep = !cancelled
            if keep {
                queue.append(result)
                condition.broadcast()
            }
            condition.unlock()
            if !keep { break }
            if case .failure = result { break }
        }
        condition.lock()
        running = false
        condition.broadcast()
        condition.unlock()
    }

    /// The next result in order, waiting for it if needed; nil once the thread has ended.
    func next() -> Result<Batch, any Error>? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && running { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let result = queue.removeFirst()
        condition.broadcast()
        return result
    }

    /// Stops the thread after the batch it is assembling, and waits for it.
    func shutdown() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }
}
