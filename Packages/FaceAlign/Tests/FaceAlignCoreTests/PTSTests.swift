import XCTest
@testable import FaceAlignCore

final class PTSTests: XCTestCase {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "pts-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testRoundTripThroughAFile() throws {
        let shape = SchemeTests.shape(.ibug68)
        let path = try temporaryFolder() + "/face.pts"
        try PTSFormat.write(shape, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("version: 1\nn_points: 68\n{\n"))
        let back = try PTSFormat.read(path)
        for k in 0..<68 {
            XCTAssertEqual(back.points[k].x, shape.points[k].x, accuracy: 1e-5)
            XCTAssertEqual(back.points[k].y, shape.points[k].y, accuracy: 1e-5)
        }
    }

    func testMatlabOriginShiftsByHalfAPixel() throws {
        let text = "version: 1\nn_points:  2\n{\n1.0 1.0\n10.5 20.25\n}\n"
        XCTAssertEqual(try PTSFormat.parse(text), [SIMD2(0.5, 0.5), SIMD2(10, 19.75)])
        XCTAssertEqual(try PTSFormat.parse(text, origin: .pixelEdge), [SIMD2(1, 1), SIMD2(10.5, 20.25)])
        // Windows line ends and blank lines are fine.
        XCTAssertEqual(try PTSFormat.parse(text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"),
                       [SIMD2(0.5, 0.5), SIMD2(10, 19.75)])
    }

    func assertMalformed(_ text: String, line: Int, mentions: String, file: StaticString = #filePath, lineNumber: UInt = #line) {
        XCTAssertThrowsError(try PTSFormat.parse(text, path: "x.pts"), file: file, line: lineNumber) { error in
            guard case FaceAlignError.malformedFile(let path, let l, let expected, _) = error else {
                return XCTFail("wrong error \(error)", file: file, line: lineNumber)
            }
            XCTAssertEqual(path, "x.pts", file: file, line: lineNumber)
            XCTAssertEqual(l, line, "\(error)", file: file, line: lineNumber)
            XCTAssertTrue(expected.contains(mentions), "\(error)", file: file, line: lineNumber)
            XCTAssertTrue("\(error)".hasPrefix("x.pts:\(line): expected"), "\(error)", file: file, line: lineNumber)
        }
    }

    func testMalformedFilesNameTheLine() {
        assertMalformed("version: 2\nn_points: 1\n{\n1 2\n}\n", line: 1, mentions: "version: 1")
        assertMalformed("version: 1\nnpoints: 1\n{\n1 2\n}\n", line: 2, mentions: "n_points")
        assertMalformed("version: 1\nn_points: -3\n{\n1 2\n}\n", line: 2, mentions: "n_points")
        assertMalformed("version: 1\nn_points: 2\n[\n1 2\n3 4\n}\n", line: 3, mentions: "{")
        assertMalformed("version: 1\nn_points: 3\n{\n1 2\n3 four\n5 6\n}\n", line: 5, mentions: "point 2 of 3")
        assertMalformed("version: 1\nn_points: 3\n{\n1 2\n3 4 5\n5 6\n}\n", line: 5, mentions: "point 2 of 3")
        assertMalformed("version: 1\nn_points: 3\n{\n1 2\n3 4\n}\n", line: 6, mentions: "point 3 of 3")
        assertMalformed("version: 1\nn_points: 1\n{\n1 2\n3 4\n}\n", line: 5, mentions: "}")
        assertMalformed("version: 1\nn_points: 1\n{\n1 2\n", line: 5, mentions: "}")
        assertMalformed("version: 1\nn_points: 1\n{\n1 2\n}\nextra\n", line: 6, mentions: "end of the file")
        assertMalformed("", line: 1, mentions: "version")
    }

    func testWrongPointCountForSchemeSaysWhichScheme() throws {
        let path = try temporaryFolder() + "/five.pts"
        try PTSFormat.format([SIMD2(1, 2), SIMD2(3, 4)]).write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PTSFormat.read(path)) { XCTAssertTrue("\($0)".contains("ibug68"), "\($0)") }
        XCTAssertThrowsError(try PTSFormat.read(path + ".missing")) { XCTAssertTrue("\($0)".contains("does not exist"), "\($0)") }
    }

    func testFolderLoaderFindsImagesAndSplits() throws {
        let root = try temporaryFolder()
        let shape = SchemeTests.shape(.ibug68)
        for (folder, names) in [("lfpw/testset", ["a", "b"]), ("helen/testset", ["c"]), ("ibug", ["d"]), ("afw", ["e"])] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
            for n in names {
                try PTSFormat.write(shape, to: "\(root)/\(folder)/\(n).pts")
                _ = FileManager.default.createFile(atPath: "\(root)/\(folder)/\(n).\(n == "c" ? "jpg" : "png")", contents: Data())
            }
        }
        XCTAssertEqual(try PTSFolderLoader.load(root: root).count, 5)
        let common = try PTSFolderLoader.load(root: root, split: .common)
        XCTAssertEqual(common.map { ($0.imagePath! as NSString).lastPathComponent }, ["a.png", "b.png", "c.jpg"])
        XCTAssertEqual(common[0].tags, ["lfpw", "testset"])
        XCTAssertEqual(try PTSFolderLoader.load(root: root, split: .challenging).count, 1)
        XCTAssertEqual(try PTSFolderLoader.load(root: root, split: .full).count, 4)
        XCTAssertEqual(Set(PTSFolderLoader.availableSplits(root: root)), [.all, .common, .challenging, .full])
        XCTAssertThrowsError(try PTSFolderLoader.load(root: root, split: .train)) { error in
            XCTAssertTrue("\(error)".contains("lfpw/trainset"), "\(error)")
        }
        // An annotation without its image is named.
        try PTSFormat.write(shape, to: "\(root)/ibug/lonely.pts")
        XCTAssertThrowsError(try PTSFolderLoader.load(root: root, split: .challenging)) { error in
            XCTAssertTrue("\(error)".contains("lonely.pts"), "\(error)")
        }
        XCTAssertEqual(try PTSFolderLoader.load(root: root, split: .challenging, skipMissingImages: true).count, 1)
    }

    func testWFLWLines() throws {
        let coords = (0..<196).map { String(Float($0) * 0.5) }.joined(separator: " ")
        let line = coords + " 10 20 110 140 1 0 0 1 0 1 51--Dresses/51_Dresses_wearingdress_51_377.jpg"
        let samples = try WFLWAnnotations.parse(line + "\n\n" + line + "\n", path: "list.txt", imagesRoot: "/data/WFLW_images")
        XCTAssertEqual(samples.count, 2)
        XCTAssertEqual(samples[0].shape.scheme, .wflw98)
        XCTAssertEqual(samples[0].shape.points[97], SIMD2(97, 97.5))
        XCTAssertEqual(samples[0].box, FaceBox(x: 10, y: 20, width: 100, height: 120, score: 1))
        XCTAssertEqual(samples[0].tags, ["pose", "makeup", "blur"])
        XCTAssertEqual(samples[0].imagePath, "/data/WFLW_images/51--Dresses/51_Dresses_wearingdress_51_377.jpg")
        let bad = line.replacingOccurrences(of: " 1 0 0 1 0 1 ", with: " 1 0 0 2 0 1 ")
        XCTAssertThrowsError(try WFLWAnnotations.parse(line + "\n" + bad, path: "list.txt", imagesRoot: "")) { error in
            XCTAssertTrue("\(error)".hasPrefix("list.txt:2: expected 0 or 1 for the makeup attribute"), "\(error)")
        }
        XCTAssertThrowsError(try WFLWAnnotations.parse("1 2 3", path: "list.txt", imagesRoot: "")) { error in
            XCTAssertTrue("\(error)".contains("list.txt:1: expected 207 fields"), "\(error)")
        }
    }

    func testBoxFromLandmarks() {
        let s = Shape(points: [SIMD2(10, 20), SIMD2(30, 60), SIMD2(20, 40), SIMD2(12, 22), SIMD2(28, 58)], scheme: .five)
        XCTAssertEqual(FaceBox(enclosing: s), FaceBox(x: 10, y: 20, width: 20, height: 40, score: 1))
        XCTAssertEqual(FaceBox(enclosing: s, margin: 0.25), FaceBox(x: 5, y: 10, width: 30, height: 60, score: 1))
        XCTAssertEqual(FaceBox(enclosing: s).squared, FaceBox(x: 0, y: 20, width: 40, height: 40, score: 1))
    }
}
