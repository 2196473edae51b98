import FaceAlignCore
import Foundation
import NN
import Tensor

/// DeCaFA as a `LandmarkDetector`: one forward pass over a face crop, the last task of the
/// last stage as the answer, every stage's shape for per-stage NME (spec §3.9).
///
/// ```swift
/// let detector = try DeCaFADetector.pretrained()
/// let crop = try FaceCropTransform(box: box, size: detector.inputSize, margin: detector.cropMargin).crop(image)
/// let shape = try detector.predict(crop, initialShape: nil).shape     // crop pixels
/// ```
public final class DeCaFADetector: LandmarkDetector, @unchecked Sendable {
    public let network: DeCaFANetwork
    /// Also run on the mirrored crop and average (un-mirrored with the scheme's permutation).
    public var flipTest: Bool
    /// Provenance from the weight file's metadata (empty for a fresh model).
    public let metadata: [String: String]

    public init(network: DeCaFANetwork, flipTest: Bool = false, metadata: [String: String] = [:]) {
        self.network = network
        self.flipTest = flipTest
        self.metadata = metadata
        network.eval()
    }

    /// Loads weights written by `DeCaFAWeights.save` (checked against `expectedSHA256` when given).
    public convenience init(weights url: URL, expectedSHA256: String? = nil, flipTest: Bool = false) throws {
        let (network, metadata) = try DeCaFAWeights.load(from: url, expectedSHA256: expectedSHA256)
        self.init(network: network, flipTest: flipTest, metadata: metadata)
    }

    /// The shipped default weights (`DeCaFAPlugin.defaultWeights`), checksum verified.
    public static func pretrained(flipTest: Bool = false) throws -> DeCaFADetector {
        let release = DeCaFAPlugin.defaultWeights
        guard let url = Bundle.module.url(forResource: release.file, withExtension: nil, subdirectory: "Resources")
                ?? Bundle.module.url(forResource: release.file, withExtension: nil) else {
            throw DeCaFAWeightsError.missingDefault(reason: "\(release.file) is not in the DeCaFA resources")
        }
        return try DeCaFADetector(weights: url, expectedSHA256: release.sha256, flipTest: flipTest)
    }

    public var config: DeCaFAConfig { network.config }
    public var scheme: LandmarkScheme { config.outputTask.scheme }
    public var inputSize: Int { config.inputSize }
    public var inputChannels: Int { config.inputChannels }
    public var cropMargin: Float { config.cropMargin }

    public func predict(_ crop: Tensor, initialShape: Shape?) throws -> LandmarkPrediction {
        let batch = try crop.rank == 3 ? crop.reshaped([1] + crop.shape) : crop
        guard batch.rank == 4, batch.shape[0] == 1 else {
            throw FaceAlignError.invalidArgument(op: "DeCaFADetector", message: "expects one crop [C, S, S] or [1, C, S, S], got \(crop.shape)")
        }
        return try predictBatch(batch)[0]
    }

    /// Predictions for `[N, C, S, S]` crops with values in 0...1 (3 channels are averaged to gray
    /// for a gray model).
    public func predictBatch(_ crops: Tensor) throws -> [LandmarkPrediction] {
        var x = try prepared(crops)
        DeCaFANetwork.standardize(&x)
        var stagePoints = try forward(x)
        if flipTest {
            var mirrored = try x.reshaped([x.shape[0] * x.shape[1], inputSize, inputSize])
            try PhotometricOps.flipHorizontally(&mirrored)
            let flipped = try forward(try mirrored.reshaped(x.shape))
            let size = Float(inputSize)
            for k in 0..<stagePoints.count {
                for i in 0..<stagePoints[k].count {
                    let back = Shape(points: flipped[k][i], scheme: scheme).mirrored(imageWidth: size).points
                    stagePoints[k][i] = zip(stagePoints[k][i], back).map { ($0 + $1) / 2 }
                }
            }
        }
        let n = crops.shape[0]
        return (0..<n).map { i in
            let stages = stagePoints.map { Shape(points: $0[i], scheme: scheme) }
            return LandmarkPrediction(shape: stages[stages.count - 1], stageShapes: stages)
        }
    }

    /// `[stage][sample][point]` of the output task.
    func forward(_ x: Tensor) throws -> [[[SIMD2<Float>]]] {
        try Autograd.noGrad {
            let out = try network(Variable(x))
            let last = config.tasks.count - 1
            return out.points.map { stage in
                let p = stage[last].value
                let (n, k) = (p.shape[0], p.shape[1])
                let v = p.scalars
                return (0..<n).map { i in (0..<k).map { l in SIMD2(v[(i * k + l) * 2], v[(i * k + l) * 2 + 1]) } }
            }
        }
    }

    func prepared(_ crops: Tensor) throws -> Tensor {
        guard crops.rank == 4, crops.shape[2] == inputSize, crops.shape[3] == inputSize else {
            throw FaceAlignError.invalidArgument(op: "DeCaFADetector", message: "expects crops [N, C, \(inputSize), \(inputSize)] (make them with FaceCropTransform(box:size: \(inputSize), margin: \(cropMargin))), got \(crops.shape)")
        }
        let c = crops.shape[1]
        if c == inputChannels { return crops }
        guard c == 3, inputChannels == 1 else {
            throw FaceAlignError.invalidArgument(op: "DeCaFADetector", message: "the model takes \(inputChannels) channel(s), the crops have \(c)")
        }
        return try crops.mean(alongAxes: [1], keepingDimensions: true)
    }
}
