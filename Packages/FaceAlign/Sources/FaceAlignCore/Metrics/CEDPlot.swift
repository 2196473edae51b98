import Foundation
import Imaging

/// A chart of cumulative error distributions (one curve per method) on [0, α], with axes, ticks,
/// a grid and a legend giving each method's AUC@α and FR@α; drawn as a PNG-ready `PixelImage` or
/// as SVG text from the same layout.
///
/// ```swift
/// let plot = try CEDPlot(maxError: 0.08, title: "300W private, NME io")
///     .adding("DeCaFA", errors: decafaNMEs).adding("ACDC", errors: acdcNMEs)
/// try ImageIO.write(try plot.image(), to: "ced.png")
/// try plot.svg().write(toFile: "ced.svg", atomically: true, encoding: .utf8)
/// ```
public struct CEDPlot: Sendable {
    public struct Series: Sendable {
        public var label: String
        public var distribution: CumulativeErrorDistribution
    }

    public var series: [Series] = []
    /// α: the x axis runs over [0, α] (errors as fractions; ticks are shown in %).
    public var maxError: Float
    public var title: String
    public var width: Int
    public var height: Int

    public init(maxError: Float, title: String = "Cumulative error distribution", width: Int = 800, height: Int = 600) throws {
        try CumulativeErrorDistribution.check(maxError)
        guard width >= 320, height >= 240 else {
            throw FaceAlignError.invalidArgument(op: "CEDPlot", message: "the chart needs at least 320x240 pixels, got \(width)x\(height)")
        }
        self.maxError = maxError
        self.title = title
        self.width = width
        self.height = height
    }

    /// This plot with one more curve.
    public func adding(_ label: String, errors: [Float]) throws -> CEDPlot {
        var copy = self
        copy.series.append(Series(label: label, distribution: try CumulativeErrorDistribution(errors: errors)))
        return copy
    }

    /// Tableau-10 colours: distinct for the first ten curves, then they repeat.
    static let palette: [(UInt8, UInt8, UInt8)] = [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    ]

    // MARK: Layout shared by both renderers

    /// Text is the 5x7 font at this scale: 12 px per character, 18 px per line.
    static let textScale = 2
    static let charWidth = 6 * textScale, lineHeight = 9 * textScale

    struct Layout {
        var left: Float, top: Float, right: Float, bottom: Float
        var xTicks: [Float]   // in error units
        var yTicks: [Float]
        var maxError: Float

        func x(_ e: Float) -> Float { left + (right - left) * min(max(e / maxError, 0), 1) }
        func y(_ f: Float) -> Float { bottom - (bottom - top) * f }
        func map(_ p: SIMD2<Float>) -> SIMD2<Float> { SIMD2(x(p.x), y(p.y)) }
    }

    var layout: Layout {
        let ch = Float(Self.charWidth), lh = Float(Self.lineHeight)
        return Layout(left: 5 * ch + 16, top: 3 * lh + 14, right: Float(width) - 24, bottom: Float(height) - 2 * lh - 24,
                      xTicks: Self.niceTicks(upTo: maxError * 100).map { $0 / 100 },
                      yTicks: stride(from: 0, through: 1.0001, by: 0.2).map { Float($0) }, maxError: maxError)
    }

