import FaceAlignCore
import Foundation
import NN
import Registry

/// A released DeCaFA weight set (NN's `ModelWeightsRelease`).
public typealias DeCaFAWeightsRelease = ModelWeightsRelease

/// The `decafa` method: DeCaFA (Dapogny, Bailly, Cord, ICCV 2019), a fully convolutional
/// cascade with chained transfer layers, attention maps and weighted intermediate supervision.
/// Its product is a `DeCaFADetector`.
///
/// ```swift
/// let registry = try MethodRegistry(FaceAlignPlugins.all)
/// let detector = try registry.make("decafa", as: DeCaFADetector.self)
/// ```
public enum DeCaFAPlugin: MethodPlugin {
    public static let descriptor = MethodDescriptor(
        id: "decafa", title: "DeCaFA: deep convolutional cascade for face alignment", version: try! SemanticVersion("1.1.0"),
        task: .landmarks, package: "FaceAlign",
        citation: Citation(authors: ["A. Dapogny", "K. Bailly", "M. Cord"],
                           title: "DeCaFA: Deep Convolutional Cascade for Face Alignment In The Wild",
                           venue: "ICCV", year: 2019),
        summary: "U-Net stages predicting landmark-wise attention maps (spatial softmax, soft-argmax) through chained transfer layers between landmark schemes (5 -> 68), weighted intermediate supervision and attention-weighted feature fusion between stages.",
        hyperparameters: [
            .string("weights", default: "default",
                    doc: "default: the shipped weights (their architecture wins over the settings below); none: a fresh model; or a path to a .safetensors file."),
            .int("input-size", default: 64, range: 16...512, doc: "Crop side S in pixels."),
            .int("stride", default: 2, range: 1...2, doc: "Working stride r: attention maps are S/r (paper: 1)."),
            .int("stages", default: 2, range: 1...8, doc: "Cascade stages."),
            .string("widths", default: "12,24,24", doc: "U-Net channel widths per level, comma-separated."),
            .int("stem-channels", default: 16, range: 1...512, doc: "Channels of the stem features F_0."),
            .string("tasks", default: "five,ibug68", doc: "Landmark tasks coarse to fine (five, seven, aflw19, ibug68); the last is the output."),
            .choice("fusion", default: "attentionWeighted", choices: DeCaFAFusion.allCases.map(\.rawValue),
                    doc: "How the next stage is fed: attention-weighted stem features, or plain concatenation."),
            .bool("chained", default: true, doc: "Chain the transfer layers (each task reads the previous task's logits)."),
            .bool("flip-test", default: false, doc: "Average with the prediction on the mirrored crop."),
        ])

    /// The shipped default weights (version 1.1.0 of the method: U-Nets with group norm):
    /// 79,868 parameters, 327 KB. NME on the toolkit's benchmark splits (world seed 7, first
    /// 300 faces, crops from the world's boxes, no flip test), mean shape in brackets: hard
    /// 31.0 % inter-ocular, 10.8 % box (65.4 %, 24.2 %); easy 3.9 %, 2.3 % (15.2 %, 8.7 %).
    public static let defaultWeights = DeCaFAWeightsRelease(
        name: "decafa.synthetic-dr.v2", file: "decafa-default.safetensors",
        sha256: "f67dd47b7b3de27a743181dd616b73d7aa4a6c3ceeefa86fddb1841267501915",
        command: "facet train decafa --steps 2500 --train-count 5000 --seed 1 -o decafa-default.safetensors (group norm 4 is the default; 2496 steps, 581 s, 2 shared cores)",
        data: "5000 synthetic faces, domain-randomised: quarters of the easy, medium, §7-hard (yaw ±45°) and hard (yaw ±75°) worlds, gray, 128 px renders (a quarter rendered at 64 px and upsampled), world seeds 1010-1013; loader augmentation: rotation ±12°, scale ±12 %, shift ±5 %, flips, blur, noise, occluders, brightness/contrast/gamma and light gradients",
        metrics: ["nme_io_hard_pct": 31.0, "nme_box_hard_pct": 10.8, "nme_io_easy_pct": 3.9, "nme_box_easy_pct": 2.3,
                  "meanshape_nme_io_hard_pct": 65.4, "meanshape_nme_box_hard_pct": 24.2,
                  "meanshape_nme_io_easy_pct": 15.2, "meanshape_nme_box_easy_pct": 8.7])

    public static func make(_ configuration: MethodConfiguration) throws -> DeCaFADetector {
        let weights = try configuration.string("weights")
        let flip = try configuration.bool("flip-test")
        switch weights {
        case "default":
            return try DeCaFADetector.pretrained(flipTest: flip)
        case "none":
            return DeCaFADetector(network: try DeCaFANetwork(try config(from: configuration)), flipTest: flip)
        default:
            return try DeCaFADetector(weights: URL(fileURLWithPath: weights), flipTest: flip)
        }
    }

    /// The architecture the hyperparameters describe.
    public static func config(from configuration: MethodConfiguration) throws -> DeCaFAConfig {
        var c = DeCaFAConfig()
        c.inputSize = try configuration.int("input-size")
        c.workingStride = try configuration.int("stride")
        c.stageCount = try configuration.int("stages")
        c.stemChannels = try configuration.int("stem-channels")
        let widths = try configuration.string("widths").split(separator: ",").map { part -> Int in
            guard let v = Int(part.trimmingCharacters(in: .whitespaces)), v > 0 else {
                throw RegistryError.malformedConfiguration("widths must be positive integers separated by commas, e.g. 12,24,24")
            }
            return v
        }
        c.widths = widths
        c.taskNames = try configuration.string("tasks").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        c.fusion = DeCaFAFusion(rawValue: try configuration.string("fusion")) ?? .attentionWeighted
        c.chainedTransfer = try configuration.bool("chained")
        do { try c.validate() } catch { throw RegistryError.malformedConfiguration("\(error)") }
        return c
    }
}
