import XCTest
import NN
import Tensor
@testable import Forests

final class ForestPersistenceTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("forest-persistence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func smallForest() throws -> (RandomForestClassifier, Tensor) {
        let (train, test) = try Digits.load(layout: .flat, split: .stratified)
        let forest = RandomForestClassifier(config: ForestConfig(treeCount: 8, seed: 4, oobScore: true))
        try forest.fit(train.inputs, labels: train.labels!.values)
        return (forest, test.inputs)
    }

    func testSaveLoadGivesIdenticalPredictions() throws {
        let (forest, x) = try smallForest()
        let url = directory.appendingPathComponent("rf.safetensors")
        try forest.save(to: url)
        let loaded = try RandomForestClassifier.load(from: url)
        XCTAssertEqual(try loaded.predictProba(x), try forest.predictProba(x))
        XCTAssertEqual(loaded.trees, forest.trees)
        XCTAssertEqual(loaded.featureImportances, forest.featureImportances)
        XCTAssertEqual(loaded.oobScore, forest.oobScore)
        XCTAssertEqual(loaded.config, forest.config)
    }

    func testRegressorRoundTrip() throws {
        let (x, y) = friedman1(count: 200, seed: 5)
        let forest = RandomForestRegressor(config: .regression(treeCount: 5, seed: 1))
        try forest.fit(x, targets: y)
        let url = directory.appendingPathComponent("reg.safetensors")
        try forest.save(to: url)
        XCTAssertEqual(try RandomForestRegressor.load(from: url).predict(x), try forest.predict(x))
        // A regressor file is not a classifier.
        XCTAssertThrowsError(try RandomForestClassifier.load(from: url)) { XCTAssertTrue("\($0)".contains("not a RandomForestClassifier")) }
    }

    /// Saves a forest, lets `damage` edit the file's contents, and returns the load error.
    private func loadError(_ damage: (inout SafetensorsFile) throws -> Void) throws -> String {
        let (forest, _) = try smallForest()
        let url = directory.appendingPathComponent("bad.safetensors")
        try forest.save(to: url)
        var file = try SafetensorsFile(contentsOf: url)
        try damage(&file)
        try file.write(to: url)
        do {
            _ = try RandomForestClassifier.load(from: url)
        } catch {
            return "\(error)"
        }
        XCTFail("a damaged forest loaded")
        return ""
    }

    private func edit<T: SafetensorsScalar>(_ file: inout SafetensorsFile, _ name: String, as: T.Type, _ change: (inout [T]) -> Void) throws {
        var v = try file.entries[name]!.values(as: T.self)
        change(&v)
        file.entries[name] = try SafetensorsEntry(shape: [v.count], values: v)
    }

    func testTruncatedArrayIsRejected() throws {
        let message = try loadError { file in try edit(&file, "threshold", as: Float.self) { $0.removeLast() } }
        XCTAssertTrue(message.contains("'threshold' has"), message)
        let values = try loadError { file in try edit(&file, "values", as: Float.self) { $0.removeLast(5) } }
        XCTAssertTrue(values.contains("truncated"), values)
    }

    func testChildIndexOutOfRangeIsRejected() throws {
        let message = try loadError { file in
            let feature = try file.entries["feature"]!.values(as: Int32.self)
            let inner = feature.firstIndex { $0 >= 0 }!
            try edit(&file, "left", as: Int32.self) { $0[inner] = 1_000_000 }
        }
        XCTAssertTrue(message.contains("child index"), message)
        let loop = try loadError { file in try edit(&file, "right", as: Int32.self) { $0[0] = 0 } }   // a cycle
        XCTAssertTrue(loop.contains("child index"), loop)
    }

    func testFeatureIndexOutOfRangeIsRejected() throws {
        let message = try loadError { file in try edit(&file, "feature", as: Int32.self) { $0[0] = 64 } }
        XCTAssertTrue(message.contains("feature index 64"), message)
    }

    func testWrongVersionIsRejected() throws {
        let message = try loadError { file in
            file.metadata[ForestFile.headerKey] = file.metadata[ForestFile.headerKey]!
                .replacingOccurrences(of: "\"formatVersion\":1", with: "\"formatVersion\":99")
        }
        XCTAssertTrue(message.contains("version 99 is not supported"), message)
        let missing = try loadError { file in file.metadata = [:] }
        XCTAssertTrue(missing.contains("no 'facet.forest' header"), missing)
    }

    func testTruncatedFileIsRejected() throws {
        let (forest, _) = try smallForest()
        let url = directory.appendingPathComponent("cut.safetensors")
        try forest.save(to: url)
        let data = try Data(contentsOf: url)
        try data.prefix(data.count - 100).write(to: url)
        XCTAssertThrowsError(try RandomForestClassifier.load(from: url))
    }

    func testUnfittedForestCannotBeSaved() {
        XCTAssertThrowsError(try RandomForestClassifier().save(to: directory.appendingPathComponent("x"))) {
            XCTAssertTrue("\($0)".contains("not fitted"))
        }
    }
}
