import Foundation

/// One face to draw: the person, their expression and gaze, the camera and the light.
struct FaceRenderRequest {
    var model: FaceModel3D
    var actionUnits: ActionUnitIntensities
    var gaze: GazeDirection
    var camera: FaceCamera
    var lighting: FaceLighting
    var clothColor: SIMD3<Float>
    var width: Int
    var height: Int
    /// Samples per pixel along each axis (2 antialiases silhouettes at small sizes).
    var supersample: Int
}

/// The rendered head, premultiplied by its coverage, ready to composite over a background.
struct FaceRenderResult {
    var red: [Float], green: [Float], blue: [Float], alpha: [Float]
    /// The 68 landmarks in output pixels, and whether the head itself hides each one.
    var landmarks: [SIMD2<Float>]
    var visible: [Bool]
    var irisCenters: [SIMD2<Float>]
    var landmarks3D: [SIMD3<Float>]

    /// `canvas = face over canvas`.
    func composite(over canvas: inout RasterCanvas) {
        let n = canvas.width * canvas.height
        red.withUnsafeBufferPointer { r in green.withUnsafeBufferPointer { g in blue.withUnsafeBufferPointer { b in
            alpha.withUnsafeBufferPointer { a in
                canvas.red.withUnsafeMutableBufferPointer { cr in canvas.green.withUnsafeMutableBufferPointer { cg in
                    canvas.blue.withUnsafeMutableBufferPointer { cb in
                        for i in 0..<n where a[i] > 0 {
                            let k = 1 - a[i]
                            cr[i] = cr[i] * k + r[i]
                            cg[i] = cg[i] * k + g[i]
                            cb[i] = cb[i] * k + b[i]
                        }
                    }
                }}
            }
        }}}
    }
}

