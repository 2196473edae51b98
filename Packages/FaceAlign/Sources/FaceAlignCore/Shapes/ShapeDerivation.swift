/// A map from the shapes of one landmark scheme to another (68 → 5, 7, 19, 29, 49, 51;
/// WFLW 98 → 68).
public protocol ShapeDerivation: Sendable {
    var source: LandmarkScheme { get }
    var target: LandmarkScheme { get }
    /// The derived shape; `s.scheme` must be `source` (a programmer error otherwise, see
    /// `deriveChecked` for shapes that come from a file).
    func derive(_ s: Shape) -> Shape
}

extension ShapeDerivation {
    /// `derive`, throwing instead of trapping when the shape has the wrong scheme.
    public func deriveChecked(_ s: Shape) throws -> Shape {
        guard s.scheme == source else {
            throw FaceAlignError.schemeMismatch(op: "derive \(target.name)", expected: source.name, got: s.scheme.name)
        }
        return derive(s)
    }
}

/// A derivation where each target point is the centroid of some source points (a single
/// index copies the point).
///
/// Labels follow the stricter reading: a derived point is visible only if all its sources are,
/// and occluded if any of them is.
public struct CentroidShapeDerivation: ShapeDerivation, Hashable {
    public let source: LandmarkScheme
    public let target: LandmarkScheme
    /// `sources[k]` lists the source indices averaged into target point k.
    public let sources: [[Int]]
    /// Target points with no true equivalent in the source scheme (filled with a stand-in);
    /// leave them out of errors that claim to compare like with like.
    public let approximatePoints: [Int]

    public init(source: LandmarkScheme, target: LandmarkScheme, sources: [[Int]], approximatePoints: [Int] = []) {
        precondition(sources.count == target.count, "a derivation must give every \(target.name) point its sources")
        precondition(sources.allSatisfy { !$0.isEmpty && $0.allSatisfy { (0..<source.count).contains($0) } },
                     "derivation sources must be non-empty lists of \(source.name) indices")
        self.source = source
        self.target = target
        self.sources = sources
        self.approximatePoints = approximatePoints
    }

    /// True when every target point has an exact equivalent.
    public var isExact: Bool { approximatePoints.isEmpty }

    public func derive(_ s: Shape) -> Shape {
        precondition(s.scheme == source, "\(target.name) derives from \(source.name) shapes, got \(s.scheme.name)")
        let points = sources.map { s.centroid(of: $0) }
        let visible = s.visible.map { v in sources.map { $0.allSatisfy { v[$0] } } }
        let occluded = s.occluded.map { o in sources.map { $0.contains { o[$0] } } }
        return Shape(points: points, scheme: target, visible: visible, occluded: occluded)
    }
}

extension LandmarkScheme {
    /// The scheme made of the points at `indices` of this one, in that order, with the mirror
    /// map carried over. Throws when a point's mirror partner is not kept.
    public func subset(name: String, indices: [Int], outerEyeCorners: [Int]? = nil,
                       eyeContours: [[Int]]? = nil) throws -> LandmarkScheme {
        var position = [Int: Int]()
        for (k, i) in indices.enumerated() {
            guard (0..<count).contains(i), position[i] == nil else {
                throw FaceAlignError.invalidArgument(op: "LandmarkScheme.subset",
                                                     message: "index \(i) is out of 0..<\(count) or listed twice")
            }
            position[i] = k
        }
        var mirror = [Int]()
        for i in indices {
            guard let k = position[self.mirror[i]] else {
                throw FaceAlignError.invalidArgument(op: "LandmarkScheme.subset",
                                                     message: "point \(i) is kept but its mirror \(self.mirror[i]) is not; "
                                                     + "keep both or neither so flips stay defined")
            }
            mirror.append(k)
        }
        // Normaliser points carry over when all of them are kept.
        let corners = outerEyeCorners ?? {
            let mapped = self.outerEyeCorners.compactMap { position[$0] }
            return mapped.count == self.outerEyeCorners.count ? mapped : []
        }()
        let contours = eyeContours ?? {
            let mapped = self.eyeContours.map { $0.compactMap { position[$0] } }
            return zip(mapped, self.eyeContours).allSatisfy({ $0.count == $1.count }) ? mapped : []
        }()
        return LandmarkScheme(name: name, count: indices.count, mirror: mirror,
                              outerEyeCorners: corners, eyeContours: contours)
    }
}
