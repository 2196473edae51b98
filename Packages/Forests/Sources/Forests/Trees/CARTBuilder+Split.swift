import Tensor
#if canImport(Glibc)
import Glibc
#endif

/// The best split found so far at a node. `proxy` is a score that ranks splits like the
/// impurity decrease does but is cheaper (it drops the terms every split shares).
struct Split {
    var feature: Int
    var threshold: Float
    var proxy: Double
}

/// Values closer than this count as equal (scikit-learn's FEATURE_THRESHOLD): a feature
/// whose node values span less is constant, and no threshold goes between such values.
let featureTolerance: Float = 1e-7

@inline(__always)
private func xlogx(_ x: Double) -> Double { x > 0 ? x * log(x) : 0 }

extension CARTBuilder {
    /// Draws candidate features without replacement and returns the best valid split. Past
    /// `maxFeatures` it keeps drawing while no candidate gave a valid split (scikit-learn's
    /// semantics); `nil` when no feature can split the node.
    func findSplit<S: FeatureSource>(source: S, start: Int, end: Int, weight: Double, weights w: UnsafePointer<Double>,
                                     labels: UnsafePointer<Int32>?, values: UnsafePointer<Float>?,
                                     rng: inout RandomGenerator) -> Split? {
        let n = end - start
        let nodeSamples = UnsafeBufferPointer(start: samples + start, count: n)
        let column = UnsafeMutableBufferPointer(start: gathered, count: n)
        var best = Split(feature: -1, threshold: 0, proxy: -.infinity)
        var remaining = featureCount
        var visited = 0
        while remaining > 0 && (visited < maxFeatures || best.feature < 0) {
            let j = rng.bounded(remaining)
            remaining -= 1
            let f = Int(features[j])
            features[j] = features[remaining]
            features[remaining] = Int32(f)
            visited += 1

            source.fill(samples: nodeSamples, feature: f, into: column)
            var lo = gathered[0], hi = lo
            for i in 1..<n { let v = gathered[i]; lo = min(lo, v); hi = max(hi, v) }
            if hi <= lo + featureTolerance { continue }

            switch config.thresholdMode {
            case .exhaustive:
                for i in 0..<n { keys[i] = KeySort.key(value: gathered[i], sample: nodeSamples[i]) }
                KeySort.sort(keys, n)
                if let labels {
                    if config.criterion == .gini {
                        sweepGini(n: n, feature: f, weight: weight, w: w, labels: labels, best: &best)
                    } else {
                        sweepEntropy(n: n, feature: f, weight: weight, w: w, labels: labels, best: &best)
                    }
                } else {
                    sweepMSE(n: n, feature: f, weight: weight, w: w, y: values!, best: &best)
                }
            case .random(let perFeature):
                for _ in 0..<perFeature {
                    var t = lo + rng.uniformFloat() * (hi - lo)
                    if t >= hi { t = lo }
                    evaluateThreshold(t, n: n, feature: f, start: start, weight: weight, w: w, labels: labels, values: values, best: &best)
                }
            }
        }
        return best.feature >= 0 ? best : nil
    }

    /// Where to cut between two sorted distinct values: the midpoint, unless rounding puts
    /// it on the upper value (then the lower one, so `x <= t` still separates them).
    @inline(__always)
    private func midpoint(_ a: Float, _ b: Float) -> Float {
        let t = a / 2 + b / 2
        return (t == b || !t.isFinite) ? a : t
    }

