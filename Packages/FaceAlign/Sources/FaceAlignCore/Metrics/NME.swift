/// The distance a landmark error is divided by (README-facealign §5), computed on the ground truth.
public enum NMENormalizer: Sendable, Equatable, CustomStringConvertible {
    /// Distance between the outer eye corners (300W 36/45, WFLW 60/72): the 300W / WFLW default.
    case interOcular
    /// Distance between the eye centres (centroids of `eyeContours`; WFLW/COFW pupils): COFW.
    case interPupil
    /// `sqrt(w·h)` of the ground-truth landmarks' box: AFLW and large-yaw tables.
    case boundingBox
    /// A given distance (e.g. a face-box size known from elsewhere).
    case fixed(Float)

    public var description: String {
        switch self {
        case .interOcular: return "inter-ocular"
        case .interPupil: return "inter-pupil"
        case .boundingBox: return "bounding box"
        case .fixed(let d): return "fixed \(d)"
        }
    }

    /// The normalising distance of `groundTruth`; throws when the scheme lacks the points or the
    /// distance is zero or not finite.
    public func distance(for groundTruth: Shape) throws -> Float {
        let s = groundTruth.scheme
        let d: Float
        switch self {
        case .interOcular:
            guard s.outerEyeCorners.count == 2 else { throw FaceAlignError.normalizerUnavailable(scheme: s.name, normalizer: description) }
            d = length(groundTruth.points[s.outerEyeCorners[0]] - groundTruth.points[s.outerEyeCorners[1]])
        case .interPupil:
            guard s.eyeContours.count == 2 else { throw FaceAlignError.normalizerUnavailable(scheme: s.name, normalizer: description) }
            d = length(groundTruth.centroid(of: s.eyeContours[0]) - groundTruth.centroid(of: s.eyeContours[1]))
        case .boundingBox:
            let b = groundTruth.boundingBox
            d = (b.width * b.height).squareRoot()
        case .fixed(let value):
            d = value
        }
        guard d.isFinite, d > 0 else { throw FaceAlignError.degenerateNormalizer(normalizer: description, value: d) }
        return d
    }
}

@inline(__always)
func length(_ v: SIMD2<Float>) -> Float { (v * v).sum().squareRoot() }

/// The normalised mean error of one face, over all points and over the visible ones.
public struct NMEResult: Sendable, Equatable {
    /// `(1/K) Σ_k ‖p̂_k − p_k‖ / d` over all K points (the 3D-projected convention).
    public var all: Float
    /// The same over the points the ground truth marks visible; nil when it carries no visibility
    /// or no point is visible.
    public var visible: Float?
    /// The normalising distance d, in pixels.
    public var distance: Float
}

/// Normalised mean error (NME) per image and over a data set.
///
/// ```swift
/// let e = try NME.evaluate(prediction, against: truth, normalizer: .interOcular)
/// print(e.all * 100, "% NME")
/// ```
public enum NME {
    /// The NME of one prediction against its ground truth (same scheme, same points).
    public static func evaluate(_ prediction: Shape, against groundTruth: Shape,
                                normalizer: NMENormalizer = .interOcular) throws -> NMEResult {
        guard prediction.scheme == groundTruth.scheme else {
            throw FaceAlignError.schemeMismatch(op: "NME", expected: groundTruth.scheme.name, got: prediction.scheme.name)
        }
        let d = try normalizer.distance(for: groundTruth)
        // Double sums: 98 errors of a few pixels each lose nothing, but this stays exact for tests.
        var sumAll = 0.0, sumVisible = 0.0, visibleCount = 0
        for k in 0..<groundTruth.count {
            let e = Double(length(prediction.points[k] - groundTruth.points[k]))
            sumAll += e
            if groundTruth.visible?[k] == true {
                sumVisible += e
                visibleCount += 1
            }
        }
        let dd = Double(d)
        let visible: Float? = groundTruth.visible != nil && visibleCount > 0
            ? Float(sumVisible / Double(visibleCount) / dd) : nil
        return NMEResult(all: Float(sumAll / Double(groundTruth.count) / dd), visible: visible, distance: d)
    }

    /// Per-image NMEs of paired predictions and ground truths.
    public static func evaluate(_ predictions: [Shape], against groundTruths: [Shape],
                                normalizer: NMENormalizer = .interOcular) throws -> [NMEResult] {
        guard predictions.count == groundTruths.count else {
            throw FaceAlignError.countMismatch(op: "NME", counts: [predictions.count, groundTruths.count])
        }
        return try zip(predictions, groundTruths).map { try evaluate($0, against: $1, normalizer: normalizer) }
    }

    /// The data-set NME: the mean of per-image NMEs (a fraction; ×100 for the usual %).
    public static func mean(_ errors: [Float]) -> Float {
        guard !errors.isEmpty else { return .nan }
        return Float(errors.reduce(0.0) { $0 + Double($1) } / Double(errors.count))
    }
}
