import Foundation
import Tensor
import Imaging

/// Everything a synthetic sample shows, before pixels: who, which expression, pose, gaze,
/// light, where the face sits in the crop, and the seed of its background, occluders and noise.
public struct SyntheticFaceScene: Sendable, Equatable, Codable {
    public var identityID: Int
    public var identity: FaceIdentity
    public var expression: FaceExpression
    public var pose: HeadPose
    public var gaze: GazeDirection
    public var lighting: FaceLighting
    /// Fraction of the crop side the landmarks' box spans, and the face centre's offset from
    /// the crop centre (fractions of the side).
    public var faceScale: Float
    public var centerOffset: SIMD2<Float>
    public var clothColor: SIMD3<Float>
    public var appearanceSeed: UInt64

    public init(identityID: Int = 0, identity: FaceIdentity = .mean, expression: FaceExpression = .neutral,
                pose: HeadPose = .frontal, gaze: GazeDirection = .ahead, lighting: FaceLighting = .studio,
                faceScale: Float = 0.55, centerOffset: SIMD2<Float> = .zero,
                clothColor: SIMD3<Float> = SIMD3(0.3, 0.35, 0.5), appearanceSeed: UInt64 = 0) {
        self.identityID = identityID
        self.identity = identity
        self.expression = expression
        self.pose = pose
        self.gaze = gaze
        self.lighting = lighting
        self.faceScale = faceScale
        self.centerOffset = centerOffset
        self.clothColor = clothColor
        self.appearanceSeed = appearanceSeed
    }
}

/// The labels of one synthetic sample (all coordinates in the sample's pixels).
public struct SyntheticFaceLabels: Sendable, Equatable, Codable {
    public var worldSeed: UInt64
    public var index: Int
    public var imageSize: Int
    /// The 68 landmarks projected from 3D (hidden ones keep their projected position).
    public var landmarks: [SIMD2<Float>]
    /// False where the head itself hides the landmark.
    public var visible: [Bool]
    /// True where an occluder covers the landmark.
    public var occluded: [Bool]
    public var pose: HeadPose
    public var actionUnits: ActionUnitIntensities
    public var emotion: BasicEmotion
    public var emotionIntensity: Float
    public var valence: Float
    public var arousal: Float
    /// Gaze relative to the head (both eyes look the same way).
    public var gaze: GazeDirection
    /// Iris centres (image-left eye first) and eyelid openness (1 = this person's neutral).
    public var irisCenters: [SIMD2<Float>]
    public var eyelidOpenness: [Float]
    /// The box a face detector would give: a square around the landmarks with jitter.
    public var faceBox: FaceBox
    public var identityID: Int
    public var identity: FaceIdentity
    public var occluders: [OccluderKind]
    public var camera: FaceCamera
    public var lighting: FaceLighting

    /// The landmarks as a `Shape` with the world's visibility and occlusion flags.
    public var shape: Shape { Shape(points: landmarks, scheme: .ibug68, visible: visible, occluded: occluded) }

    public var actionUnitOccurrences: [Bool] { actionUnits.occurrences() }
}

public struct SyntheticFaceSample: Sendable {
    public var image: PixelImage
    public var labels: SyntheticFaceLabels

    /// The image as a `[C, H, W]` tensor in 0...1.
    public var tensor: Tensor { image.chwTensor() }
}

/// The procedural face world: sample `i` is a pure function of (seed, i, config), so samples can
/// be drawn in any order and in parallel and the same seed always gives the same pixels.
///
/// ```swift
/// let world = try SyntheticFaceWorld(config: .hard, seed: 7)
/// let sample = world.sample(at: 0)
/// try ImageIO.write(sample.image, to: "face.png")
/// print(sample.labels.pose, sample.labels.shape.points[30])
/// ```
public struct SyntheticFaceWorld: Sendable {
    public let config: SyntheticFaceConfig
    public let seed: UInt64

    public init(config: SyntheticFaceConfig = .medium, seed: UInt64 = 0) throws {
        try config.validate()
        self.config = config
        self.seed = seed
    }

