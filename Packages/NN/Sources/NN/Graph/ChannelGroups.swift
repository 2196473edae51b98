/// One output channel (or feature) of a node that creates channels (dense, conv2d).
public struct ChannelRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var node: String
    public var channel: Int

    public init(node: String, channel: Int) {
        self.node = node
        self.channel = channel
    }

    public static func < (a: ChannelRef, b: ChannelRef) -> Bool { (a.node, a.channel) < (b.node, b.channel) }
    public var description: String { "\(node)[\(channel)]" }
}

/// Channels that must be removed, merged or permuted together. Through a residual `add`
/// the producers on both branches are tied channel by channel; batch norm, activations,
/// pooling and depthwise convolutions carry a channel through unchanged; `concat` and
/// `flatten` only move it. Slot k of a group is the set of producer channels that are the
/// same channel of the network.
public struct ChannelGroup: Sendable, Equatable, CustomStringConvertible {
    public let id: Int
    /// The nodes whose output channels the group holds (several through residual adds).
    public let producers: [String]
    /// `slots[k]`: the tied producer channels of slot k, removed together.
    public let slots: [[ChannelRef]]

    public var width: Int { slots.count }
    public var description: String { "group \(id): \(producers.joined(separator: " + ")), \(width) channels" }
}

/// The channel bookkeeping of a graph: a unit id per output position of every node, and the
/// union of units that are the same channel.
struct ChannelAnalysis {
    /// For each node, one unit per output channel ([C, H, W] outputs) or feature ([F] outputs).
    var unitMaps: [String: [Int]] = [:]
    /// Flattened outputs: how many consecutive features one channel became (H·W), per node.
    var blockSizes: [String: [Int]] = [:]
    var parent: [Int] = []
    /// Units that cannot be removed: the input's, the output's and those of grouped convs.
    var frozen: Set<Int> = []
    /// Producer channel of each unit (nil for input units).
    var owner: [Int: ChannelRef] = [:]
    /// Units that pass a batch norm or a depthwise conv (merging them needs equal per-channel parameters).
    var passesPerChannelParameters: Set<Int> = []

    mutating func newUnit(_ owner: ChannelRef?) -> Int {
        parent.append(parent.count)
        if let owner { self.owner[parent.count - 1] = owner }
        return parent.count - 1
    }

    mutating func root(_ u: Int) -> Int {
        var r = u
        while parent[r] != r { r = parent[r] }
        var v = u
        while parent[v] != r { let next = parent[v]; parent[v] = r; v = next }
        return r
    }

    mutating func union(_ a: Int, _ b: Int) {
        let (ra, rb) = (root(a), root(b))
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }

    init(_ graph: ModelGraph) throws {
        let shapes = try graph.inferShapes()
        for node in graph.nodes {
            let inputs = node.inputs.map { unitMaps[$0]! }
            let shape = shapes[node.name]!
            var blocks: [Int]? = nil
            let map: [Int]
            switch node.op {
            case .input:
                map = (0..<shape[0]).map { _ in newUnit(nil) }
                frozen.formUnion(map)
            case .dense:
                map = (0..<shape[0]).map { newUnit(ChannelRef(node: node.name, channel: $0)) }
            case .conv2d(_, _, let groups):
                map = (0..<shape[0]).map { newUnit(ChannelRef(node: node.name, channel: $0)) }
                if groups > 1 { frozen.formUnion(map); frozen.formUnion(inputs[0]) }
            case .unevenDepthwiseConv2d:
                // Its planes are tied to input channels through `source` and `index`: keep the inputs whole.
                map = (0..<shape[0]).map { newUnit(ChannelRef(node: node.name, channel: $0)) }
                frozen.formUnion(inputs[0])
            case .depthwiseConv2d, .batchNorm:
                map = inputs[0]
                passesPerChannelParameters.formUnion(map)
            case .relu, .relu6, .identity, .softmax, .maxPool, .avgPool, .globalAvgPool, .quantizeActivation:
                map = inputs[0]
                if let b = blockSizes[node.inputs[0]] { blocks = b }
            case .add:
                for other in inputs.dropFirst() { for (a, b) in zip(inputs[0], other) { union(a, b) } }
                map = inputs[0]
                if let b = blockSizes[node.inputs[0]] { blocks = b }
            case .concat:
                map = inputs.flatMap { $0 }
            case .flatten:
                let input = shapes[node.inputs[0]]!
                let spatial = input.dropFirst().reduce(1, *)
                map = inputs[0].flatMap { Array(repeating: $0, count: spatial) }
                blocks = Array(repeating: spatial, count: inputs[0].count)
            }
            unitMaps[node.name] = map
            if let blocks { blockSizes[node.name] = blocks }
        }
        frozen.formUnion(unitMaps[graph.output]!)
        // Freeze whole classes: a slot is frozen when any of its units is.
        let frozenRoots = Set(frozen.map { root($0) })
        frozen = Set((0..<parent.count).filter { frozenRoots.contains(root($0)) })
        let perChannelRoots = Set(passesPerChannelParameters.map { root($0) })
        passesPerChannelParameters = Set((0..<parent.count).filter { perChannelRoots.contains(root($0)) })
    }

    /// The prunable groups, ordered by their first producer's position in the graph.
    mutating func groups(order: [String]) -> [ChannelGroup] {
        var slotsByRoot: [Int: [ChannelRef]] = [:]
        for (unit, ref) in owner where !frozen.contains(unit) { slotsByRoot[root(unit), default: []].append(ref) }
        var byProducers: [[String]: [(Int, [ChannelRef])]] = [:]
        for (r, refs) in slotsByRoot {
            let producers = Set(refs.map(\.node)).sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }
            byProducers[producers, default: []].append((r, refs.sorted()))
        }
        let keys = byProducers.keys.sorted { order.firstIndex(of: $0[0])! < order.firstIndex(of: $1[0])! }
        return keys.enumerated().map { id, producers in
            let slots = byProducers[producers]!.sorted { $0.1[0].channel < $1.1[0].channel }.map(\.1)
            return ChannelGroup(id: id, producers: producers, slots: slots)
        }
    }

    /// The unit of a producer channel.
    func unit(of ref: ChannelRef) -> Int? { unitMaps[ref.node]?[ref.channel] }
}

extension ModelGraph {
    /// The groups of channels that can be removed, merged or permuted, in graph order.
    /// Channels of the input, of the output and of grouped (non-depthwise) convolutions are
    /// not in any group.
    public func channelGroups() throws -> [ChannelGroup] {
        var analysis = try ChannelAnalysis(self)
        return analysis.groups(order: nodes.map(\.name))
    }
}
