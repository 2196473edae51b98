/// A module that draws random numbers while training (dropout): checkpoints save and restore
/// its generator state so a resumed run draws the same numbers as an uninterrupted one.
public protocol RandomStateful: AnyObject {
    var randomState: [UInt64] { get set }
}

extension Module {
    /// Every module below (and including) this one, with its dotted name ("" for self).
    public func namedModules() -> [(String, Module)] {
        var out: [(String, Module)] = [("", self)]
        for (name, child) in namedChildren() {
            out += child.namedModules().map { ($0.0.isEmpty ? name : "\(name).\($0.0)", $0.1) }
        }
        return out
    }
}
