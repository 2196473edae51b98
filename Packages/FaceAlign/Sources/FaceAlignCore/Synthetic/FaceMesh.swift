import Foundation

/// What a mesh is made of; the shader picks the albedo by it.
enum SurfaceMaterial: UInt8 {
    case none = 0, head, neck, ear, hair, cloth
}

/// A triangle mesh in the model frame with the attributes the shader interpolates.
struct FaceMesh {
    var material: SurfaceMaterial
    var positions: [SIMD3<Float>] = []
    var normals: [SIMD3<Float>] = []
    /// Model (x, y) for the face texture, weight of the texture (front of the face), hair
    /// coverage and an ambient-occlusion factor.
    var texcoords: [SIMD2<Float>] = []
    var front: [Float] = []
    var hair: [Float] = []
    var shade: [Float] = []
    var triangles: [Int32] = []
    var doubleSided = false

    init(material: SurfaceMaterial) { self.material = material }

    mutating func add(_ p: SIMD3<Float>, tex: SIMD2<Float> = .zero, front f: Float = 0, hair h: Float = 0, shade s: Float = 1) {
        positions.append(p)
        texcoords.append(tex)
        front.append(f)
        hair.append(h)
        shade.append(s)
    }

    /// Triangles of a (rows x columns) vertex grid starting at `base`; `wrap` joins the last
    /// column to the first. Winding is counter-clockwise seen from outside (y down frame).
    mutating func gridTriangles(base: Int, rows: Int, columns: Int, wrap: Bool) {
        let cols = wrap ? columns : columns - 1
        triangles.reserveCapacity(triangles.count + 6 * (rows - 1) * cols)
        for r in 0..<(rows - 1) {
            for c in 0..<cols {
                let c1 = (c + 1) % columns
                let a = Int32(base + r * columns + c), b = Int32(base + r * columns + c1)
                let d = Int32(base + (r + 1) * columns + c), e = Int32(base + (r + 1) * columns + c1)
                triangles.append(a); triangles.append(d); triangles.append(b)
                triangles.append(b); triangles.append(d); triangles.append(e)
            }
        }
    }

    /// Normals from the grid's neighbours (central differences), pointing away from `inside`.
    mutating func gridNormals(base: Int, rows: Int, columns: Int, wrap: Bool, inside: (SIMD3<Float>) -> SIMD3<Float>) {
        normals += [SIMD3<Float>](repeating: .zero, count: positions.count - normals.count)
        for r in 0..<rows {
            for c in 0..<columns {
                let i = base + r * columns + c
                let left = wrap ? (c + columns - 1) % columns : max(0, c - 1), right = wrap ? (c + 1) % columns : min(columns - 1, c + 1)
                let up = max(0, r - 1), down = min(rows - 1, r + 1)
                let du = positions[base + r * columns + right] - positions[base + r * columns + left]
                var dv = positions[base + down * columns + c] - positions[base + up * columns + c]
                if (dv * dv).sum() < 1e-12 { dv = SIMD3(0, 1, 0) }
                var n = SIMD3(du.y * dv.z - du.z * dv.y, du.z * dv.x - du.x * dv.z, du.x * dv.y - du.y * dv.x)
                let out = positions[i] - inside(positions[i])
                if (n * out).sum() < 0 { n = -n }
                let len = (n * n).sum().squareRoot()
                normals[i] = len > 1e-12 ? n / len : out / max(1e-6, (out * out).sum().squareRoot())
            }
        }
    }
}

