@testable import Registry

/// Small real plugins for the registry tests: each builds a value from its configuration.
protocol Greeter { func greet() -> String }

struct RepeatingGreeter: Greeter {
    let word: String
    let times: Int
    func greet() -> String { Array(repeating: word, count: times).joined(separator: " ") }
}

let testCitation = Citation(authors: ["A. Author", "B. Author", "C. Author"], title: "A Method",
                            venue: "CVPR", year: 2019, arxiv: "1904.00000")

func greeterDescriptor(version: String) -> MethodDescriptor {
    MethodDescriptor(
        id: "greeter", title: "Greeter", version: try! SemanticVersion(version), task: .greeting,
        package: "RegistryTests", citation: testCitation, summary: "Repeats a word.",
        hyperparameters: [
            .int("times", default: 2, range: 1...10, doc: "How many repetitions."),
            .float("rate", default: 0.5, range: 0...1, doc: "A rate."),
            .bool("loud", default: false, doc: "Upper-case the output."),
            .choice("word", default: "hi", choices: ["hi", "hello"], doc: "The word."),
            .string("note", default: "", doc: "Free text."),
        ])
}

extension MethodTask { static let greeting = MethodTask("greeting") }

enum GreeterV1: MethodPlugin {
    static let descriptor = greeterDescriptor(version: "1.0.0")
    static func make(_ c: MethodConfiguration) throws -> any Greeter {
        RepeatingGreeter(word: try c.string("word"), times: try c.int("times"))
    }
}

enum GreeterV1Patch: MethodPlugin {
    static let descriptor = greeterDescriptor(version: "1.0.3")
    static func make(_ c: MethodConfiguration) throws -> any Greeter {
        RepeatingGreeter(word: try c.string("word").uppercased(), times: try c.int("times"))
    }
}

enum GreeterV2Beta: MethodPlugin {
    static let descriptor = greeterDescriptor(version: "2.0.0-beta.1")
    static func make(_ c: MethodConfiguration) throws -> any Greeter {
        RepeatingGreeter(word: "beta", times: 1)
    }
}

enum CounterPlugin: MethodPlugin {
    static let descriptor = MethodDescriptor(
        id: "counter", title: "Counter", version: SemanticVersion(0, 1, 0), task: .classification,
        package: "RegistryTests", citation: testCitation, summary: "Counts.")
    static func make(_ c: MethodConfiguration) throws -> Int { 42 }
}
