import Foundation
import NN
import Tensor

/// Saving and loading fitted forests as one safetensors file: every tree's flat arrays
/// concatenated into I32 / F32 entries, and a JSON header (format version, kind, sizes,
/// configuration) in the metadata under `facet.forest`.
///
/// Entries: `feature`, `left`, `right`, `value_offset` (I32, one per node), `threshold`
/// (F32, one per node), `values` (F32 leaf values), `tree_nodes` / `tree_values` (I32,
/// treeCount + 1 prefix offsets into the node and value arrays), `importances` (F32).
/// Child indices and value offsets are local to their tree. Loading checks every index
/// before any prediction can follow it.
enum ForestFile {
    static let formatVersion = 1
    static let headerKey = "facet.forest"

    struct Header: Codable {
        var formatVersion: Int
        var kind: String
        var featureCount: Int
        var outputCount: Int
        var treeCount: Int
        var config: ForestConfig
        var classWeight: ClassWeight?
        var oobScore: Double?
        /// Column names of the table the forest was fitted on (absent in files from code fits).
        var columns: ForestColumns?
    }

    static func write(_ forest: FittedForest, header: Header, to url: URL) throws {
        var feature: [Int32] = [], left: [Int32] = [], right: [Int32] = [], offsets: [Int32] = []
        var threshold: [Float] = [], values: [Float] = []
        var treeNodes: [Int32] = [0], treeValues: [Int32] = [0]
        for t in forest.trees {
            feature += t.feature; left += t.left; right += t.right; offsets += t.valueOffset
            threshold += t.threshold; values += t.values
            treeNodes.append(Int32(feature.count)); treeValues.append(Int32(values.count))
        }
        let json = String(decoding: try JSONEncoder().encode(header), as: UTF8.self)
        let file = SafetensorsFile(entries: [
            "feature": try SafetensorsEntry(shape: [feature.count], values: feature),
            "left": try SafetensorsEntry(shape: [left.count], values: left),
            "right": try SafetensorsEntry(shape: [right.count], values: right),
            "value_offset": try SafetensorsEntry(shape: [offsets.count], values: offsets),
            "threshold": try SafetensorsEntry(shape: [threshold.count], values: threshold),
            "values": try SafetensorsEntry(shape: [values.count], values: values),
            "tree_nodes": try SafetensorsEntry(shape: [treeNodes.count], values: treeNodes),
            "tree_values": try SafetensorsEntry(shape: [treeValues.count], values: treeValues),
            "importances": try SafetensorsEntry(shape: [forest.importances.count], values: forest.importances),
        ], metadata: [headerKey: json])
        try file.write(to: url)
    }

    /// The estimator kind a file holds, read from its header without loading the trees' checks.
    static func kind(of url: URL) throws -> String {
        let file = try SafetensorsFile(contentsOf: url)
        struct Kind: Decodable { var kind: String }
        guard let json = file.metadata[headerKey], let header = try? JSONDecoder().decode(Kind.self, from: Data(json.utf8)) else {
            throw ForestError.corruptFile(file: url.path, message: "no '\(headerKey)' header naming the forest kind")
        }
        return header.kind
    }

