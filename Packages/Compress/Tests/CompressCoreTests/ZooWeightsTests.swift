import Foundation
import NN
import XCTest
@testable import CompressCore

/// The shipped weights double as regression tests: each reproduces the accuracy it was saved with.
final class ZooWeightsTests: XCTestCase {
    func testShippedWeightsReproduceTheirRecordedAccuracy() throws {
        for name in ["mlp-digits", "cnn-digits", "cnn-mnist", "residual-mnist"] {
            let url = try XCTUnwrap(ZooCatalog.pretrainedURL(name), "\(name) weights are not in the bundle")
            let (graph, metadata) = try ModelGraph.load(from: url)
            let recorded = try XCTUnwrap(metadata["zoo.test_accuracy"].flatMap(Double.init))
            let data = try XCTUnwrap(ZooCatalog.EvaluationData.forInputShape(graph.inputShape))
            let test = try data.split(forInputShape: graph.inputShape).test
            let predicted = try ReportBuilder.predictedClasses(graph, inputs: test.inputs)
            let accuracy = Double(zip(predicted, test.labels!.values).filter { $0 == $1 }.count) / Double(test.count)
            XCTAssertEqual(accuracy, recorded, accuracy: 0.003, name)
        }
        XCTAssertThrowsError(try ZooCatalog.pretrained("no-such-model"))
    }
}
