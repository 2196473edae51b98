import Foundation
import XCTest
@testable import FacetApp

final class AnalyzeCommandTests: XCTestCase {
    private var directory: URL!
    private let portrait = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Docs/samples/grace_hopper.jpg").path

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("facet-analyze-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testPortraitGivesLandmarksPoseAndGazePerEye() throws {
        let json = directory.appendingPathComponent("faces.json").path
        let png = directory.appendingPathComponent("annotated.png").path
        var analyze = try Facet.parseAsRoot(["analyze", portrait, "-o", png, "--json", json])
        try analyze.run()
        XCTAssertTrue(FileManager.default.fileExists(atPath: png))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        let faces = report["faces"] as! [[String: Any]]
        XCTAssertEqual(faces.count, 1)
        XCTAssertEqual((faces[0]["landmarks"] as! [[Double]]).count, 68)
        XCTAssertNotNil(faces[0]["pose"] as? [String: Double])
        let gaze = faces[0]["gaze"] as! [[String: Any]]
        XCTAssertEqual(gaze.map { $0["eye"] as! String }, ["right", "left"])
        for eye in gaze {
            let v = eye["vector"] as! [Double]
            XCTAssertEqual(v.map { $0 * $0 }.reduce(0, +), 1, accuracy: 1e-3, "a unit vector")
            XCTAssertLessThan(v[2], 0, "a face looking at the camera looks toward it")
        }

        let noGaze = directory.appendingPathComponent("plain.json").path
        var plain = try Facet.parseAsRoot(["analyze", portrait, "--json", noGaze, "--no-gaze"])
        try plain.run()
        let plainFaces = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: noGaze))) as! [String: Any])["faces"] as! [[String: Any]]
        XCTAssertNil(plainFaces[0]["gaze"])
    }

    func testNonImageIsReportedPlainly() throws {
        let text = directory.appendingPathComponent("notes.jpg")
        try "not an image".write(to: text, atomically: true, encoding: .utf8)
        var analyze = try Facet.parseAsRoot(["analyze", text.path])
        XCTAssertThrowsError(try analyze.run()) { XCTAssertTrue("\($0)".contains("is not a readable image"), "\($0)") }
        var unknownGaze = try Facet.parseAsRoot(["analyze", portrait, "--gaze", "nonesuch"])
        XCTAssertThrowsError(try unknownGaze.run()) { XCTAssertTrue("\($0)".contains("nonesuch"), "\($0)") }
    }
}
