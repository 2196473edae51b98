/// Schemes derived from iBUG 68 (README-facealign §4). Index 0 of each pair is on the image-left
/// side, as in the 68-point markup.
extension LandmarkScheme {
    /// Eye centres, nose tip, mouth corners (CelebA / MTCNN style): 0 image-left eye centre,
    /// 1 image-right eye centre, 2 nose tip, 3 and 4 mouth corners. No eye corners, so the
    /// inter-ocular normaliser is unavailable; inter-pupil uses the eye centres.
    public static let five = LandmarkScheme(
        name: "five", count: 5, mirror: mirrorMap(count: 5, pairs: [(0, 1), (3, 4)]),
        outerEyeCorners: [], eyeContours: [[0], [1]])

    /// Eye corners (0 outer, 1 inner image-left; 2 inner, 3 outer image-right), nose tip 4,
    /// mouth corners 5 and 6.
    public static let seven = LandmarkScheme(
        name: "seven", count: 7, mirror: mirrorMap(count: 7, pairs: [(0, 3), (1, 2), (5, 6)]),
        outerEyeCorners: [0, 3], eyeContours: [[0, 1], [2, 3]])

    /// AFLW-19 equivalents (no ear points): brows 0–5 (outer, middle, inner; inner, middle,
    /// outer), eyes 6–11 (outer corner, centre, inner corner; inner, centre, outer), nose 12–14
    /// (image-left nostril, tip, image-right nostril), mouth 15–17 (corner, centre, corner), chin 18.
    public static let aflw19 = LandmarkScheme(
        name: "aflw19", count: 19,
        mirror: mirrorMap(count: 19, pairs: [(0, 5), (1, 4), (2, 3), (6, 11), (7, 10), (8, 9), (12, 14), (15, 17)]),
        outerEyeCorners: [6, 11], eyeContours: [[7], [10]])

    /// COFW / LFPW 29-point order (pairs as in the COFW mirror list): brow outer corners 0/1, inner
    /// corners 2/3, image-left brow top 4 and bottom 5, image-right brow top 6 and bottom 7, eye
    /// outer corners 8/9, inner corners 10/11, image-left eye top 12 and bottom 13, image-right eye
    /// top 14 and bottom 15, pupils 16/17, nostrils 18/19, nose tip 20, nose bottom 21, mouth
    /// corners 22/23, upper lip top 24 and bottom 25, lower lip top 26 and bottom 27, chin 28.
    /// COFW is evaluated inter-pupil.
    public static let cofw29 = LandmarkScheme(
        name: "cofw29", count: 29,
        mirror: mirrorMap(count: 29, pairs: [(0, 1), (2, 3), (4, 6), (5, 7), (8, 9), (10, 11), (12, 14), (13, 15),
                                             (16, 17), (18, 19), (22, 23)]),
        outerEyeCorners: [8, 9], eyeContours: [[16], [17]])

    /// iBUG 68 without the jaw (17–67 renumbered 0–50).
    public static let ibug51: LandmarkScheme = fixedSubset(of: .ibug68, name: "ibug51", indices: Array(17...67))

    /// iBUG 68 without the jaw and the inner mouth corners 60 and 64 (older cascades' set).
    public static let ibug49: LandmarkScheme =
        fixedSubset(of: .ibug68, name: "ibug49", indices: Array(17...67).filter { $0 != 60 && $0 != 64 })

    /// The schemes this file defines plus iBUG 68 and WFLW 98, by name (for files and the CLI).
    public static let known: [LandmarkScheme] = [.ibug68, .wflw98, .five, .seven, .aflw19, .cofw29, .ibug51, .ibug49]

    /// The known scheme called `name`, if any.
    public static func named(_ name: String) -> LandmarkScheme? { known.first { $0.name == name } }

    private static func fixedSubset(of scheme: LandmarkScheme, name: String, indices: [Int]) -> LandmarkScheme {
        do { return try scheme.subset(name: name, indices: indices) } catch {
            preconditionFailure("built-in scheme \(name) is inconsistent: \(error)")
        }
    }
}

/// The built-in derivations between schemes.
public enum ShapeDerivations {
    /// 68 → 5: eye centres (centroids of the eye contours), nose tip, mouth corners.
    public static let ibug68ToFive = CentroidShapeDerivation(
        source: .ibug68, target: .five, sources: [Array(36...41), Array(42...47), [30], [48], [54]])

    /// 68 → 7: eye corners, nose tip, mouth corners.
    public static let ibug68ToSeven = CentroidShapeDerivation(
        source: .ibug68, target: .seven, sources: [[36], [39], [42], [45], [30], [48], [54]])

    /// 68 → AFLW-19 equivalents (approximate as a whole: the two markups place brow and chin
    /// points differently, but every point has a counterpart).
    public static let ibug68ToAFLW19 = CentroidShapeDerivation(
        source: .ibug68, target: .aflw19,
        sources: [[17], [19], [21], [22], [24], [26],
                  [36], Array(36...41), [39], [42], Array(42...47), [45],
                  [31], [30], [35], [48], [51, 57], [54], [8]])

    /// 68 → COFW-29, approximate: the lower-brow points 5 and 7 have no 68-point equivalent and
    /// stand in as the midpoint of their brow's corners (below the brow's arch); lids are the
    /// midpoints of the two 68-point lid points and pupils the eye-contour centroids.
    public static let ibug68ToCOFW29 = CentroidShapeDerivation(
        source: .ibug68, target: .cofw29,
        sources: [[17], [26], [21], [22], [19], [17, 21], [24], [22, 26],
                  [36], [45], [39], [42], [37, 38], [40, 41], [43, 44], [46, 47],
                  Array(36...41), Array(42...47), [31], [35], [30], [33],
                  [48], [54], [51], [62], [66], [57], [8]],
        approximatePoints: [5, 7])

    /// 68 → 51 (drop the jaw).
    public static let ibug68To51 = CentroidShapeDerivation(
        source: .ibug68, target: .ibug51, sources: (17...67).map { [$0] })

    /// 68 → 49 (drop the jaw and the inner mouth corners).
    public static let ibug68To49 = CentroidShapeDerivation(
        source: .ibug68, target: .ibug49, sources: (17...67).filter { $0 != 60 && $0 != 64 }.map { [$0] })

    /// WFLW 98 → 68, the commonly used approximate map: every other contour point, the upper
    /// brow edges, the whole nose, six of the eight points of each eye, the whole mouth.
    public static let wflw98To68 = CentroidShapeDerivation(
        source: .wflw98, target: .ibug68,
        sources: (stride(from: 0, through: 32, by: 2).map { $0 } + Array(33...37) + Array(42...46) + Array(51...59)
                  + [60, 61, 63, 64, 65, 67, 68, 69, 71, 72, 73, 75] + Array(76...95)).map { [$0] })

    /// Every built-in derivation.
    public static let all: [CentroidShapeDerivation] = [
        ibug68ToFive, ibug68ToSeven, ibug68ToAFLW19, ibug68ToCOFW29, ibug68To51, ibug68To49, wflw98To68,
    ]
}
