import Foundation
import Imaging
import Tensor

/// Labels of a close-up eye crop (pixels of the crop).
public struct SyntheticEyeLabels: Sendable, Equatable, Codable {
    public var worldSeed: UInt64
    public var index: Int
    /// 0 = the image-left eye (landmarks 36-41), 1 = the image-right eye (42-47).
    public var eye: Int
    /// Gaze relative to the head, and as a unit vector in the camera frame (x right, y down, z away).
    public var gaze: GazeDirection
    public var gazeVector: SIMD3<Float>
    public var headPose: HeadPose
    /// Lid gap relative to this person's neutral (0 closed, 1 neutral).
    public var eyelidOpenness: Float
    public var irisCenter: SIMD2<Float>
    /// The six eyelid landmarks (corners and lids, iBUG order of that eye).
    public var eyelidLandmarks: [SIMD2<Float>]
    public var identityID: Int
}

public struct SyntheticEyeSample: Sendable {
    public var image: PixelImage
    public var labels: SyntheticEyeLabels
    public var tensor: Tensor { image.chwTensor() }
}

extension SyntheticFaceWorld {
    /// Eye crop `index`: the face of scene `index` (its person, pose, expression, gaze and
    /// light), rendered straight into a `width` x `height` window around one eye (the crop spans
    /// twice the eye's corner-to-corner distance), with this world's blur and noise.
    public func eyeSample(at index: Int, width: Int = 60, height: Int = 36) throws -> SyntheticEyeSample {
        guard (8...512).contains(width), (8...512).contains(height) else {
            throw SyntheticFaceError.invalidConfig("eye crops must be 8...512 pixels a side, got \(width)x\(height)")
        }
        let scene = self.scene(at: index)
        var rng = RandomGenerator(seed: SyntheticFaceWorld.derive(seed, 3, UInt64(bitPattern: Int64(index))))
        let model = FaceModel3D(identity: scene.identity)
        let reference = SyntheticFaceWorld.framingCamera(for: scene, model: model, size: 256)
        // The eye nearer the camera is the one a gaze data set would crop at large yaw.
        var eye = rng.integer(in: 0..<2)
        if abs(scene.pose.yaw) > 30 { eye = scene.pose.yaw > 0 ? 0 : 1 }
        let idx = eye == 0 ? Array(36...41) : Array(42...47)
        let points = model.landmarks(expression: scene.expression.actionUnits)
        let projected = idx.map { reference.project(points[$0]) }
        let cornerA = projected[0], cornerB = projected[3]
        let span = max(2, ((cornerB - cornerA) * (cornerB - cornerA)).sum().squareRoot())
        let centre = projected.reduce(SIMD2<Float>.zero, +) / 6
        let k = Float(width) / (2 * span)
        let origin = centre - SIMD2(Float(width), Float(height)) / (2 * k)
        let camera = reference.scaled(by: k, shift: -origin * k)

        let face = FaceRenderer.render(FaceRenderRequest(
            model: model, actionUnits: scene.expression.actionUnits, gaze: scene.gaze, camera: camera,
            lighting: scene.lighting, clothColor: scene.clothColor, width: width, height: height, supersample: 2))
        var canvas = RasterCanvas(width: width, height: height)
        SceneEffects.drawBackground(&canvas, clutter: config.clutter, rng: &rng)
        face.composite(over: &canvas)
        SceneEffects.blur(&canvas, sigma: rng.uniform(0, config.maxBlur))
        let j = config.exposureJitter
        SceneEffects.degrade(&canvas, contrast: 1 + rng.uniform(-j, j), brightness: rng.uniform(-j, j) * 0.3,
                             cast: SIMD3(1, 1, 1), noise: rng.uniform(0, config.maxNoise), rng: &rng)
        let image = SceneEffects.image(canvas, gray: config.color == .gray)

        var neutral = model.neutralLandmarks2D(), posed = neutral
        model.applyExpression(scene.expression.actionUnits, to: &posed)
        model.applyExpression(ActionUnitIntensities(), to: &neutral)
        let rotation = CameraTransform(camera)
        let labels = SyntheticEyeLabels(
            worldSeed: seed, index: index, eye: eye, gaze: scene.gaze, gazeVector: rotation.rotate(scene.gaze.headVector),
            headPose: scene.pose, eyelidOpenness: model.eyelidOpenness(posed, eye: eye, neutral: neutral),
            irisCenter: face.irisCenters[eye], eyelidLandmarks: idx.map { face.landmarks[$0] }, identityID: scene.identityID)
        return SyntheticEyeSample(image: image, labels: labels)
    }
}
