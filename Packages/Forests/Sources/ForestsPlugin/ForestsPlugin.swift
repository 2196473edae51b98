import Forests
import Registry

extension MethodTask {
    /// Learning from a table of numeric features: classification or regression.
    public static let tabular = MethodTask("tabular")
}

/// The `forests` method: random forests and extra-trees for classification and regression
/// on tables, behind `facet forest`. Its product is a `ForestRecipe`, ready to fit.
///
/// ```swift
/// let registry = try MethodRegistry(ForestsPlugins.all)
/// let recipe = try registry.make("forests", as: ForestRecipe.self) { try $0.apply(overrides: ["trees=300"]) }
/// ```
public enum ForestsPlugin: MethodPlugin {
    public static let descriptor = MethodDescriptor(
        id: "forests", title: "Random forests and extra-trees", version: try! SemanticVersion("1.0.0"),
        task: .tabular, package: "Forests",
        citation: Citation(authors: ["L. Breiman"], title: "Random Forests", venue: "Machine Learning 45(1)", year: 2001),
        summary: "Bootstrap-aggregated CART trees (or extremely randomised trees) for classification and multi-output regression, grown in parallel and deterministic under a seed.",
        hyperparameters: [
            .choice("kind", default: "auto", choices: ForestRecipe.Kind.allCases.map(\.rawValue),
                    doc: "auto: classification for a text target column, regression for a numeric one."),
            .int("trees", default: 100, range: 1...100_000, doc: "Number of trees."),
            .int("max-depth", default: 0, range: 0...1_000, doc: "Depth limit of each tree; 0 grows until leaves are pure."),
            .string("max-features", default: "sqrt",
                    doc: "Split candidates per node: sqrt, log2, all, a fraction in (0, 1] or a count (regression uses all unless set)."),
            .int("min-samples-leaf", default: 1, range: 1...1_000_000, doc: "Fewest training rows in a leaf."),
            .int("min-samples-split", default: 2, range: 2...1_000_000, doc: "Fewest rows a node needs to be split."),
            .choice("criterion", default: "gini", choices: ["gini", "entropy"], doc: "Impurity for classification (regression uses squared error)."),
            .bool("extra-trees", default: false, doc: "Extremely randomised trees: one random threshold per candidate feature, no bootstrap."),
            .bool("bootstrap", default: true, doc: "Grow each tree on a bootstrap sample of the rows."),
            .choice("class-weight", default: "none", choices: ["none", "balanced"], doc: "balanced reweights classes to equal total weight."),
            .bool("oob", default: true, doc: "Report the out-of-bag score (needs bootstrap)."),
            .int("seed", default: 0, range: 0...Int(Int32.max), doc: "Seed; the same seed gives the same forest on any number of threads."),
        ])

    public static func make(_ configuration: MethodConfiguration) throws -> ForestRecipe {
        let kind = ForestRecipe.Kind(rawValue: try configuration.string("kind"))!
        let extra = try configuration.bool("extra-trees")
        let bootstrap = try configuration.bool("bootstrap") && !extra
        let depth = try configuration.int("max-depth")
        let maxFeatures = try parseMaxFeatures(try configuration.string("max-features"))
        // Regression forests split on every feature unless told otherwise, as scikit-learn does.
        let regressionMaxFeatures = configuration.overrides["max-features"] == nil ? MaxFeatures.all : maxFeatures
        let tree = TreeConfig(criterion: SplitCriterion(rawValue: try configuration.string("criterion"))!,
                              maxDepth: depth == 0 ? nil : depth,
                              minSamplesSplit: try configuration.int("min-samples-split"),
                              minSamplesLeaf: try configuration.int("min-samples-leaf"),
                              maxFeatures: maxFeatures,
                              thresholdMode: extra ? .random(perFeature: 1) : .exhaustive)
        let config = ForestConfig(treeCount: try configuration.int("trees"), bootstrap: bootstrap, tree: tree,
                                  seed: UInt64(try configuration.int("seed")),
                                  oobScore: try configuration.bool("oob") && bootstrap)
        let classWeight: ClassWeight? = try configuration.string("class-weight") == "balanced" ? .balanced : nil
        return ForestRecipe(kind: kind, config: config, classWeight: classWeight, regressionMaxFeatures: regressionMaxFeatures)
    }

    static func parseMaxFeatures(_ text: String) throws -> MaxFeatures {
        switch text {
        case "sqrt": return .sqrt
        case "log2": return .log2
        case "all": return .all
        default:
            if let count = Int(text), count >= 1 { return .count(count) }
            if let fraction = Double(text), fraction > 0, fraction <= 1 { return .fraction(fraction) }
            throw RegistryError.malformedConfiguration("max-features '\(text)' must be sqrt, log2, all, a fraction in (0, 1] or a count ≥ 1")
        }
    }
}

/// Every plugin of the Forests package, for the app's registry.
public enum ForestsPlugins {
    public static let all: [any MethodPlugin.Type] = [ForestsPlugin.self]
}
