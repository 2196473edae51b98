/// A named set of landmark points: how many there are, which point each one mirrors to
/// under a horizontal flip, and which points the NME normalisers use.
public struct LandmarkScheme: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let count: Int
    /// `mirror[i]` is the index of point i's mirror image (a permutation that is its own inverse).
    public let mirror: [Int]
    /// The two outer eye corners (inter-ocular normaliser); empty when the scheme has none.
    public let outerEyeCorners: [Int]
    /// Two index lists whose centroids are the eye centres (inter-pupil normaliser); empty if none.
    public let eyeContours: [[Int]]

    public init(name: String, count: Int, mirror: [Int], outerEyeCorners: [Int], eyeContours: [[Int]]) {
        precondition(mirror.count == count, "mirror map must list every point")
        precondition(mirror.indices.allSatisfy { mirror[mirror[$0]] == $0 }, "mirror map must be an involution")
        self.name = name
        self.count = count
        self.mirror = mirror
        self.outerEyeCorners = outerEyeCorners
        self.eyeContours = eyeContours
    }

    public var description: String { "\(name) (\(count) points)" }

    /// Builds a mirror permutation from the pairs that swap; unlisted points map to themselves.
    public static func mirrorMap(count: Int, pairs: [(Int, Int)]) -> [Int] {
        var map = Array(0..<count)
        for (a, b) in pairs { map[a] = b; map[b] = a }
        return map
    }
}

extension LandmarkScheme {
    /// The iBUG 300-W 68-point markup, 0-based: jaw 0–16 (0 on the image-left side), brows
    /// 17–21 and 22–26, nose bridge 27–30 (30 = tip), lower nose 31–35, eyes 36–41 (36 outer)
    /// and 42–47 (45 outer), outer lips 48–59, inner lips 60–67.
    public static let ibug68: LandmarkScheme = {
        var pairs: [(Int, Int)] = (0..<8).map { ($0, 16 - $0) }
        pairs += [(17, 26), (18, 25), (19, 24), (20, 23), (21, 22), (31, 35), (32, 34),
                  (36, 45), (37, 44), (38, 43), (39, 42), (40, 47), (41, 46),
                  (48, 54), (49, 53), (50, 52), (55, 59), (56, 58), (60, 64), (61, 63), (65, 67)]
        return LandmarkScheme(name: "ibug68", count: 68, mirror: mirrorMap(count: 68, pairs: pairs),
                              outerEyeCorners: [36, 45], eyeContours: [Array(36...41), Array(42...47)])
    }()

    /// Named groups of the 68-point scheme, for drawing and for per-region errors.
    public static let ibug68Groups: [(name: String, indices: [Int], closed: Bool)] = [
        ("jaw", Array(0...16), false), ("rightBrow", Array(17...21), false), ("leftBrow", Array(22...26), false),
        ("noseBridge", Array(27...30), false), ("lowerNose", Array(31...35), false),
        ("rightEye", Array(36...41), true), ("leftEye", Array(42...47), true),
        ("outerLips", Array(48...59), true), ("innerLips", Array(60...67), true),
    ]
}