    /// Tick values 0, s, 2s, … ≤ limit with s in {1, 2, 2.5, 5}·10^k, at most 10 intervals.
    static func niceTicks(upTo limit: Float) -> [Float] {
        let raw = Double(limit) / 10
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * magnitude }.first { limit / Float($0) <= 10.0001 } ?? 10 * magnitude
        var ticks: [Float] = []
        var k = 0.0
        while k * step <= Double(limit) * 1.0001 { ticks.append(Float(k * step)); k += 1 }
        return ticks
    }

    static func tickLabel(_ value: Float, percent: Bool) -> String {
        let v = percent ? Double(value) * 100 : Double(value)
        if abs(v - v.rounded()) < 1e-6 { return String(Int(v.rounded())) }
        return String(format: abs(v * 10 - (v * 10).rounded()) < 1e-6 ? "%.1f" : "%.2f", v)
    }

    /// A header and one row per method, padded into aligned columns (the font is monospaced).
    func legendLines() -> [String] {
        let alpha = Self.tickLabel(maxError, percent: false)
        let name = max(6, series.map(\.label.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        var lines = [pad("method", name) + "  " + pad("AUC@" + alpha, 9) + "  FR@" + alpha]
        for s in series {
            let auc = (try? s.distribution.areaUnderCurve(alpha: maxError)) ?? .nan
            let fr = (try? s.distribution.failureRate(alpha: maxError)) ?? .nan
            lines.append(pad(s.label, name) + "  " + pad(String(format: "%.4f", auc), 9) + "  " + String(format: "%.2f%%", fr * 100))
        }
        return lines
    }

    var axisTitle: String { "NME (%)" }
    var alphaText: String { "@" + Self.tickLabel(maxError, percent: false) }

    // MARK: Raster

    /// The chart as an 8-bit RGB image.
    public func image() throws -> PixelImage {
        var img = try PixelImage(width: width, height: height, channels: 3)
        img.drawRectangle(x: 0, y: 0, width: Float(width), height: Float(height), color: .white, filled: true)
        let L = layout, s = Self.textScale, cw = Self.charWidth, lh = Self.lineHeight
        let grid = DrawColor(gray: 225), ink = DrawColor(gray: 30)

        for t in L.yTicks {
            let y = L.y(t)
            img.drawLine(from: SIMD2(L.left, y), to: SIMD2(L.right, y), color: grid)
            img.drawLine(from: SIMD2(L.left - 6, y), to: SIMD2(L.left, y), color: ink)
            let label = Self.tickLabel(t, percent: false)
            img.drawText(label, x: Int(L.left) - 10 - label.count * cw, y: Int(y) - 7 * s / 2, color: ink, scale: s)
        }
        for t in L.xTicks {
            let x = L.x(t)
            img.drawLine(from: SIMD2(x, L.top), to: SIMD2(x, L.bottom), color: grid)
            img.drawLine(from: SIMD2(x, L.bottom), to: SIMD2(x, L.bottom + 6), color: ink)
            let label = Self.tickLabel(t, percent: true)
            img.drawText(label, x: Int(x) - label.count * cw / 2, y: Int(L.bottom) + 10, color: ink, scale: s)
        }
        img.drawPolyline([SIMD2(L.left, L.top), SIMD2(L.left, L.bottom), SIMD2(L.right, L.bottom)], color: ink, thickness: 2)

        img.drawText(title, x: (width - title.count * cw) / 2, y: 10, color: ink, scale: s)
        img.drawText("fraction of images", x: Int(L.left) - 2 * cw, y: Int(L.top) - lh - 6, color: ink, scale: s)
        img.drawText(axisTitle, x: Int((L.left + L.right) / 2) - axisTitle.count * cw / 2, y: Int(L.bottom) + 14 + lh,
                     color: ink, scale: s)

        for (k, serie) in series.enumerated() {
            let c = Self.palette[k % Self.palette.count]
            let points = serie.distribution.steps(maxError: maxError).map(L.map)
            img.drawPolyline(points, color: DrawColor(red: c.0, green: c.1, blue: c.2), thickness: 2.5)
        }

        // Legend in the lower right of the plot, where CED curves are rarely drawn... unless every
        // method is poor; the white box keeps it legible over a curve either way.
        let lines = legendLines()
        if !lines.isEmpty {
            let textWidth = (lines.map(\.count).max() ?? 0) * cw
            let boxW = textWidth + 50, boxH = lines.count * (lh + 6) + 10
            let bx = Int(L.right) - boxW - 12, by = Int(L.bottom) - boxH - 12
            img.drawRectangle(x: Float(bx), y: Float(by), width: Float(boxW), height: Float(boxH), color: .white, filled: true)
            img.drawRectangle(x: Float(bx), y: Float(by), width: Float(boxW), height: Float(boxH), color: DrawColor(gray: 150))
            for (k, line) in lines.enumerated() {
                let y = by + 8 + k * (lh + 6)
                if k > 0 {
                    let c = Self.palette[(k - 1) % Self.palette.count]
                    let mid = Float(y + 7 * s / 2)
                    img.drawLine(from: SIMD2(Float(bx + 8), mid), to: SIMD2(Float(bx + 36), mid),
                                 color: DrawColor(red: c.0, green: c.1, blue: c.2), thickness: 3)
                }
                img.drawText(line, x: bx + 42, y: y, color: k == 0 ? DrawColor(gray: 90) : ink, scale: s)
            }
        }
        return img
    }

    // MARK: Vector

    /// The chart as a standalone SVG document with the same layout as `image()`.
    public func svg() -> String {
        let L = layout
        let fontSize = 7 * Self.textScale + 2
        func f(_ v: Float) -> String { String(format: "%.2f", v) }
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func text(_ s: String, x: Float, y: Float, anchor: String = "start") -> String {
            "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\">\(escape(s))</text>\n"
        }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)">
        <rect width="100%" height="100%" fill="white"/>
        <g font-family="monospace" font-size="\(fontSize)" fill="#1e1e1e" xml:space="preserve">

        """
        out += "<g stroke=\"#e1e1e1\" stroke-width=\"1\">\n"
        for t in L.yTicks { out += "<line x1=\"\(f(L.left))\" y1=\"\(f(L.y(t)))\" x2=\"\(f(L.right))\" y2=\"\(f(L.y(t)))\"/>\n" }
        for t in L.xTicks { out += "<line x1=\"\(f(L.x(t)))\" y1=\"\(f(L.top))\" x2=\"\(f(L.x(t)))\" y2=\"\(f(L.bottom))\"/>\n" }
        out += "</g>\n<g stroke=\"#1e1e1e\" stroke-width=\"1\">\n"
        for t in L.yTicks { out += "<line x1=\"\(f(L.left - 6))\" y1=\"\(f(L.y(t)))\" x2=\"\(f(L.left))\" y2=\"\(f(L.y(t)))\"/>\n" }
        for t in L.xTicks { out += "<line x1=\"\(f(L.x(t)))\" y1=\"\(f(L.bottom))\" x2=\"\(f(L.x(t)))\" y2=\"\(f(L.bottom + 6))\"/>\n" }
        out += "</g>\n"
        out += "<polyline fill=\"none\" stroke=\"#1e1e1e\" stroke-width=\"2\" points=\"\(f(L.left)),\(f(L.top)) "
            + "\(f(L.left)),\(f(L.bottom)) \(f(L.right)),\(f(L.bottom))\"/>\n"
        for t in L.yTicks { out += text(Self.tickLabel(t, percent: false), x: L.left - 10, y: L.y(t) + 5, anchor: "end") }
        for t in L.xTicks { out += text(Self.tickLabel(t, percent: true), x: L.x(t), y: L.bottom + 24, anchor: "middle") }
        out += text(title, x: Float(width) / 2, y: 24, anchor: "middle")
        out += text("fraction of images", x: L.left - Float(2 * Self.charWidth), y: L.top - 12)
        out += text(axisTitle, x: (L.left + L.right) / 2, y: L.bottom + 24 + Float(Self.lineHeight) + 4, anchor: "middle")
        for (k, serie) in series.enumerated() {
            let c = Self.palette[k % Self.palette.count]
            let pts = serie.distribution.steps(maxError: maxError).map(L.map).map { "\(f($0.x)),\(f($0.y))" }
            out += "<polyline fill=\"none\" stroke=\"rgb(\(c.0),\(c.1),\(c.2))\" stroke-width=\"2.5\" "
                + "points=\"\(pts.joined(separator: " "))\"/>\n"
        }
        let lines = legendLines()
        if !lines.isEmpty {
            let cw = Float(Self.charWidth), lh = Float(Self.lineHeight)
            let boxW = Float(lines.map(\.count).max() ?? 0) * cw + 50, boxH = Float(lines.count) * (lh + 6) + 10
            let bx = L.right - boxW - 12, by = L.bottom - boxH - 12
            out += "<rect x=\"\(f(bx))\" y=\"\(f(by))\" width=\"\(f(boxW))\" height=\"\(f(boxH))\" fill=\"white\" stroke=\"#969696\"/>\n"
            for (k, line) in lines.enumerated() {
                let y = by + 8 + Float(k) * (lh + 6) + 7
                if k > 0 {
                    let c = Self.palette[(k - 1) % Self.palette.count]
                    out += "<line x1=\"\(f(bx + 8))\" y1=\"\(f(y))\" x2=\"\(f(bx + 36))\" y2=\"\(f(y))\" "
                        + "stroke=\"rgb(\(c.0),\(c.1),\(c.2))\" stroke-width=\"3\"/>\n"
                }
                out += text(line, x: bx + 42, y: y + 5)
            }
        }
        return out + "</g>\n</svg>\n"
    }
}
