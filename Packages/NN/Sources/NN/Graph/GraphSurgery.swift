import Tensor

extension ModelGraph {
    /// Removes channels: for each (group, slots) pair, those slots of the group. Every tensor
    /// that reads or writes a removed channel loses it (producer rows and biases, batch-norm
    /// entries, depthwise filters, consumer columns, the H·W columns of a flattened channel),
    /// so the result is physically smaller and runs as an ordinary graph.
    public func removingChannels(_ removals: [(group: ChannelGroup, slots: [Int])]) throws -> ModelGraph {
        var analysis = try ChannelAnalysis(self)
        var removed = Set<Int>()
        for (group, slots) in removals {
            for s in slots {
                guard group.slots.indices.contains(s), let unit = analysis.unit(of: group.slots[s][0]) else {
                    throw GraphError.invalidSurgery("slot \(s) is not in \(group)")
                }
                removed.insert(analysis.root(unit))
            }
        }
        for (group, slots) in removals where Set(slots).count >= group.width {
            throw GraphError.invalidSurgery("removing every channel of \(group) would disconnect the network")
        }
        return try reindexed(&analysis) { removed.contains($0) ? nil : 0 }
    }

    public func removingChannels(_ group: ChannelGroup, slots: [Int]) throws -> ModelGraph {
        try removingChannels([(group, slots)])
    }

    /// Reorders a group's channels: new slot k is old slot `order[k]`. The function computed is unchanged.
    public func permutingChannels(_ group: ChannelGroup, order: [Int]) throws -> ModelGraph {
        guard order.sorted() == Array(0..<group.width) else {
            throw GraphError.invalidSurgery("order must be a permutation of 0..<\(group.width), got \(order)")
        }
        var analysis = try ChannelAnalysis(self)
        var rank: [Int: Int] = [:]
        for (k, old) in order.enumerated() { rank[analysis.root(analysis.unit(of: group.slots[old][0])!)] = k + 1 }
        return try reindexed(&analysis) { rank[$0] ?? 0 }
    }

    /// Merges slot `source` into slot `target` of a group whose two channels compute the same
    /// values (equal incoming weights and biases): every consumer's weights of `source` are
    /// added to those of `target`, then `source` is removed. The output is unchanged when the
    /// two channels are equal. Channels that pass a batch norm or a depthwise conv are refused
    /// (fold batch norm first; depthwise filters differ per channel).
    public func mergingChannels(_ group: ChannelGroup, source: Int, into target: Int) throws -> ModelGraph {
        guard group.slots.indices.contains(source), group.slots.indices.contains(target), source != target else {
            throw GraphError.invalidSurgery("merge needs two different slots of \(group), got \(source) into \(target)")
        }
        var analysis = try ChannelAnalysis(self)
        let su = analysis.unit(of: group.slots[source][0])!, tu = analysis.unit(of: group.slots[target][0])!
        guard !analysis.passesPerChannelParameters.contains(su) else {
            throw GraphError.invalidSurgery("channels of \(group) pass a batch norm or depthwise conv; fold batch norm first")
        }
        let (sr, tr) = (analysis.root(su), analysis.root(tu))
        var merged = self
        for node in nodes {
            let isConsumer: Bool
            switch node.op {
            case .dense, .conv2d(_, _, 1): isConsumer = true
            default: isConsumer = false
            }
            guard isConsumer else { continue }
            let map = analysis.unitMaps[node.inputs[0]]!
            let from = map.indices.filter { analysis.root(map[$0]) == sr }
            let to = map.indices.filter { analysis.root(map[$0]) == tr }
            guard !from.isEmpty else { continue }
            guard from.count == to.count else {
                throw GraphError.invalidSurgery("'\(node.name)' reads the two channels at different widths")
            }
            var w = merged.tensors["\(node.name).weight"]!
            let rows = w.shape[0], columns = w.shape[1], inner = w.count / (rows * columns)
            w.withUnsafeMutableBufferPointer { p in
                for r in 0..<rows {
                    for (a, b) in zip(from, to) {
                        for k in 0..<inner { p[(r * columns + b) * inner + k] += p[(r * columns + a) * inner + k] }
                    }
                }
            }
            merged.tensors["\(node.name).weight"] = w
        }
        return try merged.removingChannels(group, slots: [source])
    }