    /// splitmix64 over a seed and keys: independent streams without a shared generator.
    static func derive(_ seed: UInt64, _ keys: UInt64...) -> UInt64 {
        func mix(_ x: UInt64) -> UInt64 {
            var z = x &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var h = mix(seed)
        for k in keys { h = mix(h ^ mix(k &+ 0x632B_E59B_D9B4_E019)) }
        return h
    }

    /// Person `id` of the pool seeded by `seed`.
    public static func identity(_ id: Int, poolSeed: UInt64) -> FaceIdentity {
        var rng = RandomGenerator(seed: derive(poolSeed, 0x1D, UInt64(id)))
        return FaceIdentity.random(using: &rng)
    }

    /// The scene of sample `index`, without rendering it.
    public func scene(at index: Int) -> SyntheticFaceScene {
        var rng = RandomGenerator(seed: SyntheticFaceWorld.derive(seed, 1, UInt64(bitPattern: Int64(index))))
        let c = config
        var s = SyntheticFaceScene()
        s.identityID = rng.integer(in: 0..<c.identityCount)
        s.identity = SyntheticFaceWorld.identity(s.identityID, poolSeed: c.identitySeed ?? seed)
        s.pose = HeadPose(yaw: rng.uniform(-c.yawRange, c.yawRange), pitch: rng.uniform(-c.pitchRange, c.pitchRange),
                          roll: rng.uniform(-c.rollRange, c.rollRange))
        let emotional = rng.uniformFloat() < c.expressionProbability
        let emotions = BasicEmotion.allCases.filter { $0 != .neutral }
        let emotion = emotional ? emotions[rng.integer(in: 0..<emotions.count)] : .neutral
        let intensity = rng.uniform(c.expressionIntensity.lowerBound, c.expressionIntensity.upperBound)
        s.expression = FaceExpression.of(emotion, intensity: intensity, variation: c.expressionVariation, using: &rng)
        if rng.uniformFloat() < c.blinkProbability { s.expression.actionUnits[.eyesClosed] = rng.uniform(0.6, 1) }
        s.gaze = GazeDirection(yaw: rng.uniform(-c.gazeRange, c.gazeRange), pitch: rng.uniform(-0.6, 0.6) * c.gazeRange)
        let v = c.lightingVariation
        let azimuth = (rng.uniform(-1, 1) * 75 * v - 25 * (1 - v)) * .pi / 180
        let elevation = (rng.uniform(-0.4, 1) * 50 * v + 30 * (1 - v)) * .pi / 180
        s.lighting = FaceLighting(direction: SIMD3(sinf(azimuth) * cosf(elevation), -sinf(elevation), -cosf(azimuth) * cosf(elevation)),
                                  ambient: 0.45 + rng.uniform(-0.2, 0.1) * v, diffuse: 0.65 + rng.uniform(-0.25, 0.25) * v,
                                  specular: 0.12 * rng.uniform(0.3, 1.5),
                                  color: SIMD3(1 + rng.uniform(-0.08, 0.08) * v, 1, 1 + rng.uniform(-0.08, 0.08) * v))
        s.faceScale = rng.uniform(c.faceScale.lowerBound, c.faceScale.upperBound)
        s.centerOffset = SIMD2(rng.uniform(-1, 1), rng.uniform(-1, 1)) * c.centerJitter
        s.clothColor = SIMD3(rng.uniformFloat(), rng.uniformFloat(), rng.uniformFloat()) * 0.8
        s.appearanceSeed = rng.next()
        return s
    }

    /// Sample `index`: its scene, rendered.
    public func sample(at index: Int) -> SyntheticFaceSample { render(scene(at: index), index: index) }

    /// The camera that frames the scene's face in a `size` x `size` crop as the scene asks.
    public static func framingCamera(for scene: SyntheticFaceScene, model: FaceModel3D, size: Int) -> FaceCamera {
        let distance: Float = 8
        var camera = FaceCamera(pose: scene.pose, distance: distance, focalLength: distance, principalPoint: .zero)
        let points = model.landmarks(expression: scene.expression.actionUnits).map(camera.project)
        var lo = points[0], hi = points[0]
        for p in points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        let side = Float(size)
        let s = scene.faceScale * side / max(hi.x - lo.x, hi.y - lo.y, 1e-3)
        camera.focalLength = distance * s
        camera.principalPoint = SIMD2(repeating: side / 2) + scene.centerOffset * side - s * (lo + hi) / 2
        return camera
    }

    /// Renders a scene with this world's image settings and degradations.
    public func render(_ scene: SyntheticFaceScene, index: Int = 0) -> SyntheticFaceSample {
        let c = config
        let size = c.imageSize
        let model = FaceModel3D(identity: scene.identity)
        let camera = SyntheticFaceWorld.framingCamera(for: scene, model: model, size: size)
        let face = FaceRenderer.render(FaceRenderRequest(
            model: model, actionUnits: scene.expression.actionUnits, gaze: scene.gaze, camera: camera,
            lighting: scene.lighting, clothColor: scene.clothColor, width: size, height: size,
            supersample: c.supersample ?? (size <= 96 ? 2 : 1)))

        var rng = RandomGenerator(seed: scene.appearanceSeed)
        var canvas = RasterCanvas(width: size, height: size)
        SceneEffects.drawBackground(&canvas, clutter: c.clutter, rng: &rng)
        face.composite(over: &canvas)
        var occluderCount = 0
        if c.maxOccluders > 0, rng.uniformFloat() < c.occlusionProbability { occluderCount = 1 + rng.integer(in: 0..<c.maxOccluders) }
        let (kinds, map) = Occluders.draw(&canvas, count: occluderCount, landmarks: face.landmarks, rng: &rng)
        SceneEffects.blur(&canvas, sigma: rng.uniform(0, c.maxBlur))
        let j = c.exposureJitter
        SceneEffects.degrade(&canvas, contrast: 1 + rng.uniform(-j, j), brightness: rng.uniform(-j, j) * 0.3,
                             cast: SIMD3(1 + rng.uniform(-0.06, 0.06), 1, 1 + rng.uniform(-0.06, 0.06)) ,
                             noise: rng.uniform(0, c.maxNoise), rng: &rng)
        var image = SceneEffects.image(canvas, gray: c.color == .gray)
        if rng.uniformFloat() < c.jpegProbability {
            let quality = 15 + rng.integer(in: 0..<50)
            // JPEG artefacts by a real round trip; a codec failure keeps the clean image.
            if let bytes = try? ImageIO.encode(image, as: .jpeg, quality: quality),
               let decoded = try? ImageIO.decode(Data(bytes)), decoded.channels == image.channels {
                image = decoded
            }
        }

        let occluded = face.landmarks.map { p -> Bool in
            let x = Int(p.x), y = Int(p.y)
            guard p.x >= 0, p.y >= 0, x < size, y < size else { return false }
            return map[y * size + x] >= 0.5
        }
        var lo = face.landmarks[0], hi = face.landmarks[0]
        for p in face.landmarks { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        let side = max(hi.x - lo.x, hi.y - lo.y) * 1.12 * (1 + rng.uniform(-c.boxJitter, c.boxJitter))
        let centre = (lo + hi) / 2 + SIMD2(rng.uniform(-1, 1), rng.uniform(-1, 1)) * c.boxJitter * side
        let box = FaceBox(x: centre.x - side / 2, y: centre.y - side / 2, width: side, height: side, score: 1)

        var neutral2D = model.neutralLandmarks2D()
        var posed2D = neutral2D
        model.applyExpression(scene.expression.actionUnits, to: &posed2D)
        model.applyExpression(ActionUnitIntensities(), to: &neutral2D)
        let openness = (0..<2).map { model.eyelidOpenness(posed2D, eye: $0, neutral: neutral2D) }

        let labels = SyntheticFaceLabels(
            worldSeed: seed, index: index, imageSize: size, landmarks: face.landmarks, visible: face.visible,
            occluded: occluded, pose: scene.pose, actionUnits: scene.expression.actionUnits,
            emotion: scene.expression.emotion, emotionIntensity: scene.expression.intensity,
            valence: scene.expression.valence, arousal: scene.expression.arousal, gaze: scene.gaze,
            irisCenters: face.irisCenters, eyelidOpenness: openness, faceBox: box, identityID: scene.identityID,
            identity: scene.identity, occluders: kinds, camera: camera, lighting: scene.lighting)
        return SyntheticFaceSample(image: image, labels: labels)
    }
}
