import Dispatch
import FaceAlignCore
import Imaging
import Synchronization
import Tensor

/// Close-up gray eye crops rendered by the synthetic face world (`SyntheticFaceWorld.eyeSample`)
/// with their head-relative gaze, head pose, eye landmarks and subject.
///
/// Subjects are the world's identities: a set draws its people from a pool seeded by
/// `Settings.identitySeed`, so two sets with different pool seeds share no subject (the split
/// the DeeSCo protocol needs against appearance memorisation).
///
/// ```swift
/// let train = try SyntheticEyeDataset(.init(subjects: 40, count: 6_000, seed: 1, identitySeed: 101))
/// print(train.images.shape, train.gaze[0], train.landmarks.shape)   // [6000, 1, 36, 60], ..., [6000, 7, 2]
/// ```
public struct SyntheticEyeDataset: Sendable {
    public struct Settings: Sendable, Equatable, Codable {
        /// Number of people in the identity pool, and images rendered.
        public var subjects: Int
        public var count: Int
        public var width: Int = 60
        public var height: Int = 36
        /// Gaze yaw uniform in ±gazeRange degrees, pitch in ±0.6 gazeRange (the renderer's law).
        public var gazeRange: Float = 35
        /// Head pose uniform in ±these (degrees); roll is the in-plane rotation nuisance.
        public var headYawRange: Float = 20
        public var headPitchRange: Float = 15
        public var headRollRange: Float = 8
        /// Sensor noise sd up to, blur sigma up to (pixels), exposure jitter (gain 1 ± j).
        public var maxNoise: Float = 0.03
        public var maxBlur: Float = 1
        public var exposureJitter: Float = 0.3
        /// The world's seed (scenes, light, noise) and the identity pool's seed.
        public var seed: UInt64
        public var identitySeed: UInt64

        public init(subjects: Int, count: Int, seed: UInt64, identitySeed: UInt64) {
            self.subjects = subjects
            self.count = count
            self.seed = seed
            self.identitySeed = identitySeed
        }

        /// The face world these settings describe (eyes open: a blink has no gaze label).
        public func worldConfig() -> SyntheticFaceConfig {
            var c = SyntheticFaceConfig.medium
            c.color = .gray
            c.yawRange = headYawRange
            c.pitchRange = headPitchRange
            c.rollRange = headRollRange
            c.gazeRange = gazeRange
            c.blinkProbability = 0
            c.identityCount = subjects
            c.identitySeed = identitySeed
            c.maxNoise = maxNoise
            c.maxBlur = maxBlur
            c.exposureJitter = exposureJitter
            return c
        }
    }

    /// Landmarks per crop: the iris centre, then the eye's six eyelid points (iBUG order).
    public static let landmarkCount = 7

    public let settings: Settings
    /// `[N, 1, height, width]` in 0...1.
    public let images: Tensor
    /// Head-relative gaze (the label, as in normalised gaze data sets).
    public let gaze: [GazeAngles]
    public let headPoses: [HeadPose]
    /// `[N, 7, 2]` crop pixels (shape convention).
    public let landmarks: Tensor
    public let subjects: [Int]
    /// 0 = image-left eye, 1 = image-right eye.
    public let eyes: [Int]

    public var count: Int { gaze.count }

