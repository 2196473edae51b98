/// A colour to draw with: 8-bit sRGB plus opacity.
///
/// On gray images the colour becomes its BT.601 luma; on 16-bit images each
/// component is scaled by 257 (255 -> 65535). `alpha` below 255 blends the
/// colour with what is underneath.
public struct DrawColor: Sendable, Equatable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    public var alpha: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        (self.red, self.green, self.blue, self.alpha) = (red, green, blue, alpha)
    }

    /// A gray level.
    public init(gray: UInt8, alpha: UInt8 = 255) {
        self.init(red: gray, green: gray, blue: gray, alpha: alpha)
    }

    /// The same colour with another opacity.
    public func opacity(_ alpha: UInt8) -> DrawColor {
        DrawColor(red: red, green: green, blue: blue, alpha: alpha)
    }

    public static let black = DrawColor(gray: 0)
    public static let white = DrawColor(gray: 255)
    public static let red = DrawColor(red: 255, green: 0, blue: 0)
    public static let green = DrawColor(red: 0, green: 255, blue: 0)
    public static let blue = DrawColor(red: 0, green: 0, blue: 255)
    public static let yellow = DrawColor(red: 255, green: 255, blue: 0)
    public static let cyan = DrawColor(red: 0, green: 255, blue: 255)
    public static let magenta = DrawColor(red: 255, green: 0, blue: 255)
}
