import XCTest
import Tensor
@testable import Forests

final class TreeTests: XCTestCase {
    private func features(_ rows: [[Float]]) throws -> DenseFeatures {
        try DenseFeatures(Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0 }))
    }

    /// Feature 1 separates the classes best (one mistake at x1 ≤ 2.5), feature 0 is noise.
    func testStumpFindsTheKnownBestSplit() throws {
        let rows: [[Float]] = [[5, 1], [1, 2], [4, 2], [2, 3], [3, 4], [0, 5], [6, 6]]
        let labels = [0, 0, 0, 1, 1, 1, 1]
        let tree = DecisionTree(config: TreeConfig(maxDepth: 1))
        var rng = RandomGenerator(seed: 0)
        try tree.fit(features(rows), labels: labels, rng: &rng)
        let nodes = try XCTUnwrap(tree.nodes)
        XCTAssertEqual(nodes.nodeCount, 3)
        XCTAssertEqual(nodes.feature[0], 1)
        XCTAssertEqual(nodes.threshold[0], 2.5)       // midpoint of 2 and 3
        XCTAssertEqual(tree.featureImportances, [0, 1])
        let p = try tree.predictProba(Tensor(shape: [2, 2], scalars: [0, 2, 0, 3]))
        XCTAssertEqual(p.scalars, [1, 0, 0, 1])
    }

    func testEntropyPicksTheSameSplit() throws {
        let rows: [[Float]] = [[5, 1], [1, 2], [4, 2], [2, 3], [3, 4], [0, 5], [6, 6]]
        let tree = DecisionTree(config: TreeConfig(criterion: .entropy, maxDepth: 1))
        var rng = RandomGenerator(seed: 0)
        try tree.fit(features(rows), labels: [0, 0, 0, 1, 1, 1, 1], rng: &rng)
        XCTAssertEqual(tree.nodes?.feature[0], 1)
        XCTAssertEqual(tree.nodes?.threshold[0], 2.5)
    }

    func testPureNodesStopAndTiesNeverSplit() throws {
        // Two samples with equal features but different labels cannot be separated.
        let rows: [[Float]] = [[0], [0], [1], [1], [2]]
        let tree = DecisionTree()
        var rng = RandomGenerator(seed: 0)
        try tree.fit(features(rows), labels: [0, 1, 1, 1, 1], rng: &rng)
        let nodes = try XCTUnwrap(tree.nodes)
        // Root splits at 0.5; the right side {1,1,2} is pure and stays a leaf.
        XCTAssertEqual(nodes.nodeCount, 3)
        XCTAssertEqual(nodes.threshold[0], 0.5)
        XCTAssertEqual(try tree.predictProba(Tensor(shape: [1, 1], scalars: [0])).scalars, [0.5, 0.5])
        // A pure training set is one leaf.
        try tree.fit(features(rows), labels: [2, 2, 2, 2, 2], rng: &rng)
        XCTAssertEqual(tree.nodes?.nodeCount, 1)
    }

    func testMinSamplesLeafIsRespected() throws {
        var rng = RandomGenerator(seed: 3)
        let n = 200
        let x = rng.uniform([n, 3])
        let labels = (0..<n).map { _ in rng.bounded(2) }
        for minLeaf in [1, 7, 25] {
            let tree = DecisionTree(config: TreeConfig(minSamplesLeaf: minLeaf))
            try tree.fit(DenseFeatures(x), labels: labels, rng: &rng)
            let nodes = try XCTUnwrap(tree.nodes)
            // Count training samples per leaf by routing them.
            var perLeaf = [Int: Int]()
            let s = x.scalars
            for i in 0..<n {
                let leaf = nodes.leaf { s[i * 3 + $0] }
                perLeaf[leaf, default: 0] += 1
            }
            XCTAssertGreaterThanOrEqual(perLeaf.values.min()!, minLeaf)
            if minLeaf == 1 { XCTAssertEqual(perLeaf.values.min()!, 1) }   // random labels: grown to purity
        }
    }

    func testRegressionTreeFitsAStepFunction() throws {
        let n = 100
        let xs = (0..<n).map { Float($0) / Float(n) }
        let y: [Float] = xs.map { $0 < 0.3 ? -1 : ($0 < 0.7 ? 2 : 5) }
        let tree = DecisionTree(config: TreeConfig(criterion: .mse))
        var rng = RandomGenerator(seed: 0)
        try tree.fit(DenseFeatures(Tensor(shape: [n, 1], scalars: xs)), targets: Tensor(shape: [n], scalars: y), rng: &rng)
        let nodes = try XCTUnwrap(tree.nodes)
        XCTAssertEqual(nodes.leafCount, 3)
        XCTAssertEqual(nodes.threshold[0], (xs[29] + xs[30]) / 2, accuracy: 1e-6)
        let p = try tree.predictValues(Tensor(shape: [3, 1], scalars: [0.1, 0.5, 0.9]))
        XCTAssertEqual(p.scalars, [-1, 2, 5])
    }

    func testMultiOutputRegressionLeavesAreMeans() throws {
        let x = try Tensor(shape: [4, 1], scalars: [0, 1, 2, 3])
        let y = try Tensor(shape: [4, 2], scalars: [0, 10, 2, 10, 100, 0, 102, 0])
        let tree = DecisionTree(config: TreeConfig(criterion: .mse, maxDepth: 1))
        var rng = RandomGenerator(seed: 0)
        try tree.fit(DenseFeatures(x), targets: y, rng: &rng)
        XCTAssertEqual(try tree.predictValues(x).scalars, [1, 10, 1, 10, 101, 0, 101, 0])
    }

    func testSampleWeightsAndIndicesCount() throws {
        // With the third sample weighted 10, the leaf is dominated by class 1.
        let rows: [[Float]] = [[0], [0], [0]]
        let tree = DecisionTree()
        var rng = RandomGenerator(seed: 0)
        try tree.fit(features(rows), labels: [0, 0, 1], weights: [1, 1, 10], rng: &rng)
        XCTAssertEqual(try tree.predictProba(Tensor(shape: [1, 1], scalars: [0])).scalars[1], 10 / 12, accuracy: 1e-6)
        try tree.fit(features(rows), labels: [0, 0, 1], sampleIndices: [2, 2, 2, 0], rng: &rng)
        XCTAssertEqual(try tree.predictProba(Tensor(shape: [1, 1], scalars: [0])).scalars[1], 0.75, accuracy: 1e-6)
    }

    func testRandomThresholdsAndMaxFeaturesStillSplit() throws {
        var rng = RandomGenerator(seed: 9)
        let n = 300
        let x = rng.uniform([n, 10])
        let labels = (0..<n).map { x.scalars[$0 * 10 + 4] > 0.5 ? 1 : 0 }
        let tree = DecisionTree(config: TreeConfig(maxFeatures: .count(1), thresholdMode: .random(perFeature: 5)))
        try tree.fit(DenseFeatures(x), labels: labels, rng: &rng)
        XCTAssertEqual(try tree.predict(x), labels)   // grown to purity on training data
    }

    func testBadInputIsRejected() throws {
        var rng = RandomGenerator(seed: 0)
        let f = try features([[0], [1]])
        XCTAssertThrowsError(try DecisionTree().fit(f, labels: [0], rng: &rng))
        XCTAssertThrowsError(try DecisionTree().fit(f, labels: [0, -1], rng: &rng))
        XCTAssertThrowsError(try DecisionTree(config: TreeConfig(minSamplesLeaf: 0)).fit(f, labels: [0, 1], rng: &rng))
        XCTAssertThrowsError(try DecisionTree().predict(Tensor(shape: [1, 1], scalars: [0]))) { error in
            XCTAssertTrue("\(error)".contains("not fitted"))
        }
    }

    func testMaxFeaturesResolution() {
        XCTAssertEqual(MaxFeatures.sqrt.resolve(featureCount: 64), 8)
        XCTAssertEqual(MaxFeatures.log2.resolve(featureCount: 64), 6)
        XCTAssertEqual(MaxFeatures.fraction(1.0 / 3).resolve(featureCount: 10), 3)
        XCTAssertEqual(MaxFeatures.count(100).resolve(featureCount: 10), 10)
        XCTAssertEqual(MaxFeatures.all.resolve(featureCount: 10), 10)
    }
}
