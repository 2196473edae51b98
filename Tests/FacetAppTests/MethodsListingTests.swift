import Foundation
import Registry
import XCTest
@testable import FacetApp

private enum SamplePlugin: MethodPlugin {
    static let descriptor = MethodDescriptor(
        id: "sample", title: "Sample method", version: SemanticVersion(1, 2, 0), task: .landmarks, package: "FaceAlign",
        citation: Citation(authors: ["A. Author"], title: "T", venue: "ICCV", year: 2019, arxiv: "1904.00001"),
        summary: "A sample.", hyperparameters: [.int("stages", default: 3, range: 1...8, doc: "Cascade stages.")])
    static func make(_ c: MethodConfiguration) throws -> Int { try c.int("stages") }
}

final class MethodsListingTests: XCTestCase {
    func testTheAppRegistryBuilds() throws {
        XCTAssertNoThrow(try makeRegistry(), "two plugins of the app register the same id@version")
    }

    func testEmptyRegistrySaysSoPlainly() throws {
        let text = try MethodsListing.render(try MethodRegistry([]), task: nil, json: false)
        XCTAssertTrue(text.contains("No methods are registered"), text)
        XCTAssertEqual(try MethodsListing.render(try MethodRegistry([]), task: nil, json: true), "[\n\n]")
    }

    func testListingAndFilter() throws {
        let r = try MethodRegistry([SamplePlugin.self])
        let text = try MethodsListing.render(r, task: nil, json: false)
        XCTAssertTrue(text.contains("sample  1.2.0    landmarks  FaceAlign  A. Author, ICCV 2019"), text)
        let none = try MethodsListing.render(r, task: .gaze, json: false)
        XCTAssertTrue(none.contains("No registered method has task 'gaze'. Tasks with methods: landmarks."), none)
    }

    func testJSONIsValidAndComplete() throws {
        let r = try MethodRegistry([SamplePlugin.self])
        let json = try MethodsListing.render(r, task: nil, json: true)
        let decoded = try JSONDecoder().decode([MethodDescriptor].self, from: Data(json.utf8))
        XCTAssertEqual(decoded, [SamplePlugin.descriptor])
    }

    func testShowListsHyperparametersAndRejectsUnknownIDs() throws {
        let r = try MethodRegistry([SamplePlugin.self])
        let text = try MethodsListing.show(r, reference: "sample@^1.0.0", json: false)
        XCTAssertTrue(text.contains("stages  3        an integer in 1...8  Cascade stages."), text)
        XCTAssertThrowsError(try MethodsListing.show(r, reference: "nope", json: false)) { error in
            XCTAssertTrue("\(error)".contains("known methods: sample"), "\(error)")
        }
    }
}
