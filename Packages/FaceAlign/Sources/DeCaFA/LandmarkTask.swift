import FaceAlignCore

/// One landmark "task" of the cascade (spec §3.4): a scheme and how its points are derived from
/// the dataset's annotation (iBUG 68). Tasks are ordered coarse to fine; the last is the output.
///
/// The same derivation runs in training and at test time (spec §8: derived tasks must match).
public struct LandmarkTask: Sendable, Equatable {
    public let scheme: LandmarkScheme
    /// 68 → this scheme; nil when the task is the annotation scheme itself.
    public let derivation: CentroidShapeDerivation?

    public init(scheme: LandmarkScheme, derivation: CentroidShapeDerivation?) {
        precondition(derivation == nil || derivation!.target == scheme, "a task's derivation must produce its scheme")
        self.scheme = scheme
        self.derivation = derivation
    }

    public var name: String { scheme.name }
    public var count: Int { scheme.count }

    /// Eye centres, nose tip, mouth corners (CelebA / MTCNN style).
    public static let five = LandmarkTask(scheme: .five, derivation: ShapeDerivations.ibug68ToFive)
    /// AFLW-19 equivalents.
    public static let aflw19 = LandmarkTask(scheme: .aflw19, derivation: ShapeDerivations.ibug68ToAFLW19)
    /// Eye corners, nose tip, mouth corners.
    public static let seven = LandmarkTask(scheme: .seven, derivation: ShapeDerivations.ibug68ToSeven)
    /// The full iBUG 68-point markup.
    public static let ibug68 = LandmarkTask(scheme: .ibug68, derivation: nil)

    public static let known: [LandmarkTask] = [.five, .seven, .aflw19, .ibug68]

    /// The task whose scheme is called `name` (`five`, `seven`, `aflw19`, `ibug68`).
    public static func named(_ name: String) -> LandmarkTask? { known.first { $0.name == name } }

    /// This task's shape from a 68-point annotation.
    public func derive(fromAnnotation shape: Shape) throws -> Shape {
        guard let derivation else {
            guard shape.scheme == scheme else {
                throw FaceAlignError.schemeMismatch(op: "DeCaFA task \(name)", expected: scheme.name, got: shape.scheme.name)
            }
            return shape
        }
        return try derivation.deriveChecked(shape)
    }
}
