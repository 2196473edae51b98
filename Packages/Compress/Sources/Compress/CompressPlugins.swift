import CompressCore
import PowerQuant
import RED
import Registry

/// Every method plugin of the Compress package (the baselines included), for an app's
/// registry, and every reproduction.
public enum CompressPlugins {
    public static var all: [any MethodPlugin.Type] { CompressCoreBaselines.all + PowerQuantPlugins.all + [REDPlugin.self] }

    public static var reproductions: [any MethodReproduction.Type] { [PowerQuantReproduction.self, REDReproduction.self] }
}
