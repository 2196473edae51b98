import Tensor

/// The identity of a synthetic person: the shape parameters that place the procedural 68-point
/// model's curves, and the colours the renderer paints them with.
///
/// Shape parameters are multiplicative factors around 1 (`mean` has all of them at 1) except
/// `jawRoundness` and `browArch`, which blend between two shapes in [0, 1]. Model units are
/// decimetres: the mean face is 1.5 wide at the cheeks and 0.9 between the outer eye corners.
public struct FaceIdentity: Sendable, Equatable, Codable {
    public var faceWidth: Float = 1
    public var faceHeight: Float = 1
    /// 0 = square jaw with a marked angle, 1 = round jaw.
    public var jawRoundness: Float = 0.5
    public var eyeSpacing: Float = 1
    public var eyeSize: Float = 1
    public var noseLength: Float = 1
    public var noseWidth: Float = 1
    public var mouthWidth: Float = 1
    public var lipThickness: Float = 1
    public var browHeight: Float = 1
    /// 0 = straight brows, 1 = strongly arched.
    public var browArch: Float = 0.5

    // Appearance (linear RGB in 0...1).
    public var skinColor: SIMD3<Float> = SIMD3(0.78, 0.6, 0.5)
    public var hairColor: SIMD3<Float> = SIMD3(0.2, 0.14, 0.1)
    public var irisColor: SIMD3<Float> = SIMD3(0.3, 0.22, 0.12)
    public var lipTint: SIMD3<Float> = SIMD3(0.85, 0.55, 0.55)
    public var hairStyle: HairStyle = .short
    /// 0 = thin brows, 1 = thick brows.
    public var browThickness: Float = 0.5

    public enum HairStyle: String, Sendable, Codable, CaseIterable {
        case bald, short, long
    }

    public init() {}

    /// The average person: every shape parameter at its mean. Its neutral landmarks are
    /// `FaceModel3D.meanShape`.
    public static let mean = FaceIdentity()

    /// A random person. Shape factors vary by about ±8% (1 sd), clipped to ±20%, so faces stay
    /// plausible while differing enough for identity to be learnable.
    public static func random(using rng: inout RandomGenerator) -> FaceIdentity {
        var id = FaceIdentity()
        func factor(_ sd: Float) -> Float { 1 + max(-2.5 * sd, min(2.5 * sd, sd * rng.normalFloat())) }
        id.faceWidth = factor(0.06)
        id.faceHeight = factor(0.06)
        id.jawRoundness = rng.uniform(0, 1)
        id.eyeSpacing = factor(0.06)
        id.eyeSize = factor(0.08)
        id.noseLength = factor(0.08)
        id.noseWidth = factor(0.1)
        id.mouthWidth = factor(0.08)
        id.lipThickness = factor(0.12)
        id.browHeight = factor(0.08)
        id.browArch = rng.uniform(0, 1)
        // Skin tones along a light-to-dark axis with a little hue spread.
        let tone = rng.uniform(0, 1)
        let light = SIMD3<Float>(0.93, 0.76, 0.66), dark = SIMD3<Float>(0.36, 0.24, 0.17)
        id.skinColor = light + (dark - light) * tone + SIMD3(rng.uniform(-0.03, 0.03), rng.uniform(-0.03, 0.03), rng.uniform(-0.03, 0.03))
        let hairPalette: [SIMD3<Float>] = [SIMD3(0.06, 0.05, 0.04), SIMD3(0.22, 0.14, 0.08), SIMD3(0.45, 0.3, 0.15),
                                           SIMD3(0.75, 0.6, 0.35), SIMD3(0.5, 0.2, 0.08), SIMD3(0.6, 0.6, 0.6)]
        id.hairColor = hairPalette[rng.integer(in: 0..<hairPalette.count)] * rng.uniform(0.8, 1.15)
        let irisPalette: [SIMD3<Float>] = [SIMD3(0.25, 0.15, 0.07), SIMD3(0.15, 0.3, 0.5), SIMD3(0.3, 0.4, 0.2), SIMD3(0.1, 0.07, 0.05)]
        id.irisColor = irisPalette[rng.integer(in: 0..<irisPalette.count)]
        id.lipTint = SIMD3(rng.uniform(0.75, 0.9), rng.uniform(0.45, 0.6), rng.uniform(0.45, 0.6))
        let style = rng.uniform(0, 1)
        id.hairStyle = style < 0.1 ? .bald : style < 0.6 ? .short : .long
        id.browThickness = rng.uniform(0, 1)
        return id
    }
}
