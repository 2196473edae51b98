import XCTest
@testable import Registry

final class VersionRequirementTests: XCTestCase {
    private func v(_ s: String) -> SemanticVersion { try! SemanticVersion(s) }

    func testExact() throws {
        for text in ["1.2.0", "=1.2.0"] {
            let r = try VersionRequirement(text)
            XCTAssertTrue(r.matches(v("1.2.0")))
            XCTAssertFalse(r.matches(v("1.2.1")))
            XCTAssertFalse(r.matches(v("1.2.0-rc.1")))
        }
    }

    func testUpToNextMajor() throws {
        let r = try VersionRequirement("^1.2.0")
        XCTAssertTrue(r.matches(v("1.2.0")))
        XCTAssertTrue(r.matches(v("1.9.7")))
        XCTAssertFalse(r.matches(v("1.1.9")))
        XCTAssertFalse(r.matches(v("2.0.0")))
        XCTAssertFalse(r.matches(v("2.0.0-alpha")))
        XCTAssertFalse(r.matches(v("1.3.0-beta")), "pre-releases need to be named")
        XCTAssertTrue(try VersionRequirement("^1.3.0-beta").matches(v("1.3.0-beta.2")))
    }

    func testRanges() throws {
        let r = try VersionRequirement(">=1.0.0,<1.4.0")
        XCTAssertTrue(r.matches(v("1.0.0")))
        XCTAssertTrue(r.matches(v("1.3.99")))
        XCTAssertFalse(r.matches(v("1.4.0")))
        XCTAssertFalse(r.matches(v("0.9.0")))
        XCTAssertTrue(try VersionRequirement(">=3.0.0").matches(v("7.0.0")))
        XCTAssertTrue(try VersionRequirement("<1.0.0").matches(v("0.4.0")))
        XCTAssertFalse(try VersionRequirement("<1.0.0").matches(v("1.0.0")))
    }

    func testMalformedRequirementsRejected() {
        for bad in ["", "^", "^1.2", ">=2.0.0,<1.0.0", ">=1.0.0,~2", "latest", ">=1.0.0,<1.0.0"] {
            XCTAssertThrowsError(try VersionRequirement(bad), "accepted '\(bad)'")
        }
    }

    func testDescriptionParsesBack() throws {
        for text in ["=1.2.0", "^0.3.1", ">=1.0.0,<2.0.0", "<3.0.0"] {
            let r = try VersionRequirement(text)
            XCTAssertEqual(r.description, text)
            XCTAssertEqual(try VersionRequirement(r.description), r)
        }
    }
}
