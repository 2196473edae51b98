/// A method the toolkit can list and build: a static descriptor plus a factory.
///
/// The factory's product conforms to the protocol of the descriptor's task
/// (`LandmarkDetector` for `.landmarks`, `Pruner` for `.pruning`, ...).
///
/// ```swift
/// public enum MyMethodPlugin: MethodPlugin {
///     public static let descriptor = MethodDescriptor(id: "my-method", ...)
///     public static func make(_ configuration: MethodConfiguration) throws -> MyMethod {
///         MyMethod(depth: try configuration.int("depth"))
///     }
/// }
/// ```
public protocol MethodPlugin {
    associatedtype Product
    static var descriptor: MethodDescriptor { get }
    static func make(_ configuration: MethodConfiguration) throws -> Product
}

extension MethodPlugin {
    /// The factory reached through an existential `any MethodPlugin.Type`.
    static func makeErased(_ configuration: MethodConfiguration) throws -> Any {
        try make(configuration)
    }
}