    /// Folds every batch norm that directly follows a dense, conv2d or depthwise conv read by
    /// nothing else into that layer's weights and bias, and removes it. Inference is unchanged.
    public func foldingBatchNorm() throws -> ModelGraph {
        var nodes = self.nodes, tensors = self.tensors, output = self.output
        for bn in self.nodes {
            guard case .batchNorm(let epsilon) = bn.op, let producer = nodes.first(where: { $0.name == bn.inputs[0] }) else { continue }
            switch producer.op {
            case .dense, .conv2d, .depthwiseConv2d: break
            default: continue
            }
            guard nodes.filter({ $0.inputs.contains(producer.name) }).count == 1, producer.name != output else { continue }
            let p = producer.name, b = bn.name
            let gamma = tensors["\(b).weight"]!, beta = tensors["\(b).bias"]!
            let mean = tensors["\(b).running_mean"]!, variance = tensors["\(b).running_var"]!
            let scale = try gamma * (variance + epsilon).sqrt().map { 1 / $0 }
            var w = tensors["\(p).weight"]!
            let channels = w.shape[0], perChannel = w.count / channels
            let s = scale.scalars
            w.withUnsafeMutableBufferPointer { q in
                for c in 0..<channels { for k in 0..<perChannel { q[c * perChannel + k] *= s[c] } }
            }
            tensors["\(p).weight"] = w
            let bias = tensors["\(p).bias"] ?? Tensor(zeros: [w.shape[0]])
            tensors["\(p).bias"] = try (bias - mean) * scale + beta
            for suffix in ["weight", "bias", "running_mean", "running_var"] { tensors["\(b).\(suffix)"] = nil }
            nodes.removeAll { $0.name == b }
            for i in nodes.indices { nodes[i].inputs = nodes[i].inputs.map { $0 == b ? p : $0 } }
            if output == b { output = p }
        }
        return try ModelGraph(nodes: nodes, tensors: tensors, output: output)
    }

    /// Rebuilds the tensors with each node's outputs reordered or dropped. `rank(root)` is nil
    /// to drop a channel, 0 to leave it in place, k > 0 to sort it among the ranked channels.
    private func reindexed(_ analysis: inout ChannelAnalysis, rank: (Int) -> Int?) throws -> ModelGraph {
        var selections: [String: [Int]] = [:]
        for node in nodes {
            let map = analysis.unitMaps[node.name]!
            // Runs of consecutive positions of the same channel (a flattened channel is one run).
            var runs: [(root: Int, positions: [Int])] = []
            for (i, u) in map.enumerated() {
                let r = analysis.root(u)
                if let last = runs.last, last.root == r, last.positions.last == i - 1 { runs[runs.count - 1].positions.append(i) }
                else { runs.append((r, [i])) }
            }
            var kept = runs.filter { rank($0.root) != nil }
            let rankedSlots = kept.indices.filter { rank(kept[$0].root)! > 0 }
            let ranked = rankedSlots.map { kept[$0] }.sorted { rank($0.root)! < rank($1.root)! }
            for (slot, run) in zip(rankedSlots, ranked) { kept[slot] = run }
            selections[node.name] = kept.flatMap(\.positions)
        }
        var tensors = self.tensors
        func select(_ name: String, axis: Int, _ indices: [Int]) throws {
            guard let t = tensors[name], t.shape[axis] != indices.count || indices != Array(0..<indices.count) else { return }
            tensors[name] = try t.indexSelect(alongAxis: axis, indices)
        }
        for node in nodes {
            let own = selections[node.name]!
            switch node.op {
            case .dense, .conv2d:
                try select("\(node.name).weight", axis: 0, own)
                try select("\(node.name).bias", axis: 0, own)
                if case .conv2d(_, _, let groups) = node.op, groups > 1 { break }
                try select("\(node.name).weight", axis: 1, selections[node.inputs[0]]!)
            case .unevenDepthwiseConv2d:
                try select("\(node.name).index", axis: 0, own)
                try select("\(node.name).bias", axis: 0, own)
            case .depthwiseConv2d:
                try select("\(node.name).weight", axis: 0, own)
                try select("\(node.name).bias", axis: 0, own)
            case .batchNorm:
                for p in ["weight", "bias", "running_mean", "running_var"] { try select("\(node.name).\(p)", axis: 0, own) }
            default: break
            }
        }
        return try ModelGraph(nodes: nodes, tensors: tensors, output: output)
    }
}
