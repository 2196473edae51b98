import Foundation

/// A boosted cascade as OpenCV's `traincascade` writes it (the OpenCV 2.4+
/// `opencv-cascade-classifier` XML format), held as flat arrays for fast evaluation.
///
/// A window passes stage `s` when the sum of its weak classifiers' leaf values is at
/// least `stages[s].threshold`; a face is a window that passes every stage. Each weak
/// classifier is a small decision tree (a stump in most Haar cascades) whose nodes
/// compare one feature of the window against a threshold (Haar) or test an LBP
/// code's membership in a category subset (LBP).
///
/// ```swift
/// let cascade = try CascadeClassifier(contentsOfFile: "haarcascade_frontalface_default.xml")
/// let detector = ViolaJonesDetector(cascade: cascade)
/// ```
public struct CascadeClassifier: Sendable {
    public enum FeatureKind: String, Sendable { case haar = "HAAR", lbp = "LBP" }

    public struct Stage: Sendable, Equatable {
        public var threshold: Float
        /// Range of this stage's weak classifiers in `trees`.
        public var trees: Range<Int>
    }

    /// One weak classifier: nodes `firstNode ..< firstNode + nodeCount` in `nodes`,
    /// leaves `firstLeaf ...` in `leaves` (a tree of n nodes has n + 1 leaves).
    public struct Tree: Sendable, Equatable {
        public var firstNode: Int
        public var nodeCount: Int
        public var firstLeaf: Int
    }

    /// A split. `left`/`right` > 0 name a node of the same tree (relative index);
    /// <= 0 name leaf `-left`/`-right`. Haar: go left when feature < threshold.
    /// LBP: go left when the code's bit is set in the 8-word subset `subset`.
    public struct Node: Sendable, Equatable {
        public var left: Int32
        public var right: Int32
        public var feature: Int32
        public var threshold: Float
        /// Start of this node's 8 words in `subsets` (LBP only).
        public var subset: Int32
    }

    /// A weighted rectangle of a Haar feature, in window pixels.
    public struct WeightedRect: Sendable, Equatable {
        public var x: Int, y: Int, width: Int, height: Int
        public var weight: Float
    }

    /// A Haar feature: the weighted sum of 1 to 3 rectangle sums.
    public struct HaarFeature: Sendable, Equatable {
        public var rects: [WeightedRect]
        /// Rectangles rotated 45 degrees (OpenCV's "ALL" mode). Parsed so such a
        /// cascade is refused clearly; the evaluator computes upright sums only.
        public var tilted: Bool
    }

    /// An LBP feature: a 3x3 grid of `width` x `height` cells whose top-left is (x, y).
    public struct LBPFeature: Sendable, Equatable {
        public var x: Int, y: Int, width: Int, height: Int
    }

    public let kind: FeatureKind
    public let windowWidth: Int
    public let windowHeight: Int
    public let stages: [Stage]
    public let trees: [Tree]
    public let nodes: [Node]
    public let leaves: [Float]
    public let haarFeatures: [HaarFeature]
    public let lbpFeatures: [LBPFeature]
    public let subsets: [Int32]
    /// Where the cascade came from (a file name), for messages.
    public let source: String

    /// True when every weak classifier is a single split: the evaluator's fast path.
    public var isStumpBased: Bool { trees.allSatisfy { $0.nodeCount == 1 } }

    /// Words per LBP category subset: 256 categories, 32 bits a word.
    static let subsetWords = 8