    /// One pass over the sorted keys with running squared class weights: each position's
    /// Gini proxy `Σ L_c²/W_L + Σ R_c²/W_R` costs O(1).
    private func sweepGini(n: Int, feature f: Int, weight: Double, w: UnsafePointer<Double>,
                           labels: UnsafePointer<Int32>, best: inout Split) {
        var sqL = 0.0, sqR = 0.0
        for c in 0..<width { leftStats[c] = 0; rightStats[c] = total[c]; sqR += total[c] * total[c] }
        var wL = 0.0, wR = weight
        let minLeaf = config.minSamplesLeaf
        var next = KeySort.value(ofKey: keys[0])
        for p in 0..<(n &- 1) {
            let s = KeySort.sample(ofKey: keys[p])
            let c = Int(labels[s]), ws = w[s]
            let lc = leftStats[c], rc = rightStats[c]
            sqL += ws * (2 * lc + ws)
            sqR += ws * (ws - 2 * rc)
            leftStats[c] = lc + ws
            rightStats[c] = rc - ws
            wL += ws
            wR -= ws
            let v = next
            next = KeySort.value(ofKey: keys[p &+ 1])
            let nL = p &+ 1
            if nL < minLeaf { continue }
            if n &- nL < minLeaf { break }
            if next <= v + featureTolerance { continue }
            let proxy = sqL / wL + sqR / wR
            if proxy > best.proxy { best = Split(feature: f, threshold: midpoint(v, next), proxy: proxy) }
        }
    }

    /// Entropy: `W·H = W log W − Σ n_c log n_c`, so running sums of `n log n` give O(1) updates.
    private func sweepEntropy(n: Int, feature f: Int, weight: Double, w: UnsafePointer<Double>,
                              labels: UnsafePointer<Int32>, best: inout Split) {
        var eL = 0.0, eR = 0.0
        for c in 0..<width { leftStats[c] = 0; rightStats[c] = total[c]; eR += xlogx(total[c]) }
        var wL = 0.0, wR = weight
        let minLeaf = config.minSamplesLeaf
        var next = KeySort.value(ofKey: keys[0])
        for p in 0..<(n &- 1) {
            let s = KeySort.sample(ofKey: keys[p])
            let c = Int(labels[s]), ws = w[s]
            let lc = leftStats[c], rc = rightStats[c]
            eL += xlogx(lc + ws) - xlogx(lc)
            eR += xlogx(rc - ws) - xlogx(rc)
            leftStats[c] = lc + ws
            rightStats[c] = rc - ws
            wL += ws
            wR -= ws
            let v = next
            next = KeySort.value(ofKey: keys[p &+ 1])
            let nL = p &+ 1
            if nL < minLeaf { continue }
            if n &- nL < minLeaf { break }
            if next <= v + featureTolerance { continue }
            let proxy = eL + eR - xlogx(wL) - xlogx(wR)
            if proxy > best.proxy { best = Split(feature: f, threshold: midpoint(v, next), proxy: proxy) }
        }
    }

    /// Multi-output MSE: minimising the children's squared error is maximising
    /// `Σ_k L_k²/W_L + R_k²/W_R` over running target sums.
    private func sweepMSE(n: Int, feature f: Int, weight: Double, w: UnsafePointer<Double>,
                          y: UnsafePointer<Float>, best: inout Split) {
        for k in 0..<width { leftStats[k] = 0; rightStats[k] = total[k] }
        var wL = 0.0, wR = weight
        let minLeaf = config.minSamplesLeaf
        var next = KeySort.value(ofKey: keys[0])
        for p in 0..<(n &- 1) {
            let s = KeySort.sample(ofKey: keys[p])
            let ws = w[s]
            let row = y + s &* width
            var proxy = 0.0
            wL += ws
            wR -= ws
            for k in 0..<width {
                let d = ws * Double(row[k])
                let l = leftStats[k] + d, r = rightStats[k] - d
                leftStats[k] = l
                rightStats[k] = r
                proxy += l * l / wL + r * r / wR
            }
            let v = next
            next = KeySort.value(ofKey: keys[p &+ 1])
            let nL = p &+ 1
            if nL < minLeaf { continue }
            if n &- nL < minLeaf { break }
            if next <= v + featureTolerance { continue }
            if proxy > best.proxy { best = Split(feature: f, threshold: midpoint(v, next), proxy: proxy) }
        }
    }