    static func read(from url: URL, kind: String) throws -> (FittedForest, Header) {
        let path = url.path
        func corrupt(_ m: String) -> ForestError { .corruptFile(file: path, message: m) }
        let file = try SafetensorsFile(contentsOf: url)
        guard let json = file.metadata[headerKey] else { throw corrupt("no '\(headerKey)' header in the metadata") }
        struct Version: Decodable { var formatVersion: Int }
        guard let version = try? JSONDecoder().decode(Version.self, from: Data(json.utf8)) else {
            throw corrupt("the '\(headerKey)' header is not valid JSON with a formatVersion")
        }
        guard version.formatVersion == formatVersion else {
            throw ForestError.unsupportedVersion(file: path, found: version.formatVersion, supported: formatVersion)
        }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(json.utf8)) } catch {
            throw corrupt("the '\(headerKey)' header is incomplete (\(error))")
        }
        guard header.kind == kind else { throw corrupt("it holds a \(header.kind), not a \(kind)") }
        guard header.featureCount > 0, header.outputCount > 0, header.treeCount > 0 else {
            throw corrupt("featureCount, outputCount and treeCount must be positive")
        }

        func entry<T: SafetensorsScalar>(_ name: String, _ type: T.Type) throws -> [T] {
            guard let e = file.entries[name] else { throw corrupt("array '\(name)' is missing") }
            guard e.dtype == T.safetensorsDType, e.shape.count == 1 else {
                throw corrupt("array '\(name)' must be a 1-D \(T.safetensorsDType) array, found \(e.dtype) \(e.shape)")
            }
            return try e.values(as: type)
        }
        let feature = try entry("feature", Int32.self), left = try entry("left", Int32.self)
        let right = try entry("right", Int32.self), offsets = try entry("value_offset", Int32.self)
        let threshold = try entry("threshold", Float.self), values = try entry("values", Float.self)
        let treeNodes = try entry("tree_nodes", Int32.self), treeValues = try entry("tree_values", Int32.self)
        let importances = try entry("importances", Float.self)

        let nodeCount = feature.count
        for (name, count) in [("left", left.count), ("right", right.count), ("value_offset", offsets.count), ("threshold", threshold.count)]
        where count != nodeCount {
            throw corrupt("array '\(name)' has \(count) entries but 'feature' has \(nodeCount); every node needs one of each")
        }
        guard treeNodes.count == header.treeCount + 1, treeValues.count == header.treeCount + 1 else {
            throw corrupt("'tree_nodes' and 'tree_values' need treeCount + 1 = \(header.treeCount + 1) offsets")
        }
        guard importances.count == header.featureCount else {
            throw corrupt("'importances' has \(importances.count) entries for \(header.featureCount) features")
        }
        guard treeNodes.first == 0, treeValues.first == 0, Int(treeNodes.last!) == nodeCount, Int(treeValues.last!) == values.count else {
            throw corrupt("tree offsets do not cover the node and value arrays exactly (truncated arrays?)")
        }

        var trees: [TreeNodes] = []
        trees.reserveCapacity(header.treeCount)
        let k = header.outputCount
        for t in 0..<header.treeCount {
            let n0 = Int(treeNodes[t]), n1 = Int(treeNodes[t + 1])
            let v0 = Int(treeValues[t]), v1 = Int(treeValues[t + 1])
            guard n0 < n1, v0 <= v1 else { throw corrupt("tree \(t) has no nodes or negative-length values") }
            let n = n1 - n0, valueCount = v1 - v0
            for i in 0..<n {
                let f = Int(feature[n0 + i])
                if f < 0 {
                    let o = Int(offsets[n0 + i])
                    guard o >= 0, o + k <= valueCount else {
                        throw corrupt("tree \(t) leaf \(i): value offset \(o) is outside its \(valueCount) values")
                    }
                } else {
                    guard f < header.featureCount else {
                        throw corrupt("tree \(t) node \(i): feature index \(f) is not below featureCount \(header.featureCount)")
                    }
                    let l = Int(left[n0 + i]), r = Int(right[n0 + i])
                    // Children after their parent: every walk moves forward, so it ends.
                    guard l > i, l < n, r > i, r < n else {
                        throw corrupt("tree \(t) node \(i): child index \(l) or \(r) is out of range \(i + 1)..<\(n)")
                    }
                    guard !threshold[n0 + i].isNaN else { throw corrupt("tree \(t) node \(i): threshold is NaN") }
                }
            }
            trees.append(TreeNodes(feature: Array(feature[n0..<n1]), threshold: Array(threshold[n0..<n1]),
                                   left: Array(left[n0..<n1]), right: Array(right[n0..<n1]),
                                   valueOffset: Array(offsets[n0..<n1]), values: Array(values[v0..<v1]), outputCount: k))
        }
        return (FittedForest(trees: trees, featureCount: header.featureCount, outputCount: k, importances: importances), header)
    }
}

extension RandomForestClassifier {
    /// Writes the fitted forest to one safetensors file, atomically.
    public func save(to url: URL) throws {
        let forest = try model()
        try ForestFile.write(forest, header: .init(formatVersion: ForestFile.formatVersion, kind: "RandomForestClassifier",
                                                   featureCount: forest.featureCount, outputCount: forest.outputCount,
                                                   treeCount: forest.trees.count, config: config, classWeight: classWeight,
                                                   oobScore: oobScore, columns: columns), to: url)
    }

    /// Reads and validates a forest written by `save(to:)`.
    public static func load(from url: URL) throws -> RandomForestClassifier {
        let (forest, header) = try ForestFile.read(from: url, kind: "RandomForestClassifier")
        let loaded = RandomForestClassifier(config: header.config, classWeight: header.classWeight, fitted: forest, oobScore: header.oobScore)
        loaded.columns = try header.columns.map { try $0.validated(featureCount: forest.featureCount, classCount: forest.outputCount, file: url.path) }
        return loaded
    }
}

extension RandomForestRegressor {
    public func save(to url: URL) throws {
        let forest = try model()
        try ForestFile.write(forest, header: .init(formatVersion: ForestFile.formatVersion, kind: "RandomForestRegressor",
                                                   featureCount: forest.featureCount, outputCount: forest.outputCount,
                                                   treeCount: forest.trees.count, config: config, classWeight: nil,
                                                   oobScore: oobScore, columns: columns), to: url)
    }

    public static func load(from url: URL) throws -> RandomForestRegressor {
        let (forest, header) = try ForestFile.read(from: url, kind: "RandomForestRegressor")
        let loaded = RandomForestRegressor(config: header.config, fitted: forest, oobScore: header.oobScore)
        loaded.columns = try header.columns.map { try $0.validated(featureCount: forest.featureCount, classCount: nil, file: url.path) }
        return loaded
    }
}