    /// Reads a cascade file. Refuses files it cannot read completely.
    public init(contentsOfFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CascadeError.file(path: path, message: "cannot read the file; check the path and its permissions")
        }
        try self.init(xml: [UInt8](data), source: (path as NSString).lastPathComponent)
    }

    public init(contentsOf url: URL) throws {
        try self.init(contentsOfFile: url.path)
    }

    /// Parses the bytes of a cascade XML file; `source` names it in error messages.
    public init(xml bytes: [UInt8], source: String = "cascade") throws {
        let root = try CascadeXML.parse(bytes, source: source)
        var r = CascadeReader(source: source)
        self = try r.read(root)
    }

    init(kind: FeatureKind, windowWidth: Int, windowHeight: Int, stages: [Stage], trees: [Tree], nodes: [Node],
         leaves: [Float], haarFeatures: [HaarFeature], lbpFeatures: [LBPFeature], subsets: [Int32], source: String) {
        self.kind = kind
        self.windowWidth = windowWidth
        self.windowHeight = windowHeight
        self.stages = stages
        self.trees = trees
        self.nodes = nodes
        self.leaves = leaves
        self.haarFeatures = haarFeatures
        self.lbpFeatures = lbpFeatures
        self.subsets = subsets
        self.source = source
    }
}

/// Turns the XML tree into a `CascadeClassifier`, checking every index so the
/// evaluator's unchecked loops can trust the arrays.
private struct CascadeReader {
    let source: String

    func invalid(_ message: String) -> CascadeError { .invalidCascade(source: source, message: message) }

