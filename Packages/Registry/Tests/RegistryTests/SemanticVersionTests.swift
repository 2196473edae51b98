import XCTest
@testable import Registry

final class SemanticVersionTests: XCTestCase {
    func testParsesAndPrintsFullForm() throws {
        let v = try SemanticVersion("1.20.3-beta.2+build.7")
        XCTAssertEqual(v.major, 1)
        XCTAssertEqual(v.minor, 20)
        XCTAssertEqual(v.patch, 3)
        XCTAssertEqual(v.prerelease, ["beta", "2"])
        XCTAssertEqual(v.build, ["build", "7"])
        XCTAssertEqual(v.description, "1.20.3-beta.2+build.7")
    }

    func testRejectsMalformedStrings() {
        for bad in ["", "1", "1.2", "1.2.3.4", "a.b.c", "01.2.3", "1.2.-3", "1.2.3-", "1.2.3-beta..1",
                    "1.2.3+", "1.2.3-01", " 1.2.3", "1.2.3 ", "v1.2.3", "1.2.3-be$ta"] {
            XCTAssertThrowsError(try SemanticVersion(bad), "accepted '\(bad)'") { error in
                guard case RegistryError.malformedVersion(let text, _) = error else {
                    return XCTFail("wrong error \(error) for '\(bad)'")
                }
                XCTAssertEqual(text, bad)
            }
        }
    }

    func testOrderingFollowsSemver() throws {
        // The precedence example of semver.org 2.0, section 11.
        let ordered = try ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                           "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0"].map(SemanticVersion.init)
        for i in 0..<ordered.count {
            for j in 0..<ordered.count {
                XCTAssertEqual(ordered[i] < ordered[j], i < j, "\(ordered[i]) vs \(ordered[j])")
            }
        }
    }

    func testBuildMetadataIgnoredForEquality() throws {
        XCTAssertEqual(try SemanticVersion("1.0.0+a"), try SemanticVersion("1.0.0+b"))
        XCTAssertEqual(Set([try SemanticVersion("1.0.0+a"), try SemanticVersion("1.0.0")]).count, 1)
    }

    func testCodableRoundTrip() throws {
        let v = try SemanticVersion("2.1.0-rc.1")
        let data = try JSONEncoder().encode([v])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[\"2.1.0-rc.1\"]")
        XCTAssertEqual(try JSONDecoder().decode([SemanticVersion].self, from: data), [v])
        XCTAssertThrowsError(try JSONDecoder().decode([SemanticVersion].self, from: Data("[\"1.x\"]".utf8)))
    }
}
