import Foundation
import Forests
import NN
import Tensor

/// Random forests on digits and on Friedman #1 (the figures tools/peers/forests.py prints
/// for scikit-learn's RandomForestClassifier / Regressor, 100 trees, 2 jobs).
///
/// Both sides use the same data: digits' stratified split (NN's `stratifiedSplit`, seed 0,
/// 75/25), whose test indices this bench writes with `--split-out PATH` for the peer to
/// read; Friedman #1 drawn from `ForestsBench.lcgFriedman1`, a 64-bit LCG both sides
/// implement bit for bit.
enum ForestsBench {
    static func run(_ args: [String]) throws {
        func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
        let trees = option("--trees").flatMap(Int.init) ?? 100
        let threads = option("--threads").flatMap(Int.init) ?? 2

        let all = try Digits.loadAll(layout: .flat)
        let labels = all.labels!.values
        let parts = try stratifiedSplit(labels: labels, fractions: [0.75, 0.25], seed: 0)
        if let path = option("--split-out") {
            try (parts[1].map(String.init).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let train = try all.subset(parts[0]), test = try all.subset(parts[1])
        let trainX = try DenseFeatures(train.inputs)
        let trainY = train.labels!.values, testY = test.labels!.values

        func config(_ seed: UInt64) -> ForestConfig { ForestConfig(treeCount: trees, seed: seed, threads: threads) }
        var accuracies: [Double] = []
        for seed in 0..<UInt64(5) {
            let forest = RandomForestClassifier(config: config(seed))
            try forest.fit(trainX, labels: trainY)
            let predicted = try forest.predict(test.inputs)
            accuracies.append(Double(zip(predicted, testY).filter { $0 == $1 }.count) / Double(testY.count))
        }
        let forest = RandomForestClassifier(config: config(0))
        let fit = try medianTime(warmup: 1, repeats: 5) { try forest.fit(trainX, labels: trainY) }
        let predict = try medianTime(warmup: 2, repeats: 11) { _ = try forest.predictProba(test.inputs) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("facet-bench-forest-\(getpid()).safetensors")
        try forest.save(to: file)
        let bytes = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
        try? FileManager.default.removeItem(at: file)

        let (x, y) = lcgFriedman1(count: 3000, seed: 1)
        let xTrain = try Tensor(shape: [2000, 10], scalars: Array(x.scalars[..<20000]))
        let yTrain = try Tensor(shape: [2000], scalars: Array(y[..<2000]))
        let xTest = try Tensor(shape: [1000, 10], scalars: Array(x.scalars[20000...]))
        let yTest = try Tensor(shape: [1000], scalars: Array(y[2000...]))
        var regressionConfig = ForestConfig.regression(treeCount: trees, seed: 0)
        regressionConfig.threads = threads
        let regressor = RandomForestRegressor(config: regressionConfig)
        let features = try DenseFeatures(xTrain)
        let regressionFit = try medianTime(warmup: 1, repeats: 3) { try regressor.fit(features, targets: yTrain) }
        let r2 = r2Score(truth: yTest, prediction: try regressor.predict(xTest))

        report("rf_fit_ms", fit * 1e3)
        report("rf_predict_ms", predict * 1e3)
        report("rf_accuracy", accuracies.reduce(0, +) / Double(accuracies.count), digits: 4)
        report("rf_regression_r2", r2, digits: 4)
        report("rf_regression_fit_ms", regressionFit * 1e3)
        report("model_bytes", Double(bytes), digits: 0)
    }

    /// Friedman #1 from a 64-bit LCG (Knuth's MMIX constants), reproducible in any language:
    /// state ← state·6364136223846793005 + 1442695040888963407 (mod 2^64), u = (state >> 11) / 2^53.
    /// Ten features u per row, then noise = u − 0.5; y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + noise.
    static func lcgFriedman1(count: Int, seed: UInt64) -> (Tensor, [Float]) {
        var state = seed
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1p-53
        }
        var x = [Float](), y = [Float]()
        x.reserveCapacity(count * 10)
        for _ in 0..<count {
            let row = (0..<10).map { _ in next() }
            x += row.map { Float($0) }
            let target = 10 * sin(Double.pi * row[0] * row[1]) + 20 * (row[2] - 0.5) * (row[2] - 0.5) + 10 * row[3] + 5 * row[4] + (next() - 0.5)
            y.append(Float(target))
        }
        return (try! Tensor(shape: [count, 10], scalars: x), y)
    }
}
