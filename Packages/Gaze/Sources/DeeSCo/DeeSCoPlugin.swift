import Foundation
import GazeCore
import NN
import Registry

/// A released DeeSCo weight set (NN's `ModelWeightsRelease`).
public typealias DeeSCoWeightsRelease = ModelWeightsRelease

/// The `deesco` method: DeeSCo (Yvinec, Dapogny, Bailly, 2020), a heterogeneous ensemble of
/// heat-map weak predictors trained with the stochastic combinatory loss. Its product is a
/// `DeeSCoModel`, which is a `GazeEstimator`.
///
/// ```swift
/// let registry = try MethodRegistry(GazePlugins.all)
/// let estimator = try registry.make("deesco", as: DeeSCoModel.self)
/// let eyes = try estimator.estimateEyes(image: pixels, landmarks: face.landmarks, headPose: face.pose)
/// ```
public enum DeeSCoPlugin: MethodPlugin {
    public static let descriptor = MethodDescriptor(
        id: "deesco", title: "DeeSCo: heterogeneous ensemble with stochastic combinatory loss for gaze", version: try! SemanticVersion("1.0.0"),
        task: .gaze, package: "Gaze",
        citation: Citation(authors: ["E. Yvinec", "A. Dapogny", "K. Bailly"],
                           title: "DeeSCo: Deep heterogeneous ensemble with Stochastic Combinatory loss for gaze estimation",
                           venue: "arXiv", year: 2020, arxiv: "2004.07098"),
        summary: "Weak predictors of different architectures branch off a shared CNN trunk and each output a heat-map over a (yaw, pitch) grid plus eye-landmark maps; the loss is put on the combined heat-maps of random subsets of predictors, and inference averages all of them.",
        hyperparameters: [
            .string("weights", default: "default",
                    doc: "default: the shipped weights (their architecture wins over the settings below); none: a fresh model; or a path to a .safetensors file."),
            .choice("design", default: "heterogeneous", choices: ["heterogeneous", "homogeneous", "single"],
                    doc: "heterogeneous: heads at stages 2, 3, 4, 4 with different convs (DeeSCo); homogeneous: four stage-4 copies, parameters matched; single: one stage-4 head."),
            .choice("loss", default: "stochastic", choices: DeeSCoConfig.LossKind.allCases.map(\.rawValue),
                    doc: "stochastic: ℓ on random subsets (DeeSCo); independent: Σ_m ℓ({m}); joint: ℓ(all), the plain ensemble loss."),
            .int("subsets-per-step", default: 2, range: 1...64, doc: "R: random subsets per training step."),
            .float("inclusion-probability", default: 0.5, range: 0.01...1, doc: "p: each predictor's chance to join a subset."),
            .choice("sampling", default: "bernoulli", choices: DeeSCoConfig.SubsetSampling.allCases.map(\.rawValue),
                    doc: "bernoulli: each predictor in with probability p (empty redrawn); uniformSize: size uniform in 1...M, then a uniform subset."),
            .float("full-ensemble-weight", default: 0, range: 0...100, doc: "γ: weight of an extra ℓ(all) term."),
            .int("grid", default: 24, range: 4...128, doc: "Heat-map bins per axis (yaw and pitch)."),
            .float("target-sigma", default: 1, range: 0.1...10, doc: "σ of the target Gaussian, in bins."),
            .float("coordinate-weight", default: 0.1, range: 0...100, doc: "λ of the L1 term on the soft-argmax (per degree)."),
            .float("landmark-weight", default: 1, range: 0...100, doc: "λ_lmk of the eye-landmark L1 term (per crop width)."),
            .float("learning-rate", default: 1e-3, range: 1e-6...1, doc: "Adam learning rate (cosine-decayed to 1 %)."),
            .int("batch-size", default: 64, range: 2...4_096, doc: "Minibatch size."),
            .int("epochs", default: 25, range: 1...10_000, doc: "Training epochs."),
            .int("seed", default: 0, range: 0...Int(Int32.max), doc: "Seed of initialisation, data order and subset draws."),
        ])