    /// Extra-Trees: scores one drawn threshold with a pass over the gathered column.
    private func evaluateThreshold(_ t: Float, n: Int, feature f: Int, start: Int, weight: Double, w: UnsafePointer<Double>,
                                   labels: UnsafePointer<Int32>?, values: UnsafePointer<Float>?, best: inout Split) {
        for k in 0..<width { leftStats[k] = 0 }
        var wL = 0.0
        var nL = 0
        for i in 0..<n where gathered[i] <= t {
            let s = Int(samples[start &+ i]), ws = w[s]
            wL += ws
            nL &+= 1
            if let labels {
                leftStats[Int(labels[s])] += ws
            } else {
                let row = values! + s &* width
                for k in 0..<width { leftStats[k] += ws * Double(row[k]) }
            }
        }
        let minLeaf = config.minSamplesLeaf
        guard nL >= minLeaf, n - nL >= minLeaf else { return }
        let wR = weight - wL
        var proxy = 0.0
        if config.criterion == .entropy {
            for c in 0..<width { proxy += xlogx(leftStats[c]) + xlogx(total[c] - leftStats[c]) }
            proxy -= xlogx(wL) + xlogx(wR)
        } else {
            // Gini and MSE share the form Σ L²/W_L + R²/W_R.
            for k in 0..<width {
                let l = leftStats[k], r = total[k] - l
                proxy += l * l / wL + r * r / wR
            }
        }
        if proxy > best.proxy { best = Split(feature: f, threshold: t, proxy: proxy) }
    }

    /// Partitions the node's samples by the split and measures the impurity decrease;
    /// `nil` when the decrease is below `minImpurityDecrease` (the node becomes a leaf).
    func applySplit<S: FeatureSource>(_ split: Split, source: S, start: Int, end: Int, weight: Double, impurity: Double,
                                      weights w: UnsafePointer<Double>, labels: UnsafePointer<Int32>?,
                                      values: UnsafePointer<Float>?) -> (middle: Int, decrease: Double)? {
        let n = end - start
        source.fill(samples: UnsafeBufferPointer(start: samples + start, count: n), feature: split.feature,
                    into: UnsafeMutableBufferPointer(start: gathered, count: n))
        var i = 0, j = n - 1
        while i <= j {
            if gathered[i] <= split.threshold {
                i += 1
            } else {
                let s = samples[start + i]; samples[start + i] = samples[start + j]; samples[start + j] = s
                let g = gathered[i]; gathered[i] = gathered[j]; gathered[j] = g
                j -= 1
            }
        }
        let middle = start + i
        guard middle > start, middle < end else { return nil }

        for k in 0..<width { leftStats[k] = 0 }
        var wL = 0.0, squaresL = 0.0, squaresR = 0.0
        for p in start..<end {
            let s = Int(samples[p]), ws = w[s]
            if let labels {
                if p < middle { leftStats[Int(labels[s])] += ws; wL += ws }
            } else {
                let row = values! + s &* width
                var sq = 0.0
                for k in 0..<width { let v = Double(row[k]); sq += v * v }
                if p < middle {
                    for k in 0..<width { leftStats[k] += ws * Double(row[k]) }
                    wL += ws
                    squaresL += ws * sq
                } else {
                    squaresR += ws * sq
                }
            }
        }
        let wR = weight - wL
        for k in 0..<width { rightStats[k] = total[k] - leftStats[k] }
        let impurityL: Double, impurityR: Double
        if labels != nil {
            impurityL = classImpurity(leftStats, wL)
            impurityR = classImpurity(rightStats, wR)
        } else {
            var mL = 0.0, mR = 0.0
            for k in 0..<width {
                mL += (leftStats[k] / wL) * (leftStats[k] / wL)
                mR += (rightStats[k] / wR) * (rightStats[k] / wR)
            }
            impurityL = max(0, squaresL / wL - mL)
            impurityR = max(0, squaresR / wR - mR)
        }
        let delta = impurity - (wL / weight) * impurityL - (wR / weight) * impurityR
        if config.minImpurityDecrease > 0 && delta < config.minImpurityDecrease { return nil }
        return (middle, max(0, weight * impurity - wL * impurityL - wR * impurityR))
    }
}
