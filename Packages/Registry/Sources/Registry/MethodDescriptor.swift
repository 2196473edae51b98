/// Everything the toolkit knows about a method without building it: identity,
/// version, task, provenance and its hyperparameters.
public struct MethodDescriptor: Hashable, Codable, Sendable {
    /// Short lowercase identifier used on the command line, e.g. `decafa`.
    public var id: String
    public var title: String
    /// Version of the implementation and its default weights; bump per the package CHANGELOG.
    public var version: SemanticVersion
    public var task: MethodTask
    /// The SwiftPM package that holds the method, e.g. `FaceAlign`.
    public var package: String
    public var citation: Citation
    public var summary: String
    public var hyperparameters: [Hyperparameter]

    public init(id: String, title: String, version: SemanticVersion, task: MethodTask, package: String,
                citation: Citation, summary: String, hyperparameters: [Hyperparameter] = []) {
        precondition(Self.isValidID(id), "method id '\(id)' must be lowercase letters, digits and '-'")
        let names = hyperparameters.map(\.name)
        precondition(Set(names).count == names.count, "method \(id) declares a hyperparameter twice")
        self.id = id
        self.title = title
        self.version = version
        self.task = task
        self.package = package
        self.citation = citation
        self.summary = summary
        self.hyperparameters = hyperparameters
    }

    public func hyperparameter(named name: String) -> Hyperparameter? {
        hyperparameters.first { $0.name == name }
    }

    /// `id@version`, the way a user names one release of a method.
    public var reference: String { "\(id)@\(version)" }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}
