extension LandmarkScheme {
    /// The WFLW 98-point markup, 0-based (image-left = the subject's right):
    /// - contour 0–32, from the image-left ear to the image-right one (16 = chin);
    /// - image-left brow 33–41: upper edge 33 (outer) → 37 (inner), then lower edge 38 (inner)
    ///   → 41 (outer); image-right brow 42–50: upper edge 42 (inner) → 46 (outer), lower edge
    ///   47 (outer) → 50 (inner);
    /// - nose bridge 51–54, lower nose 55–59 (57 in the middle);
    /// - image-left eye 60–67: 60 outer corner, upper lid 61–63, 64 inner corner, lower lid
    ///   65–67 (inner → outer); image-right eye 68–75: 68 inner corner, 69–71 upper, 72 outer
    ///   corner, 73–75 lower (outer → inner);
    /// - outer lips 76–87 (corners 76, 82), inner lips 88–95 (corners 88, 92);
    /// - pupils 96 (image-left) and 97.
    ///
    /// Inter-ocular uses the outer corners 60 and 72; inter-pupil uses the annotated pupils.
    public static let wflw98: LandmarkScheme = {
        var pairs: [(Int, Int)] = (0..<16).map { ($0, 32 - $0) }
        // Brows: upper edges run in opposite directions, so do the lower edges.
        pairs += [(33, 46), (34, 45), (35, 44), (36, 43), (37, 42), (38, 50), (39, 49), (40, 48), (41, 47)]
        pairs += [(55, 59), (56, 58)]
        // Eyes: outer ↔ outer, inner ↔ inner; each lid runs outward on one side, inward on the other.
        pairs += [(60, 72), (61, 71), (62, 70), (63, 69), (64, 68), (65, 75), (66, 74), (67, 73)]
        pairs += [(76, 82), (77, 81), (78, 80), (83, 87), (84, 86), (88, 92), (89, 91), (93, 95)]
        pairs += [(96, 97)]
        return LandmarkScheme(name: "wflw98", count: 98, mirror: mirrorMap(count: 98, pairs: pairs),
                              outerEyeCorners: [60, 72], eyeContours: [[96], [97]])
    }()
}