    /// The shipped default weights (version 1.0.0 of the method): the heterogeneous design with
    /// the SC loss, 330,708 parameters, 1.34 MB. On 1,500 synthetic eyes of 15 people not seen in
    /// training: 1.57° mean angular error (heads alone 2.31/1.93/1.47/1.48°), eye landmarks 0.82 px
    /// (36x60 crops); always answering the mean gaze scores about 22°.
    public static let defaultWeights = DeeSCoWeightsRelease(
        name: "deesco.synthetic-eyes.v1", file: "deesco-default.safetensors",
        sha256: "92309501ab889221600240003d5697bfc45c34ef2b5ee19f14ce30b116782fc7",
        command: "DeeSCoDefaultTraining().run(writingTo:) (DEESCO_TRAIN_DEFAULT=path swift test -c release --filter DeeSCoReproductionRun/testDefaultWeightsTrainingWhenRequested); 337 s on 2 shared cores, 157 s of it rendering",
        data: "SyntheticEyeDataset.split(trainSubjects: 60, trainCount: 6000, testSubjects: 15, testCount: 1500, seed: 1): gray 36x60 eye crops of the synthetic face world, gaze yaw ±35°, pitch ±21°, head yaw ±20°, pitch ±15°, roll ±8°, blur ≤ 1 px, noise ≤ 0.03, gain ±30 %; 12 epochs, batch 64, Adam 1e-3 cosine to 1e-5, seed 1",
        metrics: ["angular_error_deg": 1.567, "landmark_error_px": 0.821,
                  "head_angular_error_deg_0": 2.31, "head_angular_error_deg_1": 1.93,
                  "head_angular_error_deg_2": 1.47, "head_angular_error_deg_3": 1.48])

    public static func make(_ configuration: MethodConfiguration) throws -> DeeSCoModel {
        let weights = try configuration.string("weights")
        switch weights {
        case "default":
            return try DeeSCoModel.pretrained()
        case "none":
            let config = try self.config(from: configuration)
            Initializer.seed(config.seed)
            return try DeeSCoModel(config: config)
        default:
            return try DeeSCoWeights.load(from: URL(fileURLWithPath: weights)).model
        }
    }

    /// The model and recipe the hyperparameters describe.
    public static func config(from configuration: MethodConfiguration) throws -> DeeSCoConfig {
        var c: DeeSCoConfig
        switch try configuration.string("design") {
        case "homogeneous": c = .homogeneous()
        case "single": c = .single()
        default: c = .heterogeneous
        }
        // The registry validated the choices, so these initialisers cannot fail.
        c.loss = DeeSCoConfig.LossKind(rawValue: try configuration.string("loss"))!
        if c.predictorCount == 1 { c.loss = .independent }
        c.subsetsPerStep = try configuration.int("subsets-per-step")
        c.inclusionProbability = Float(try configuration.float("inclusion-probability"))
        c.sampling = DeeSCoConfig.SubsetSampling(rawValue: try configuration.string("sampling"))!
        c.fullEnsembleWeight = Float(try configuration.float("full-ensemble-weight"))
        c.gridRows = try configuration.int("grid")
        c.gridColumns = c.gridRows
        c.targetSigma = Float(try configuration.float("target-sigma"))
        c.coordinateWeight = Float(try configuration.float("coordinate-weight"))
        c.landmarkWeight = Float(try configuration.float("landmark-weight"))
        c.learningRate = Float(try configuration.float("learning-rate"))
        c.batchSize = try configuration.int("batch-size")
        c.epochs = try configuration.int("epochs")
        c.seed = UInt64(try configuration.int("seed"))
        do { try c.validate() } catch { throw RegistryError.malformedConfiguration("\(error)") }
        return c
    }
}

extension DeeSCoModel {
    /// The shipped default weights, checked against their release SHA-256.
    public static func pretrained() throws -> DeeSCoModel {
        let release = DeeSCoPlugin.defaultWeights
        guard let url = Bundle.module.url(forResource: release.file, withExtension: nil, subdirectory: "Resources")
                ?? Bundle.module.url(forResource: release.file, withExtension: nil) else {
            throw DeeSCoWeightsError.missingDefault(reason: "\(release.file) is not in the DeeSCo resources")
        }
        return try DeeSCoWeights.load(from: url, expectedSHA256: release.sha256).model
    }
}

/// Every plugin of the Gaze package, for the app's registry.
public enum GazePlugins {
    public static let all: [any MethodPlugin.Type] = [DeeSCoPlugin.self]
}
