extension FaceBox {
    /// The tight box around a shape's points, grown by `margin` (a fraction of the width and
    /// height added on each side), score 1. Ground-truth boxes of AFLW-style evaluation and the
    /// fallback crop box when a data set ships none.
    public init(enclosing shape: Shape, margin: Float = 0) {
        let b = shape.boundingBox
        self.init(x: b.x - margin * b.width, y: b.y - margin * b.height,
                  width: b.width * (1 + 2 * margin), height: b.height * (1 + 2 * margin), score: 1)
    }

    /// The square of side max(width, height) with the same centre: face crops keep the aspect.
    public var squared: FaceBox {
        let side = max(width, height), c = center
        return FaceBox(x: c.x - side / 2, y: c.y - side / 2, width: side, height: side, score: score)
    }
}
