import Compress
import DeeSCo
import FaceAlign
import ForestsPlugin
import Registry
import THIN

/// Every method plugin this build of the app knows. Each domain package's umbrella
/// module exports its list (`ForestsPlugins.all`, `CompressPlugins.all`, ...) and they are
/// concatenated here, in one visible place.
public var allPlugins: [any MethodPlugin.Type] {
    ForestsPlugins.all
        + FaceAlignPlugins.all
        + CompressPlugins.all
        + GazePlugins.all
        + AffectPlugins.all
}

/// The registry over `allPlugins`; a duplicate id@version is a build defect, reported on use.
public func makeRegistry() throws -> MethodRegistry {
    try MethodRegistry(allPlugins)
}

/// Every reproduction this build can run (`facet reproduce ID`), one per method that has one.
public var allReproductions: [any MethodReproduction.Type] {
    [DeCaFAReproduction.self, ForestsReproduction.self] + CompressPlugins.reproductions + GazeReproductions.all
        + AffectReproductions.all
}