    /// Renders the set, in parallel over the machine's cores; the same settings give the same set.
    public init(_ settings: Settings) throws {
        guard settings.subjects >= 1, settings.count >= 1 else {
            throw GazeError.invalidArgument("a synthetic eye set needs at least one subject and one image, got \(settings.subjects) and \(settings.count)")
        }
        let world = try SyntheticFaceWorld(config: settings.worldConfig(), seed: settings.seed)
        let (n, w, h, l) = (settings.count, settings.width, settings.height, Self.landmarkCount)
        var images = Tensor(zeros: [n, 1, h, w]), landmarks = Tensor(zeros: [n, l, 2])
        // Each index writes its own slots, so the parallel loop needs no lock.
        var labels = [SyntheticEyeLabels?](repeating: nil, count: n)
        var failure: Error? = nil
        try images.withUnsafeMutableBufferPointer { pix in
            landmarks.withUnsafeMutableBufferPointer { lmk in
                labels.withUnsafeMutableBufferPointer { lab in
                    let out = UnsafeSendable((pix.baseAddress!, lmk.baseAddress!, lab.baseAddress!))
                    let errors = LockedErrors()
                    DispatchQueue.concurrentPerform(iterations: n) { i in
                        do {
                            let sample = try world.eyeSample(at: i, width: w, height: h)
                            let plane = sample.tensor
                            plane.withUnsafeBufferPointer { src in
                                let dst = out.value.0 + i * w * h
                                for p in 0..<(w * h) { dst[p] = src[p] }
                            }
                            let points = [sample.labels.irisCenter] + sample.labels.eyelidLandmarks
                            for (k, q) in points.enumerated() {
                                out.value.1[(i * l + k) * 2] = q.x
                                out.value.1[(i * l + k) * 2 + 1] = q.y
                            }
                            out.value.2[i] = sample.labels
                        } catch {
                            errors.record(error)
                        }
                    }
                    failure = errors.first
                }
            }
            if let failure { throw failure }
        }
        let all = labels.map { $0! }
        self.settings = settings
        self.images = images
        self.landmarks = landmarks
        gaze = all.map { GazeAngles($0.gaze) }
        headPoses = all.map(\.headPose)
        subjects = all.map(\.identityID)
        eyes = all.map(\.eye)
    }

    init(settings: Settings, images: Tensor, gaze: [GazeAngles], headPoses: [HeadPose], landmarks: Tensor, subjects: [Int], eyes: [Int]) {
        self.settings = settings
        self.images = images
        self.gaze = gaze
        self.headPoses = headPoses
        self.landmarks = landmarks
        self.subjects = subjects
        self.eyes = eyes
    }

    /// The rows `rows`, in that order.
    public func subset(_ rows: [Int]) throws -> SyntheticEyeDataset {
        guard rows.allSatisfy({ (0..<count).contains($0) }) else {
            throw GazeError.invalidArgument("subset rows must lie in 0..<\(count)")
        }
        return SyntheticEyeDataset(settings: settings, images: try images.indexSelect(alongAxis: 0, rows),
                                   gaze: rows.map { gaze[$0] }, headPoses: rows.map { headPoses[$0] },
                                   landmarks: try landmarks.indexSelect(alongAxis: 0, rows),
                                   subjects: rows.map { subjects[$0] }, eyes: rows.map { eyes[$0] })
    }

    /// `[N, 2]` (yaw, pitch) in degrees: the regression target of heat-map gaze models.
    public func gazeDegrees() -> Tensor {
        try! Tensor(shape: [count, 2], scalars: gaze.flatMap { [$0.yawDegrees, $0.pitchDegrees] })
    }

    /// The DeeSCo protocol's subject-disjoint pair: `trainSubjects` people for training and
    /// `testSubjects` others for testing, from pools and worlds derived from `seed`.
    public static func split(trainSubjects: Int = 40, trainCount: Int = 6_000, testSubjects: Int = 15, testCount: Int = 2_100,
                             width: Int = 60, height: Int = 36, seed: UInt64 = 0) throws -> (train: SyntheticEyeDataset, test: SyntheticEyeDataset) {
        var train = Settings(subjects: trainSubjects, count: trainCount, seed: 2 * seed + 1_000, identitySeed: 2 * seed + 5_000)
        var test = Settings(subjects: testSubjects, count: testCount, seed: 2 * seed + 1_001, identitySeed: 2 * seed + 5_001)
        (train.width, train.height, test.width, test.height) = (width, height, width, height)
        return (try SyntheticEyeDataset(train), try SyntheticEyeDataset(test))
    }
}

/// A value handed to concurrent workers that write disjoint slots through it.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// The first error of a parallel loop.
final class LockedErrors: Sendable {
    private let stored = Mutex<(any Error)?>(nil)
    func record(_ e: any Error) { stored.withLock { if $0 == nil { $0 = e } } }
    var first: (any Error)? { stored.withLock { $0 } }
}