/// Builds the meshes of a head: the head surface (with hair), neck, ears, shoulders and, for
/// long hair, a curtain of hair behind.
enum FaceMeshBuilder {
    static func build(model: FaceModel3D, expression: ActionUnitIntensities, detail: Float) -> [FaceMesh] {
        let id = model.identity
        let drop = model.jawDrop(expression)
        var meshes: [FaceMesh] = []

        // Head: longitude φ(u) is denser at the front (u^3 term), where the nose needs detail.
        // About 1.5 pixels between vertices at the front of the face: finer is invisible.
        let columns = max(48, min(180, Int(detail * 1.8))) & ~1
        let rows = max(32, min(140, Int(detail * 1.5)))
        var head = FaceMesh(material: .head)
        head.positions.reserveCapacity(rows * columns)
        for r in 0..<rows {
            let t = Float(r) / Float(rows - 1)
            for c in 0..<columns {
                let u = -1 + 2 * Float(c) / Float(columns)
                let phi = Float.pi * (0.55 * u + 0.45 * u * u * u)
                // Upper rows are level (independent of φ) so the jaw's shape does not bend them.
                let split: Float = 0.55, level: Float = -0.05
                let y = t < split ? model.topY + (level - model.topY) * t / split
                    : level + (model.bottomY(phi) - level) * (t - split) / (1 - split)
                var p = model.surfacePoint(phi: phi, y: y)
                let cosPhi = cosf(phi)
                let hair = hairCoverage(model: model, phi: phi, y: y)
                // Hair adds volume: push outward from the head's axis.
                if hair > 0 {
                    let grow = 1 + 0.07 * hair
                    p.x *= grow
                    p.z = p.z * grow
                    p.y -= 0.05 * hair * max(0, -y)
                }
                let frontWeight = smooth((cosPhi - 0.05) / 0.3)
                p.y += drop * model.jawWeight(p.x, p.y) * frontWeight
                let bottom = smooth((t - 0.93) / 0.07)
                head.add(p, tex: SIMD2(p.x, p.y), front: frontWeight, hair: hair, shade: 1 - 0.2 * bottom)
            }
        }
        head.gridTriangles(base: 0, rows: rows, columns: columns, wrap: true)
        head.gridNormals(base: 0, rows: rows, columns: columns, wrap: true) { p in SIMD3(0, max(p.y, model.topY * 0.5), 0.0) }
        meshes.append(head)

        // Neck: an elliptic cylinder, darker under the jaw.
        var neck = FaceMesh(material: .neck)
        let neckColumns = 32, neckRows = 8
        for r in 0..<neckRows {
            let y = 0.2 + 3.0 * Float(r) / Float(neckRows - 1)
            for c in 0..<neckColumns {
                let phi = 2 * Float.pi * Float(c) / Float(neckColumns) - .pi
                let p = SIMD3(0.5 * id.faceWidth * sinf(phi), y, 0.15 - 0.45 * cosf(phi))
                neck.add(p, shade: 0.55 + 0.4 * smooth((y - model.chinY) / 0.5))
            }
        }
        neck.gridTriangles(base: 0, rows: neckRows, columns: neckColumns, wrap: true)
        neck.gridNormals(base: 0, rows: neckRows, columns: neckColumns, wrap: true) { p in SIMD3(0, p.y, 0.12) }
        meshes.append(neck)

        // Shoulders: a wide flattened cylinder below the neck.
        var torso = FaceMesh(material: .cloth)
        let torsoColumns = 32, torsoRows = 6
        for r in 0..<torsoRows {
            let y = 1.95 + 2.5 * Float(r) / Float(torsoRows - 1)
            let widen = min(1, (y - 1.95) / 0.4)
            for c in 0..<torsoColumns {
                let phi = 2 * Float.pi * Float(c) / Float(torsoColumns) - .pi
                let rx = 0.6 + 1.1 * sqrtf(widen), rz = 0.45 + 0.15 * widen
                torso.add(SIMD3(rx * sinf(phi), y, 0.2 - rz * cosf(phi)))
            }
        }
        torso.gridTriangles(base: 0, rows: torsoRows, columns: torsoColumns, wrap: true)
        torso.gridNormals(base: 0, rows: torsoRows, columns: torsoColumns, wrap: true) { p in SIMD3(0, p.y + 0.3, 0.2) }
        meshes.append(torso)

        // Ears: flat ovals on the sides, visible when the head turns.
        var ears = FaceMesh(material: .ear)
        ears.doubleSided = true
        for side: Float in [-1, 1] {
            let base = ears.positions.count
            let centre = SIMD3<Float>(side * (model.maxHalfWidth - 0.01), 0.12, 0.08)
            ears.add(centre)
            let n = 14
            for k in 0..<n {
                let a = 2 * Float.pi * Float(k) / Float(n)
                ears.add(centre + SIMD3(side * 0.06 * (1 - cosf(a)) * 0.5, 0.3 * sinf(a) * 0.55, 0.16 * cosf(a) * 0.55))
            }
            for k in 0..<n {
                ears.triangles += [Int32(base), Int32(base + 1 + k), Int32(base + 1 + (k + 1) % n)]
            }
            ears.normals += [SIMD3<Float>](repeating: SIMD3(side * 0.9, 0, 0.3), count: n + 1)
        }
        meshes.append(ears)

        if id.hairStyle == .long {
            var curtain = FaceMesh(material: .hair)
            let cCols = 40, cRows = 10
            for r in 0..<cRows {
                let y = -0.5 + 2.6 * Float(r) / Float(cRows - 1)
                for c in 0..<cCols {
                    let phi = Float.pi * (72 + 216 * Float(c) / Float(cCols - 1)) / 180
                    let flare = 1 + 0.12 * max(0, y - 0.5)
                    let p = SIMD3(model.maxHalfWidth * 1.13 * flare * sinf(phi), y, 0.1 - 1.05 * cosf(phi))
                    curtain.add(p, hair: 1, shade: 0.85)
                }
            }
            curtain.gridTriangles(base: 0, rows: cRows, columns: cCols, wrap: false)
            curtain.gridNormals(base: 0, rows: cRows, columns: cCols, wrap: false) { p in SIMD3(0, p.y, 0.1) }
            curtain.doubleSided = true
            meshes.append(curtain)
        }
        return meshes
    }

    /// Hair on the head surface at longitude φ and height y: a hairline above the forehead,
    /// down the temples to the sideburns, above the ears, down to the nape behind.
    static func hairCoverage(model: FaceModel3D, phi: Float, y: Float) -> Float {
        guard model.identity.hairStyle != .bald else { return 0 }
        let a = abs(phi) * 180 / .pi
        let line: Float
        if a < 50 { line = model.browY - 0.33 - 0.05 * (a / 50) }
        else if a < 72 { line = model.browY - 0.38 + 0.45 * smooth((a - 50) / 22) }
        else if a < 84 { line = model.browY + 0.07 + 0.3 * smooth((a - 72) / 12) }
        else if a < 100 { line = model.browY + 0.2 }
        else if a < 125 { line = model.browY + 0.2 + (0.5 - model.browY - 0.2) * smooth((a - 100) / 25) }
        else { line = 0.5 }
        return 1 - smoothRange(y, line - 0.03, line + 0.03)
    }
}
