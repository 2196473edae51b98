import Foundation
import XCTest
@testable import FacetApp

final class ForestCommandTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("facet-forest-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Points left of x = 0 are "west", right are "east"; y is noise.
    private func table(rows: Int, offset: Int) -> String {
        var lines = ["x,y,side"]
        for i in 0..<rows {
            let x = Double((i * 37 + offset) % 200 - 100) / 10 + 0.05
            let y = Double((i * 53 + offset) % 100) / 10
            lines.append("\(x),\(y),\(x < 0 ? "west" : "east")")
        }
        return lines.joined(separator: "\n")
    }

    func testTrainEvaluatePredictRoundTrip() throws {
        let train = try write("train.csv", table(rows: 200, offset: 0))
        let test = try write("test.csv", table(rows: 60, offset: 11))
        let model = directory.appendingPathComponent("side.forest").path
        var trainCommand = try Facet.parseAsRoot(["forest", "train", train, "--target", "side", "-o", model,
                                                  "--set", "trees=15", "--test", test, "--quiet"])
        try trainCommand.run()
        XCTAssertTrue(FileManager.default.fileExists(atPath: model))

        let predictions = directory.appendingPathComponent("predictions.csv").path
        var predict = try Facet.parseAsRoot(["forest", "predict", model, test, "-o", predictions])
        try predict.run()
        let lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "row,side,confidence")
        XCTAssertEqual(lines.count, 61)
        XCTAssertTrue(lines[1].contains("west") || lines[1].contains("east"))

        var evaluate = try Facet.parseAsRoot(["forest", "evaluate", model, test])
        XCTAssertNoThrow(try evaluate.run())
    }

    func testBadHyperparameterAndMissingColumnAreReported() throws {
        let train = try write("train.csv", table(rows: 20, offset: 0))
        let model = directory.appendingPathComponent("m.forest").path
        var zeroTrees = try Facet.parseAsRoot(["forest", "train", train, "--target", "side", "-o", model, "--set", "trees=0", "--quiet"])
        XCTAssertThrowsError(try zeroTrees.run()) { XCTAssertTrue("\($0)".contains("trees"), "\($0)") }
        var wrongTarget = try Facet.parseAsRoot(["forest", "train", train, "--target", "colour", "-o", model, "--quiet"])
        XCTAssertThrowsError(try wrongTarget.run()) { XCTAssertTrue("\($0)".contains("no column named 'colour'"), "\($0)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: model), "a failed training must not leave a model file")
    }
}