    mutating func read(_ root: CascadeXMLElement) throws -> CascadeClassifier {
        guard root.name == "opencv_storage" else {
            throw invalid("the root element is <\(root.name)>, expected <opencv_storage>")
        }
        guard let cascade = root.children.first else { throw invalid("<opencv_storage> is empty") }
        if cascade.attributes["type_id"] == "opencv-haar-classifier" || cascade.child("stages") == nil && cascade.child("size") != nil {
            throw CascadeError.unsupported(source: source, message: "this is an old-format (OpenCV 1.x, "
                + "opencv-haar-classifier) cascade, which this reader does not parse; use the new-format file of the "
                + "same name shipped with OpenCV 3 or 4 (opencv/data/haarcascades)")
        }
        let stageType = try text(cascade, "stageType")
        guard stageType == "BOOST" else { throw CascadeError.unsupported(source: source, message: "stage type \(stageType) is not supported; only BOOST cascades are") }
        let featureType = try text(cascade, "featureType")
        guard let kind = CascadeClassifier.FeatureKind(rawValue: featureType) else {
            throw CascadeError.unsupported(source: source, message: "feature type \(featureType) is not supported; use a HAAR or LBP cascade")
        }
        let width = try int(cascade, "width"), height = try int(cascade, "height")
        guard (1...1024).contains(width), (1...1024).contains(height) else {
            throw invalid("window size \(width)x\(height) is outside 1...1024")
        }
        guard kind == .lbp || width >= 3 && height >= 3 else {
            throw invalid("a HAAR window of \(width)x\(height); variance normalisation needs at least 3x3")
        }
        var maxCatCount = 0
        if let params = cascade.child("featureParams"), params.child("maxCatCount") != nil {
            maxCatCount = try int(params, "maxCatCount")
        }
        switch kind {
        case .haar where maxCatCount != 0:
            throw invalid("a HAAR cascade with maxCatCount \(maxCatCount); Haar nodes use ordered thresholds (maxCatCount 0)")
        case .lbp where maxCatCount != 256:
            throw invalid("an LBP cascade with maxCatCount \(maxCatCount); LBP codes have 256 categories")
        default: break
        }

        // Features first, so node feature indices can be checked.
        guard let featuresNode = cascade.child("features") else { throw invalid("no <features> element") }
        var haar: [CascadeClassifier.HaarFeature] = []
        var lbp: [CascadeClassifier.LBPFeature] = []
        for (f, feature) in featuresNode.children.enumerated() {
            switch kind {
            case .haar: haar.append(try haarFeature(feature, index: f, width: width, height: height))
            case .lbp: lbp.append(try lbpFeature(feature, index: f, width: width, height: height))
            }
        }
        let featureCount = kind == .haar ? haar.count : lbp.count
        guard featureCount > 0 else { throw invalid("<features> is empty") }
        if let f = haar.firstIndex(where: { $0.tilted }) {
            throw CascadeError.unsupported(source: source, message: "feature \(f) is tilted (45-degree rectangles, "
                + "trained in mode ALL), which this evaluator does not compute; use an upright cascade such as "
                + "haarcascade_frontalface_default.xml or haarcascade_frontalface_alt2.xml")
        }

        guard let stagesNode = cascade.child("stages"), !stagesNode.children.isEmpty else { throw invalid("no stages") }
        if cascade.child("stageNum") != nil {
            let declared = try int(cascade, "stageNum")
            guard declared == stagesNode.children.count else {
                throw invalid("stageNum says \(declared) stages but <stages> holds \(stagesNode.children.count); the file may be truncated")
            }
        }
        var stages: [CascadeClassifier.Stage] = []
        var trees: [CascadeClassifier.Tree] = []
        var nodes: [CascadeClassifier.Node] = []
        var leaves: [Float] = []
        var subsets: [Int32] = []
        let words = CascadeClassifier.subsetWords
        for (s, stage) in stagesNode.children.enumerated() {
            let threshold = try float(stage, "stageThreshold", context: "stage \(s)")
            guard let weak = stage.child("weakClassifiers"), !weak.children.isEmpty else {
                throw invalid("stage \(s) has no weak classifiers")
            }
            let firstTree = trees.count
            for (w, classifier) in weak.children.enumerated() {
                let context = "stage \(s), weak classifier \(w)"
                let nodeValues = try numbers(classifier, "internalNodes", context: context)
                let leafValues = try numbers(classifier, "leafValues", context: context)
                let perNode = kind == .haar ? 4 : 3 + words
                guard !nodeValues.isEmpty, nodeValues.count % perNode == 0 else {
                    throw invalid("\(context): internalNodes holds \(nodeValues.count) numbers, not a multiple of \(perNode)")
                }
                let nodeCount = nodeValues.count / perNode
                guard leafValues.count == nodeCount + 1 else {
                    throw invalid("\(context): \(nodeCount) nodes need \(nodeCount + 1) leaf values, found \(leafValues.count)")
                }
                trees.append(.init(firstNode: nodes.count, nodeCount: nodeCount, firstLeaf: leaves.count))
                for n in 0..<nodeCount {
                    let v = nodeValues[(n * perNode)...]
                    let b = v.startIndex
                    let left = try integer(v[b], context), right = try integer(v[b + 1], context)
                    let feature = try integer(v[b + 2], context)
                    // Children must lie later in the same tree (OpenCV writes trees in
                    // preorder): this also guarantees that evaluation terminates.
                    for child in [left, right] {
                        guard child > 0 ? (child > n && child < nodeCount) : (-child <= nodeCount) else {
                            throw invalid("\(context): node \(n) points to \(child), outside its tree")
                        }
                    }
                    guard feature >= 0, feature < featureCount else {
                        throw invalid("\(context): feature index \(feature) but there are \(featureCount) features")
                    }
                    var node = CascadeClassifier.Node(left: Int32(left), right: Int32(right), feature: Int32(feature),
                                                      threshold: 0, subset: -1)
                    if kind == .haar {
                        node.threshold = Float(v[b + 3])
                    } else {
                        node.subset = Int32(subsets.count)
                        for k in 0..<words {
                            let word = try integer(v[b + 3 + k], context)
                            guard word >= Int(Int32.min), word <= Int(UInt32.max) else { throw invalid("\(context): subset word \(word) is not 32-bit") }
                            subsets.append(Int32(truncatingIfNeeded: word))
                        }
                    }
                    nodes.append(node)
                }
                leaves.append(contentsOf: leafValues.map { Float($0) })
            }
            stages.append(.init(threshold: threshold, trees: firstTree..<trees.count))
        }
        return CascadeClassifier(kind: kind, windowWidth: width, windowHeight: height, stages: stages, trees: trees,
                                 nodes: nodes, leaves: leaves, haarFeatures: haar, lbpFeatures: lbp, subsets: subsets,
                                 source: source)
    }

