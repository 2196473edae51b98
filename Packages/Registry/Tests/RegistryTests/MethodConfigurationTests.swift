import Foundation
import XCTest
@testable import Registry

final class MethodConfigurationTests: XCTestCase {
    let descriptor = greeterDescriptor(version: "1.0.0")

    func testStartsFromDefaults() throws {
        let c = MethodConfiguration(descriptor: descriptor)
        XCTAssertEqual(try c.int("times"), 2)
        XCTAssertEqual(try c.float("rate"), 0.5)
        XCTAssertEqual(try c.bool("loud"), false)
        XCTAssertEqual(try c.string("word"), "hi")
        XCTAssertTrue(c.overrides.isEmpty)
    }

    func testOverridesFromJSON() throws {
        var c = MethodConfiguration(descriptor: descriptor)
        try c.apply(json: Data(#"{"times": 5, "rate": 1, "loud": true, "word": "hello"}"#.utf8))
        XCTAssertEqual(try c.int("times"), 5)
        XCTAssertEqual(try c.float("rate"), 1.0)
        XCTAssertEqual(c.values["rate"], .float(1.0), "an integer given for a float is stored as a float")
        XCTAssertEqual(try c.bool("loud"), true)
        XCTAssertEqual(try c.string("word"), "hello")
        XCTAssertEqual(Set(c.overrides.keys), ["times", "rate", "loud", "word"])
    }

    func testOverridesFromJSONFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("facet-config-\(UUID()).json")
        try Data(#"{"times": 7}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var c = MethodConfiguration(descriptor: descriptor)
        try c.apply(jsonFile: url)
        XCTAssertEqual(try c.int("times"), 7)
        XCTAssertThrowsError(try c.apply(jsonFile: url.appendingPathExtension("missing")))
    }

    func testOverridesFromKeyValuePairs() throws {
        var c = MethodConfiguration(descriptor: descriptor)
        try c.apply(overrides: ["times=3", "rate = 0.25", "loud=yes", "word=hello", "note=a=b"])
        XCTAssertEqual(try c.int("times"), 3)
        XCTAssertEqual(try c.float("rate"), 0.25)
        XCTAssertEqual(try c.bool("loud"), true)
        XCTAssertEqual(try c.string("word"), "hello")
        XCTAssertEqual(try c.string("note"), "a=b", "only the first '=' splits")
    }

    func testKeyValueAppliedAfterJSONWins() throws {
        var c = MethodConfiguration(descriptor: descriptor)
        try c.apply(json: Data(#"{"times": 5}"#.utf8))
        try c.apply(overrides: ["times=9"])
        XCTAssertEqual(try c.int("times"), 9)
    }

    func testUnknownKeyNamesTheValidKeys() {
        var c = MethodConfiguration(descriptor: descriptor)
        XCTAssertThrowsError(try c.apply(overrides: ["tims=3"])) { error in
            XCTAssertEqual(error as? RegistryError,
                           .unknownHyperparameter(key: "tims", method: "greeter", valid: ["times", "rate", "loud", "word", "note"]))
            let message = "\(error)"
            XCTAssertTrue(message.contains("'tims'"), message)
            XCTAssertTrue(message.contains("times, rate, loud, word, note"), message)
        }
        XCTAssertThrowsError(try c.apply(json: Data(#"{"bogus": 1}"#.utf8))) { error in
            XCTAssertTrue("\(error)".contains("'bogus'"))
        }
    }

    func testWrongTypeOrRangeNamesTheExpectation() {
        var c = MethodConfiguration(descriptor: descriptor)
        let cases: [(String, String)] = [
            ("times=three", "an integer in 1...10"),
            ("times=11", "an integer in 1...10"),
            ("times=2.5", "an integer in 1...10"),
            ("rate=1.5", "a number in 0.0...1.0"),
            ("rate=nan", "a number in 0.0...1.0"),
            ("loud=maybe", "true or false"),
            ("word=hey", "one of hi, hello"),
        ]
        for (pair, expected) in cases {
            XCTAssertThrowsError(try c.apply(overrides: [pair]), pair) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(expected), "\(pair): \(message)")
                XCTAssertTrue(message.contains("'\(pair.split(separator: "=")[0])'"), message)
            }
        }
        XCTAssertThrowsError(try c.apply(json: Data(#"{"times": "3"}"#.utf8))) { error in
            XCTAssertTrue("\(error)".contains("expected an integer in 1...10"), "\(error)")
        }
        XCTAssertThrowsError(try c.apply(json: Data(#"{"loud": 1}"#.utf8)))
        XCTAssertEqual(try c.int("times"), 2, "failed overrides leave the value unchanged")
    }

    func testMalformedInputs() {
        var c = MethodConfiguration(descriptor: descriptor)
        XCTAssertThrowsError(try c.apply(overrides: ["times"])) { XCTAssertEqual($0 as? RegistryError, .malformedOverride("times")) }
        XCTAssertThrowsError(try c.apply(overrides: ["=3"]))
        XCTAssertThrowsError(try c.apply(json: Data("[1, 2]".utf8))) { error in
            XCTAssertTrue("\(error)".contains("expected a JSON object"), "\(error)")
        }
        XCTAssertThrowsError(try c.apply(json: Data("{not json".utf8)))
        XCTAssertThrowsError(try c.apply(json: Data(#"{"times": null}"#.utf8)))
    }
}