/// Rasterises the head meshes with a z-buffer (deferred: each pixel keeps its triangle and
/// barycentrics), then shades each pixel once: texture or hair albedo, wrapped Lambert light on
/// the interpolated normal, a Blinn-Phong highlight. Supersamples are box-filtered down.
enum FaceRenderer {
    static func render(_ q: FaceRenderRequest) -> FaceRenderResult {
        let ss = max(1, q.supersample)
        let (W, H) = (q.width * ss, q.height * ss)
        let camera = q.camera.scaled(by: Float(ss))
        let xf = camera.transform
        let ppu = camera.focalLength / camera.distance
        let aus = q.actionUnits
        let model = q.model

        let points3D = model.landmarks(expression: aus)
        let texture = FaceTexture(model: model, landmarks: points3D.map { SIMD2($0.x, $0.y) }, expression: aus,
                                  gaze: q.gaze, texelsPerUnit: max(40, min(360, ppu * 1.4)))
        let meshes = FaceMeshBuilder.build(model: model, expression: aus, detail: ppu)

        // Vertices to the camera frame and the screen.
        var screen: [[SIMD3<Float>]] = []   // (x, y, camera z)
        var camNormals: [[SIMD3<Float>]] = []
        for mesh in meshes {
            screen.append(mesh.positions.map { p in
                let c = xf.toCamera(p)
                let s = xf.project(c)
                return SIMD3(s.x, s.y, c.z)
            })
            camNormals.append(mesh.normals.map { xf.rotate($0) })
        }

        var depth = [Float](repeating: .infinity, count: W * H)
        var meshId = [UInt8](repeating: 0, count: W * H)   // mesh index + 1; 0 = empty
        var triId = [Int32](repeating: 0, count: W * H)
        var bary = [SIMD2<Float>](repeating: .zero, count: W * H)
        for (m, mesh) in meshes.enumerated() {
            rasterize(mesh: mesh, screen: screen[m], normals: camNormals[m], meshIndex: UInt8(m + 1),
                      width: W, height: H, depth: &depth, meshId: &meshId, triId: &triId, bary: &bary)
        }

        // Shade and box-filter down to the output size. Meshes are flattened first so the
        // per-pixel loop reads plain buffers (no array copies or reference counting).
        var triangleBase = [Int](), materials = [UInt8]()
        var flatTriangles = [Int32](), flatNormals = [SIMD3<Float>](), flatTex = [SIMD2<Float>]()
        var flatPositions = [SIMD3<Float>](), flatFront = [Float](), flatHair = [Float](), flatShade = [Float]()
        for (m, mesh) in meshes.enumerated() {
            triangleBase.append(flatTriangles.count / 3)
            materials.append(mesh.material.rawValue)
            let base = Int32(flatPositions.count)
            flatTriangles += mesh.triangles.map { $0 + base }
            flatNormals += camNormals[m]
            flatTex += mesh.texcoords
            flatPositions += mesh.positions
            flatFront += mesh.front
            flatHair += mesh.hair
            flatShade += mesh.shade
        }
        let n = q.width * q.height
        var red = [Float](repeating: 0, count: n), green = red, blue = red, alpha = red
        let light = q.lighting
        let view = SIMD3<Float>(0, 0, -1)
        var half = light.direction + view
        half /= max(1e-6, (half * half).sum().squareRoot())
        let id = model.identity
        let inv = 1 / Float(ss * ss)
        let tex = texture.canvas
        let (tw, th) = (tex.width, tex.height)
        let (texOrigin, texScale) = (texture.origin, texture.scale)
        tex.red.withUnsafeBufferPointer { tr in tex.green.withUnsafeBufferPointer { tg in tex.blue.withUnsafeBufferPointer { tb in
        flatTriangles.withUnsafeBufferPointer { tri in flatNormals.withUnsafeBufferPointer { ns in flatTex.withUnsafeBufferPointer { uvs in
        flatPositions.withUnsafeBufferPointer { ps in flatFront.withUnsafeBufferPointer { fr in flatHair.withUnsafeBufferPointer { hr in
        flatShade.withUnsafeBufferPointer { sh in meshId.withUnsafeBufferPointer { mids in triId.withUnsafeBufferPointer { tids in
        bary.withUnsafeBufferPointer { bs in
            @inline(__always) func sampleTexture(_ uv: SIMD2<Float>) -> SIMD3<Float>? {
                let fx = (uv.x - texOrigin.x) * texScale - 0.5, fy = (uv.y - texOrigin.y) * texScale - 0.5
                guard fx >= 0, fy >= 0, fx < Float(tw - 1), fy < Float(th - 1) else { return nil }
                let x0 = Int(fx), y0 = Int(fy)
                let ax = fx - Float(x0), ay = fy - Float(y0)
                let i = y0 &* tw &+ x0
                @inline(__always) func bil(_ p: UnsafeBufferPointer<Float>) -> Float {
                    let top = p[i] + (p[i &+ 1] - p[i]) * ax
                    let bottom = p[i &+ tw] + (p[i &+ tw &+ 1] - p[i &+ tw]) * ax
                    return top + (bottom - top) * ay
                }
                return SIMD3(bil(tr), bil(tg), bil(tb))
            }
            for fy in 0..<q.height {
                for fx in 0..<q.width {
                    var acc = SIMD3<Float>.zero
                    var cover: Float = 0
                    for sy in 0..<ss {
                        for sx in 0..<ss {
                            let p = (fy &* ss &+ sy) &* W &+ (fx &* ss &+ sx)
                            let mi = Int(mids[p])
                            guard mi > 0 else { continue }
                            let t = (triangleBase[mi - 1] &+ Int(tids[p])) &* 3
                            let (i0, i1, i2) = (Int(tri[t]), Int(tri[t &+ 1]), Int(tri[t &+ 2]))
                            let b = bs[p]
                            let w0 = 1 - b.x - b.y
                            var nrm = ns[i0] * w0 + ns[i1] * b.x + ns[i2] * b.y
                            nrm /= max(1e-6, (nrm * nrm).sum().squareRoot())
                            let shade = sh[i0] * w0 + sh[i1] * b.x + sh[i2] * b.y
                            let hair = hr[i0] * w0 + hr[i1] * b.x + hr[i2] * b.y
                            let material = SurfaceMaterial(rawValue: materials[mi - 1]) ?? .none
                            var albedo: SIMD3<Float>
                            switch material {
                            case .head:
                                albedo = id.skinColor
                                let front = fr[i0] * w0 + fr[i1] * b.x + fr[i2] * b.y
                                if front > 0 {
                                    let uv = uvs[i0] * w0 + uvs[i1] * b.x + uvs[i2] * b.y
                                    if let c = sampleTexture(uv) { albedo += (c - albedo) * front }
                                }
                            case .neck: albedo = id.skinColor * 0.95
                            case .ear: albedo = id.skinColor * 0.93
                            case .cloth: albedo = q.clothColor
                            case .hair, .none: albedo = id.hairColor
                            }
                            let hairAmount = material == .hair ? 1 : hair
                            if hairAmount > 0 {
                                let pos = ps[i0] * w0 + ps[i1] * b.x + ps[i2] * b.y
                                let streak = 0.5 + 0.5 * sinf(pos.x * 70 + pos.z * 50 + 3 * sinf(pos.y * 9))
                                albedo += (id.hairColor * (0.85 + 0.3 * streak) - albedo) * hairAmount
                            }
                            let ndl = (nrm * light.direction).sum()
                            let diffuse = max(0, (ndl + 0.2) / 1.2)
                            var spec = max(0, (nrm * half).sum())
                            spec *= spec; spec *= spec; spec *= spec; spec *= spec  // ^16
                            let gloss = light.specular * (1 - 0.8 * hairAmount) * (material == .cloth ? 0.3 : 1)
                            let lit = albedo * (light.ambient + light.diffuse * diffuse) * shade * light.color + light.color * (spec * gloss)
                            acc += lit
                            cover += 1
                        }
                    }
                    guard cover > 0 else { continue }
                    let o = fy &* q.width &+ fx
                    red[o] = acc.x * inv
                    green[o] = acc.y * inv
                    blue[o] = acc.z * inv
                    alpha[o] = cover * inv
                }
            }
        }}}}}}}}}}}}}

        // Landmarks, iris centres and self-occlusion.
        let fs = Float(ss)
        var landmarks = [SIMD2<Float>](repeating: .zero, count: 68)
        var visible = [Bool](repeating: true, count: 68)
        for i in 0..<68 {
            let c = xf.toCamera(points3D[i])
            let s = xf.project(c)
            landmarks[i] = s / fs
            let nModel = surfaceNormal(model: model, landmark: i, point: points3D[i])
            let nCam = xf.rotate(nModel)
            let toCamera = -c / max(1e-6, (c * c).sum().squareRoot())
            // Points on the silhouette (jaw, at grazing angles) count as seen: a little past 90°.
            var facing = (nCam * toCamera).sum() > -0.12
            if facing {
                // Hidden by a nearer part of the head (the nose at large yaw) unless some
                // neighbouring sample is no nearer than the point.
                let px = Int((s.x - 0.5).rounded()), py = Int((s.y - 0.5).rounded())
                var seen = false
                for dy in -1...1 {
                    for dx in -1...1 {
                        let x = px + dx, y = py + dy
                        if x < 0 || y < 0 || x >= W || y >= H { seen = true; continue }
                        if depth[y * W + x] >= c.z - 0.06 { seen = true }
                    }
                }
                facing = seen
            }
            visible[i] = facing
        }
        let irises = (0..<2).map { xf.project(xf.toCamera(model.irisCenter(eye: $0, gaze: q.gaze))) / fs }
        return FaceRenderResult(red: red, green: green, blue: blue, alpha: alpha, landmarks: landmarks, visible: visible,
                                irisCenters: irises, landmarks3D: points3D)
    }