    func haarFeature(_ e: CascadeXMLElement, index f: Int, width: Int, height: Int) throws -> CascadeClassifier.HaarFeature {
        guard let rectsNode = e.child("rects") else { throw invalid("feature \(f) has no <rects>") }
        guard (1...3).contains(rectsNode.children.count) else {
            throw invalid("feature \(f) has \(rectsNode.children.count) rectangles; Haar features have 1 to 3")
        }
        var tilted = false
        if let t = e.child("tilted") {
            let v = t.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard v == "0" || v == "1" else { throw invalid("feature \(f): <tilted> is '\(v)', expected 0 or 1") }
            tilted = v == "1"
        }
        var rects: [CascadeClassifier.WeightedRect] = []
        for r in rectsNode.children {
            let v = try numbers(r, nil, context: "feature \(f)")
            guard v.count == 5 else { throw invalid("feature \(f): a rectangle needs 5 numbers (x y width height weight), found \(v.count)") }
            let x = try integer(v[0], "feature \(f)"), y = try integer(v[1], "feature \(f)")
            let w = try integer(v[2], "feature \(f)"), h = try integer(v[3], "feature \(f)")
            // Upright rectangles must lie in the window; tilted ones are refused later anyway.
            if !tilted {
                guard x >= 0, y >= 0, w > 0, h > 0, x + w <= width, y + h <= height else {
                    throw invalid("feature \(f): rectangle (\(x), \(y), \(w), \(h)) is outside the \(width)x\(height) window")
                }
            }
            rects.append(.init(x: x, y: y, width: w, height: h, weight: Float(v[4])))
        }
        return .init(rects: rects, tilted: tilted)
    }

    func lbpFeature(_ e: CascadeXMLElement, index f: Int, width: Int, height: Int) throws -> CascadeClassifier.LBPFeature {
        guard let rect = e.child("rect") else { throw invalid("LBP feature \(f) has no <rect>") }
        let v = try numbers(rect, nil, context: "LBP feature \(f)")
        guard v.count == 4 else { throw invalid("LBP feature \(f): <rect> needs 4 numbers, found \(v.count)") }
        let x = try integer(v[0], "LBP feature \(f)"), y = try integer(v[1], "LBP feature \(f)")
        let w = try integer(v[2], "LBP feature \(f)"), h = try integer(v[3], "LBP feature \(f)")
        guard x >= 0, y >= 0, w > 0, h > 0, x + 3 * w <= width, y + 3 * h <= height else {
            throw invalid("LBP feature \(f): its 3x3 cells of \(w)x\(h) at (\(x), \(y)) leave the \(width)x\(height) window")
        }
        return .init(x: x, y: y, width: w, height: h)
    }

    func text(_ e: CascadeXMLElement, _ name: String) throws -> String {
        guard let c = e.child(name) else { throw invalid("<\(e.name)> has no <\(name)>") }
        return c.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func int(_ e: CascadeXMLElement, _ name: String) throws -> Int {
        let t = try text(e, name)
        guard let v = Int(t) else { throw invalid("<\(name)> is '\(t)', expected an integer") }
        return v
    }

    func float(_ e: CascadeXMLElement, _ name: String, context: String) throws -> Float {
        let t = try text(e, name)
        guard let v = Double(t), v.isFinite else { throw invalid("\(context): <\(name)> is '\(t)', expected a number") }
        return Float(v)
    }

    /// The whitespace-separated numbers in child `name` (or in `e` itself when nil).
    func numbers(_ e: CascadeXMLElement, _ name: String?, context: String) throws -> [Double] {
        let t: String
        if let name {
            guard let c = e.child(name) else { throw invalid("\(context) has no <\(name)>") }
            t = c.text
        } else {
            t = e.text
        }
        var out: [Double] = []
        // isWhitespace, not a list of characters: "\r\n" is one Character (files from Windows).
        for token in t.split(whereSeparator: \.isWhitespace) {
            guard let v = Double(token), v.isFinite else { throw invalid("\(context): '\(token)' is not a number") }
            out.append(v)
        }
        return out
    }

    func integer(_ v: Double, _ context: String) throws -> Int {
        guard v == v.rounded(), abs(v) < 1e10 else { throw invalid("\(context): \(v) should be an integer") }
        return Int(v)
    }
}
