/// The simplest landmark predictor: the mean shape placed in the face box. Any method that
/// looks at the image must beat it; its NME says how hard a split is.
public struct MeanShapeBaseline: Sendable {
    /// The mean shape in box coordinates: (0, 0) is the box's top-left, (1, 1) its bottom-right.
    public let unitShape: [SIMD2<Float>]

    /// The frontal mean face's landmarks placed as the synthetic world's boxes place them (a
    /// square 1.12 times the landmarks' larger side, centred on them).
    public init() {
        let camera = FaceCamera(pose: .frontal, focalLength: 8, principalPoint: .zero)
        let points = FaceModel3D().landmarks().map(camera.project)
        var lo = points[0], hi = points[0]
        for p in points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        let side = max(hi.x - lo.x, hi.y - lo.y) * 1.12
        let origin = (lo + hi) / 2 - side / 2
        unitShape = points.map { ($0 - origin) / side }
    }

    /// A baseline learnt from training shapes and their boxes: the average of each shape in box
    /// coordinates (what a cascade's initial shape usually is).
    public init(shapes: [Shape], boxes: [FaceBox]) throws {
        guard !shapes.isEmpty, shapes.count == boxes.count else {
            throw SyntheticFaceError.invalidConfig("need as many boxes as shapes (at least one), got \(shapes.count) and \(boxes.count)")
        }
        var mean = [SIMD2<Float>](repeating: .zero, count: shapes[0].count)
        for (s, b) in zip(shapes, boxes) {
            guard s.count == mean.count else { throw SyntheticFaceError.invalidConfig("all shapes must have the same scheme") }
            for i in 0..<s.count { mean[i] += (s.points[i] - SIMD2(b.x, b.y)) / SIMD2(b.width, b.height) }
        }
        unitShape = mean.map { $0 / Float(shapes.count) }
    }

    public func predict(box: FaceBox) -> Shape {
        Shape(points: unitShape.map { SIMD2(box.x, box.y) + $0 * SIMD2(box.width, box.height) }, scheme: .ibug68)
    }
}