    /// Outward surface normal at a landmark (model frame), by finite differences on the surface.
    static func surfaceNormal(model: FaceModel3D, landmark i: Int, point p: SIMD3<Float>) -> SIMD3<Float> {
        let phi: Float
        if i <= 16 { phi = i <= 8 ? model.jawPhi[i] : -model.jawPhi[16 - i] }
        else { phi = asinf(max(-1, min(1, p.x / max(model.halfWidth(p.y), 1e-3)))) }
        let e: Float = 0.01
        let t1 = model.surfacePoint(phi: phi + e, y: p.y) - model.surfacePoint(phi: phi - e, y: p.y)
        let t2 = model.surfacePoint(phi: phi, y: p.y + e) - model.surfacePoint(phi: phi, y: p.y - e)
        var n = SIMD3(t1.y * t2.z - t1.z * t2.y, t1.z * t2.x - t1.x * t2.z, t1.x * t2.y - t1.y * t2.x)
        let out = SIMD3<Float>(p.x, 0, p.z)
        if (n * out).sum() < 0 { n = -n }
        return n / max(1e-6, (n * n).sum().squareRoot())
    }

    /// Z-buffered triangle fill; back faces (normals away from the camera) are skipped unless
    /// the mesh is double-sided.
    static func rasterize(mesh: FaceMesh, screen: [SIMD3<Float>], normals: [SIMD3<Float>], meshIndex: UInt8,
                          width W: Int, height H: Int, depth: inout [Float], meshId: inout [UInt8],
                          triId: inout [Int32], bary: inout [SIMD2<Float>]) {
        let triangles = mesh.triangles
        let count = triangles.count / 3
        let cull = !mesh.doubleSided
        depth.withUnsafeMutableBufferPointer { zb in meshId.withUnsafeMutableBufferPointer { mb in
            triId.withUnsafeMutableBufferPointer { tb in bary.withUnsafeMutableBufferPointer { bb in
                screen.withUnsafeBufferPointer { sv in normals.withUnsafeBufferPointer { nv in triangles.withUnsafeBufferPointer { tri in
                    for t in 0..<count {
                        let i0 = Int(tri[3 &* t]), i1 = Int(tri[3 &* t &+ 1]), i2 = Int(tri[3 &* t &+ 2])
                        let a = sv[i0], b = sv[i1], c = sv[i2]
                        guard a.z > 0.1, b.z > 0.1, c.z > 0.1 else { continue }
                        if cull {
                            // Facing: the summed normal against the ray to the triangle.
                            let nsum = nv[i0] + nv[i1] + nv[i2]
                            // Camera-frame direction of the ray, from screen position and depth is
                            // not needed exactly: the z component dominates at portrait distances.
                            if nsum.z > 0.15 { continue }
                        }
                        let minX = max(0, Int((min(a.x, b.x, c.x) - 0.5).rounded(.up)))
                        let maxX = min(W - 1, Int((max(a.x, b.x, c.x) - 0.5).rounded(.down)))
                        let minY = max(0, Int((min(a.y, b.y, c.y) - 0.5).rounded(.up)))
                        let maxY = min(H - 1, Int((max(a.y, b.y, c.y) - 0.5).rounded(.down)))
                        guard minX <= maxX, minY <= maxY else { continue }
                        let area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
                        guard abs(area) > 1e-8 else { continue }
                        let invArea = 1 / area
                        for y in minY...maxY {
                            let py = Float(y) + 0.5
                            for x in minX...maxX {
                                let px = Float(x) + 0.5
                                // Barycentric weights of b and c.
                                let wb = ((px - a.x) * (c.y - a.y) - (py - a.y) * (c.x - a.x)) * invArea
                                let wc = ((b.x - a.x) * (py - a.y) - (b.y - a.y) * (px - a.x)) * invArea
                                let wa = 1 - wb - wc
                                guard wa >= 0, wb >= 0, wc >= 0 else { continue }
                                let z = a.z * wa + b.z * wb + c.z * wc
                                let p = y &* W &+ x
                                guard z < zb[p] else { continue }
                                zb[p] = z
                                mb[p] = meshIndex
                                tb[p] = Int32(t)
                                bb[p] = SIMD2(wb, wc)
                            }
                        }
                    }
                }}}
            }}
        }}
    }
}
