/// Text labels in the built-in 5x7 font.
extension PixelImage {
    /// The size in pixels `drawText` covers for `text` at `scale`, background included.
    public static func textSize(_ text: String, scale: Int = 1) -> (width: Int, height: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let longest = lines.map { $0.unicodeScalars.count }.max() ?? 0
        let s = max(scale, 1)
        return (longest * BitmapFont.advance * s, lines.count * BitmapFont.lineHeight * s)
    }

    /// Draws `text` with its top-left corner at (x, y). Each font pixel becomes a
    /// scale x scale block; "\n" starts a new line; characters outside printable
    /// ASCII draw as "?". With a `background`, each character cell is filled first
    /// so labels stay legible on busy pictures.
    public mutating func drawText(_ text: String, x: Int, y: Int, color: DrawColor, scale: Int = 1, background: DrawColor? = nil) {
        let s = min(max(scale, 1), 1 << 16)
        let ink = paint(color), fill = background.map { paint($0) }
        var (penX, penY) = (x, y)
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                (penX, penY) = (x, penY + BitmapFont.lineHeight * s)
                continue
            }
            let code = scalar.isASCII ? UInt8(scalar.value) : 63
            if let fill {
                for row in 0..<(BitmapFont.lineHeight * s) {
                    fillSpan(y: penY + row, from: penX, to: penX + BitmapFont.advance * s - 1, fill)
                }
            }
            for row in 0..<BitmapFont.glyphHeight {
                var column = 0
                // One span per run of ink in the row.
                while column < BitmapFont.glyphWidth {
                    guard BitmapFont.ink(code, column: column, row: row) else { column += 1; continue }
                    var end = column
                    while end + 1 < BitmapFont.glyphWidth && BitmapFont.ink(code, column: end + 1, row: row) { end += 1 }
                    for dy in 0..<s {
                        fillSpan(y: penY + row * s + dy, from: penX + column * s, to: penX + (end + 1) * s - 1, ink)
                    }
                    column = end + 1
                }
            }
            penX += BitmapFont.advance * s
        }
    }
}
