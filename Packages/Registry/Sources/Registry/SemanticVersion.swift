/// A semantic version `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]` (semver.org 2.0).
///
/// Ordering follows the standard: numeric fields first, a pre-release sorts before
/// its release, build metadata is ignored.
///
/// ```swift
/// let v = try SemanticVersion("1.2.0-beta.1")
/// v < SemanticVersion(1, 2, 0)   // true
/// ```
public struct SemanticVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    public var prerelease: [String]
    public var build: [String]

    public init(_ major: Int, _ minor: Int, _ patch: Int, prerelease: [String] = [], build: [String] = []) {
        precondition(major >= 0 && minor >= 0 && patch >= 0, "version fields are non-negative")
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    /// Parses a version string; throws `RegistryError.malformedVersion` naming what is wrong.
    public init(_ text: String) throws {
        func fail(_ why: String) -> RegistryError {
            .malformedVersion(text, reason: why)
        }
        var core = Substring(text)
        var build: [String] = []
        var prerelease: [String] = []
        if let plus = core.firstIndex(of: "+") {
            build = core[core.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            core = core[..<plus]
            if build.contains(where: { $0.isEmpty || !$0.allSatisfy(Self.isIdentifierCharacter) }) {
                throw fail("build metadata must be dot-separated [0-9A-Za-z-] identifiers")
            }
        }
        if let dash = core.firstIndex(of: "-") {
            prerelease = core[core.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            core = core[..<dash]
            for id in prerelease {
                if id.isEmpty || !id.allSatisfy(Self.isIdentifierCharacter) {
                    throw fail("pre-release must be dot-separated [0-9A-Za-z-] identifiers")
                }
                if id.allSatisfy(\.isASCIIDigit) && id.count > 1 && id.first == "0" {
                    throw fail("numeric pre-release identifier '\(id)' has a leading zero")
                }
            }
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw fail("expected MAJOR.MINOR.PATCH, e.g. 1.0.0") }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy(\.isASCIIDigit), let n = Int(part) else {
                throw fail("'\(part)' is not a non-negative integer")
            }
            if part.count > 1 && part.first == "0" { throw fail("'\(part)' has a leading zero") }
            numbers.append(n)
        }
        self.init(numbers[0], numbers[1], numbers[2], prerelease: prerelease, build: build)
    }

    public var description: String {
        var s = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { s += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { s += "+" + build.joined(separator: ".") }
        return s
    }

    public var isPrerelease: Bool { !prerelease.isEmpty }

    // Build metadata does not take part in precedence, so it must not take part in equality either.
    public static func == (a: SemanticVersion, b: SemanticVersion) -> Bool {
        a.major == b.major && a.minor == b.minor && a.patch == b.patch && a.prerelease == b.prerelease
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if a.major != b.major { return a.major < b.major }
        if a.minor != b.minor { return a.minor < b.minor }
        if a.patch != b.patch { return a.patch < b.patch }
        switch (a.prerelease.isEmpty, b.prerelease.isEmpty) {
        case (true, true), (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (Int(x), Int(y)) {
            case let (nx?, ny?): return nx < ny
            case (_?, nil): return true   // numeric identifiers sort before alphanumeric ones
            case (nil, _?): return false
            case (nil, nil): return x < y
            }
        }
        return a.prerelease.count < b.prerelease.count
    }

    private static func isIdentifierCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-")
    }
}

extension SemanticVersion: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
