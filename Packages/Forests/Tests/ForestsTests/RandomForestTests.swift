import XCTest
import NN
import Tensor
@testable import Forests

final class RandomForestTests: XCTestCase {
    private static let digits: (train: TensorDataset, test: TensorDataset) = try! Digits.load(layout: .flat, split: .stratified)

    private func accuracy(_ predicted: [Int], _ truth: [Int]) -> Double {
        Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(truth.count)
    }

    func testDigitsAccuracyAndOOB() throws {
        let (train, test) = Self.digits
        let forest = RandomForestClassifier(config: ForestConfig(treeCount: 100, seed: 1, oobScore: true))
        let start = Date()
        try forest.fit(DenseFeatures(train.inputs), labels: train.labels!.values)
        let fitSeconds = Date().timeIntervalSince(start)
        let acc = accuracy(try forest.predict(test.inputs), test.labels!.values)
        let oob = try XCTUnwrap(forest.oobScore)
        print("digits RF: test accuracy \(acc), OOB \(oob), fit \(fitSeconds) s")
        XCTAssertGreaterThanOrEqual(acc, 0.96)
        XCTAssertEqual(oob, acc, accuracy: 0.03)
        XCTAssertEqual(forest.featureImportances.reduce(0, +), 1, accuracy: 1e-4)
        // Border pixels of digits are always blank: no importance.
        XCTAssertEqual(forest.featureImportances[0], 0)
        let p = try forest.predictProba(test.inputs)
        XCTAssertEqual(p.shape, [test.inputs.shape[0], 10])
        XCTAssertEqual(p.scalars[0..<10].reduce(0, +), 1, accuracy: 1e-5)
    }

    func testSingleTreeOnDigits() throws {
        let (train, test) = Self.digits
        let tree = DecisionTree(config: TreeConfig())
        var rng = RandomGenerator(seed: 0)
        try tree.fit(DenseFeatures(train.inputs), labels: train.labels!.values, rng: &rng)
        XCTAssertGreaterThanOrEqual(accuracy(try tree.predict(test.inputs), test.labels!.values), 0.80)
    }

    func testSameForestForOneAndTwoThreads() throws {
        let (train, test) = Self.digits
        var one = ForestConfig(treeCount: 12, seed: 7, threads: 1)
        var two = one
        two.threads = 2
        let a = RandomForestClassifier(config: one), b = RandomForestClassifier(config: two)
        try a.fit(train.inputs, labels: train.labels!.values)
        try b.fit(train.inputs, labels: train.labels!.values)
        XCTAssertEqual(a.trees, b.trees)
        XCTAssertEqual(try a.predictProba(test.inputs), try b.predictProba(test.inputs))
        // Another seed gives another forest.
        one.seed = 8
        let c = RandomForestClassifier(config: one)
        try c.fit(train.inputs, labels: train.labels!.values)
        XCTAssertNotEqual(a.trees, c.trees)
    }

    func testExtraTreesAndBalancedClassesOnDigits() throws {
        let (train, test) = Self.digits
        let config = ForestConfig(treeCount: 50, bootstrap: false,
                                  tree: TreeConfig(maxFeatures: .sqrt, thresholdMode: .random(perFeature: 1)), seed: 2)
        let forest = RandomForestClassifier(config: config, classWeight: .balanced)
        try forest.fit(train.inputs, labels: train.labels!.values)
        XCTAssertGreaterThanOrEqual(accuracy(try forest.predict(test.inputs), test.labels!.values), 0.95)
    }

    func testPredictFromFeatureSourceMatchesTensor() throws {
        let (train, test) = Self.digits
        let forest = RandomForestClassifier(config: ForestConfig(treeCount: 10, seed: 3))
        try forest.fit(train.inputs, labels: train.labels!.values)
        XCTAssertEqual(try forest.predictProba(DenseFeatures(test.inputs)), try forest.predictProba(test.inputs))
        XCTAssertThrowsError(try forest.predictProba(Tensor(shape: [1, 3], scalars: [0, 0, 0])))
    }

    func testRegressorOnFriedman() throws {
        let (x, y) = friedman1(count: 1000, seed: 1)
        let (xt, yt) = friedman1(count: 500, seed: 2)
        var config = ForestConfig.regression(treeCount: 50, seed: 1)
        config.oobScore = true
        let forest = RandomForestRegressor(config: config)
        try forest.fit(x, targets: y)
        let r2 = r2Score(truth: yt, prediction: try forest.predict(xt))
        print("friedman1 RF: R² \(r2), OOB R² \(forest.oobScore!)")
        XCTAssertGreaterThan(r2, 0.8)
        XCTAssertEqual(forest.oobScore!, r2, accuracy: 0.05)
        // Features 5...9 are noise: less important than each of the first five.
        let imp = forest.featureImportances
        XCTAssertLessThan(imp[5...].max()!, imp[..<5].min()!)
    }
}

/// Friedman #1: y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + N(0, 1), 10 features.
func friedman1(count n: Int, seed: UInt64) -> (Tensor, Tensor) {
    var rng = RandomGenerator(seed: seed)
    let x = rng.uniform([n, 10])
    let s = x.scalars
    let y = (0..<n).map { i -> Float in
        let r = s[(i * 10)...]
        let a = 10 * sin(Float.pi * r[i * 10] * r[i * 10 + 1]) + 20 * (r[i * 10 + 2] - 0.5) * (r[i * 10 + 2] - 0.5)
        return a + 10 * r[i * 10 + 3] + 5 * r[i * 10 + 4] + rng.normalFloat()
    }
    return (x, try! Tensor(shape: [n], scalars: y))
}
