import XCTest
@testable import Registry

final class MethodRegistryTests: XCTestCase {
    func testDuplicateIDAndVersionRefused() {
        XCTAssertThrowsError(try MethodRegistry([GreeterV1.self, CounterPlugin.self, GreeterV1.self])) { error in
            XCTAssertEqual(error as? RegistryError, .duplicatePlugin(id: "greeter", version: SemanticVersion(1, 0, 0)))
        }
        XCTAssertNoThrow(try MethodRegistry([GreeterV1.self, GreeterV1Patch.self]), "same id, other version is fine")
    }

    func testNewestMatchingVersionWins() throws {
        let r = try MethodRegistry([GreeterV1.self, GreeterV2Beta.self, GreeterV1Patch.self, CounterPlugin.self])
        XCTAssertEqual(try r.plugin("greeter").descriptor.version.description, "1.0.3", "releases before pre-releases")
        XCTAssertEqual(try r.plugin("greeter", requirement: .exact(SemanticVersion(1, 0, 0))).descriptor.version.description, "1.0.0")
        XCTAssertEqual(try r.plugin(reference: "greeter@^1.0.0").descriptor.version.description, "1.0.3")
        XCTAssertEqual(try r.plugin(reference: "greeter@<1.0.3").descriptor.version.description, "1.0.0")
        XCTAssertEqual(try r.plugin(reference: "greeter@^2.0.0-beta").descriptor.version.description, "2.0.0-beta.1")
        XCTAssertThrowsError(try r.plugin(reference: "greeter@^3.0.0")) { error in
            XCTAssertTrue("\(error)".contains("available: 2.0.0-beta.1, 1.0.3, 1.0.0"), "\(error)")
        }
    }

    func testOnlyPrereleasesStillResolveWithoutRequirement() throws {
        let r = try MethodRegistry([GreeterV2Beta.self])
        XCTAssertEqual(try r.plugin("greeter").descriptor.version.description, "2.0.0-beta.1")
    }

    func testUnknownIDListsKnownOnes() throws {
        let r = try MethodRegistry([GreeterV1.self, CounterPlugin.self])
        XCTAssertThrowsError(try r.plugin("decafa")) { error in
            XCTAssertEqual(error as? RegistryError, .unknownMethod("decafa", known: ["counter", "greeter"]))
            XCTAssertTrue("\(error)".contains("known methods: counter, greeter"))
        }
        XCTAssertThrowsError(try MethodRegistry([]).plugin("x")) { error in
            XCTAssertTrue("\(error)".contains("no methods are registered"))
        }
    }

    func testListsByTaskAndAll() throws {
        let r = try MethodRegistry([GreeterV1.self, CounterPlugin.self, GreeterV1Patch.self])
        XCTAssertEqual(r.all.map(\.reference), ["counter@0.1.0", "greeter@1.0.3", "greeter@1.0.0"])
        XCTAssertEqual(r.methods(for: .greeting).map(\.reference), ["greeter@1.0.3", "greeter@1.0.0"])
        XCTAssertEqual(r.methods(for: .classification).map(\.id), ["counter"])
        XCTAssertTrue(r.methods(for: .gaze).isEmpty)
    }

    func testMakeAppliesConfigurationAndChecksTheProduct() throws {
        let r = try MethodRegistry([GreeterV1.self, GreeterV1Patch.self, CounterPlugin.self])
        let g = try r.make("greeter@1.0.0", as: (any Greeter).self) { try $0.apply(overrides: ["times=3", "word=hello"]) }
        XCTAssertEqual(g.greet(), "hello hello hello")
        XCTAssertEqual(try r.make("greeter", as: (any Greeter).self).greet(), "HI HI")
        XCTAssertEqual(try r.make("counter", as: Int.self), 42)
        XCTAssertThrowsError(try r.make("counter", as: (any Greeter).self)) { error in
            XCTAssertTrue("\(error)".contains("builds Int"), "\(error)")
        }
    }

    func testDescriptorEncodesToJSON() throws {
        let data = try JSONEncoder().encode(GreeterV1.descriptor)
        let back = try JSONDecoder().decode(MethodDescriptor.self, from: data)
        XCTAssertEqual(back, GreeterV1.descriptor)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        XCTAssertEqual(object?["version"] as? String, "1.0.0")
        XCTAssertEqual(object?["task"] as? String, "greeting")
    }

    func testCitationShortForm() {
        XCTAssertEqual(testCitation.short, "A. Author et al., CVPR 2019")
        XCTAssertTrue(testCitation.description.hasSuffix("arXiv:1904.00000"))
    }
}
