@_exported import DeCaFA
@_exported import FaceAlignCore
import Registry

/// Every method plugin of the FaceAlign package, for the app's registry.
///
/// ```swift
/// let registry = try MethodRegistry(FaceAlignPlugins.all)
/// ```
public enum FaceAlignPlugins {
    public static let all: [any MethodPlugin.Type] = [DeCaFAPlugin.self]
}
