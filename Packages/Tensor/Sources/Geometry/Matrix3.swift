/// A 3x3 matrix of Doubles, stored by rows: rotations, their products and small normal
/// equations. Products follow the usual convention: `(a * b) * p == a * (b * p)`.
public struct Matrix3: Sendable, Equatable, CustomStringConvertible {
    public var row0: Point3
    public var row1: Point3
    public var row2: Point3

    public init(rows row0: Point3, _ row1: Point3, _ row2: Point3) {
        self.row0 = row0
        self.row1 = row1
        self.row2 = row2
    }

    /// Row-major values `[m00, m01, m02, m10, ...]`; precondition: nine of them.
    public init(_ values: [Double]) {
        precondition(values.count == 9, "Matrix3 needs 9 values, got \(values.count)")
        self.init(rows: Point3(values[0], values[1], values[2]), Point3(values[3], values[4], values[5]),
                  Point3(values[6], values[7], values[8]))
    }

    public init(columns c0: Point3, _ c1: Point3, _ c2: Point3) {
        self.init(rows: Point3(c0.x, c1.x, c2.x), Point3(c0.y, c1.y, c2.y), Point3(c0.z, c1.z, c2.z))
    }

    public static let identity = Matrix3(rows: Point3(1, 0, 0), Point3(0, 1, 0), Point3(0, 0, 1))

    /// Element `[row, column]`.
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition((0..<3).contains(row) && (0..<3).contains(column), "Matrix3 index [\(row), \(column)] out of range")
            switch row {
            case 0: return row0[column]
            case 1: return row1[column]
            default: return row2[column]
            }
        }
        set {
            precondition((0..<3).contains(row) && (0..<3).contains(column), "Matrix3 index [\(row), \(column)] out of range")
            switch row {
            case 0: row0[column] = newValue
            case 1: row1[column] = newValue
            default: row2[column] = newValue
            }
        }
    }

    /// Row-major values.
    public var values: [Double] { [row0.x, row0.y, row0.z, row1.x, row1.y, row1.z, row2.x, row2.y, row2.z] }

    public var transposed: Matrix3 { Matrix3(columns: row0, row1, row2) }

    public var determinant: Double { row0.dot(row1.cross(row2)) }

    public var isFinite: Bool { values.allSatisfy { $0.isFinite } }

    public static func * (m: Matrix3, p: Point3) -> Point3 {
        Point3(m.row0.dot(p), m.row1.dot(p), m.row2.dot(p))
    }

    public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        let bt = b.transposed
        return Matrix3(rows: bt * a.row0, bt * a.row1, bt * a.row2)
    }

    public static func * (s: Double, m: Matrix3) -> Matrix3 {
        Matrix3(rows: s * m.row0, s * m.row1, s * m.row2)
    }

    /// The skew-symmetric matrix `[v]×` with `[v]× · p = v × p`.
    public static func crossProduct(_ v: Point3) -> Matrix3 {
        Matrix3(rows: Point3(0, -v.z, v.y), Point3(v.z, 0, -v.x), Point3(-v.y, v.x, 0))
    }

    public var description: String {
        "Matrix3([\(row0.x), \(row0.y), \(row0.z)], [\(row1.x), \(row1.y), \(row1.z)], [\(row2.x), \(row2.y), \(row2.z)])"
    }
}
