/// The methods a program knows about, by id and version.
///
/// Swift has no load-time registration, so registration is explicit: each domain
/// package's umbrella module exports a `plugins` list and the app concatenates them.
///
/// ```swift
/// let registry = try MethodRegistry(FaceAlign.plugins + Compress.plugins)
/// let detector = try registry.make("decafa", as: (any LandmarkDetector).self)
/// ```
public struct MethodRegistry: Sendable {
    /// Plugins by id, newest version first.
    private let byID: [String: [Entry]]

    struct Entry: @unchecked Sendable {   // metatypes are immutable; safe to share
        let plugin: any MethodPlugin.Type
        var descriptor: MethodDescriptor { plugin.descriptor }
    }

    public init(_ plugins: [any MethodPlugin.Type]) throws {
        var byID: [String: [Entry]] = [:]
        for plugin in plugins {
            let d = plugin.descriptor
            if byID[d.id, default: []].contains(where: { $0.descriptor.version == d.version }) {
                throw RegistryError.duplicatePlugin(id: d.id, version: d.version)
            }
            byID[d.id, default: []].append(Entry(plugin: plugin))
        }
        self.byID = byID.mapValues { $0.sorted { $0.descriptor.version > $1.descriptor.version } }
    }

    /// Every registered method version, sorted by task, id, then newest version first.
    public var all: [MethodDescriptor] {
        byID.values.flatMap { $0.map(\.descriptor) }.sorted {
            ($0.task, $0.id) == ($1.task, $1.id) ? $0.version > $1.version : ($0.task, $0.id) < ($1.task, $1.id)
        }
    }

    public var isEmpty: Bool { byID.isEmpty }

    public var ids: [String] { byID.keys.sorted() }

    public func methods(for task: MethodTask) -> [MethodDescriptor] {
        all.filter { $0.task == task }
    }

    /// The newest version of `id` that satisfies `requirement` (any version when nil).
    public func plugin(_ id: String, requirement: VersionRequirement? = nil) throws -> any MethodPlugin.Type {
        guard let entries = byID[id] else {
            throw RegistryError.unknownMethod(id, known: ids)
        }
        guard let entry = entries.first(where: { requirement?.matches($0.descriptor.version) ?? !$0.descriptor.version.isPrerelease })
                ?? (requirement == nil ? entries.first : nil) else {
            throw RegistryError.noMatchingVersion(id: id, requirement: requirement!, available: entries.map(\.descriptor.version))
        }
        return entry.plugin
    }

    /// Resolves `id` or `id@requirement`, e.g. `decafa@^1.0.0`.
    public func plugin(reference: String) throws -> any MethodPlugin.Type {
        let (id, requirement) = try Self.parse(reference: reference)
        return try plugin(id, requirement: requirement)
    }

    public func descriptor(reference: String) throws -> MethodDescriptor {
        try plugin(reference: reference).descriptor
    }

    /// Builds a method with its defaults, a JSON configuration and `key=value` overrides,
    /// and checks that it provides the task's protocol `T`.
    public func make<T>(_ reference: String, as type: T.Type = T.self,
                        configure: (inout MethodConfiguration) throws -> Void = { _ in }) throws -> T {
        let plugin = try plugin(reference: reference)
        var configuration = MethodConfiguration(descriptor: plugin.descriptor)
        try configure(&configuration)
        let product = try plugin.makeErased(configuration)
        guard let typed = product as? T else {
            throw RegistryError.wrongProduct(id: plugin.descriptor.id, expected: String(describing: T.self),
                                             actual: String(describing: Swift.type(of: product)))
        }
        return typed
    }

    /// Splits `id@requirement`; the part after `@` is a `VersionRequirement`.
    public static func parse(reference: String) throws -> (id: String, requirement: VersionRequirement?) {
        guard let at = reference.firstIndex(of: "@") else { return (reference, nil) }
        let id = String(reference[..<at])
        return (id, try VersionRequirement(String(reference[reference.index(after: at)...])))
    }
}
