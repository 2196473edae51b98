import NN
import Tensor
import XCTest
@testable import Forests

final class NeuralForestTests: XCTestCase {
    private func accuracy(_ p: Tensor, _ labels: IndexTensor) throws -> Double {
        let predicted = try p.argmax(alongAxis: 1).values
        return Double(zip(predicted, labels.values).filter { $0 == $1 }.count) / Double(labels.count)
    }

    /// Spec F3, short: an NDF straight on the digits pixels, soft routing while β anneals,
    /// then greedy routing after a hard leaf refit.
    func testSmallForestLearnsDigitsSoftAndGreedy() throws {
        Initializer.seed(0)
        let (train, test) = try Digits.load(layout: .flat, split: .stratified)
        let forest = try NeuralDecisionForest(trees: 10, depth: 5, inputSize: 64, leaves: .classDistribution(10),
                                              featureFraction: 0.5, seed: 0)
        let optimizer = try Adam(forest.parameters(), learningRate: 2e-2)
        let loader = try DataLoader(train, batchSize: 64, seed: 0)
        let epochs = 30
        for epoch in 0..<epochs {
            forest.beta = NeuralDecisionForest.annealedBeta(progress: Double(epoch) / Double(epochs - 1), betaMax: 8)
            let batches = try loader.batches(epoch: epoch)
            while let b = try batches.next() {
                optimizer.zeroGrad()
                try forest.treeAveragedLogLoss(Variable(b.inputs), labels: b.labels!).backward()
                try optimizer.step()
            }
        }
        let soft = try accuracy(forest.predict(test.inputs, routing: .soft), test.labels!)
        let greedyBefore = try accuracy(forest.predict(test.inputs, routing: .greedy), test.labels!)
        try forest.refitLeavesGreedy(inputs: train.inputs, labels: train.labels!.values)
        let greedy = try accuracy(forest.predict(test.inputs, routing: .greedy), test.labels!)
        print("NDF digits: soft \(soft), greedy \(greedyBefore) (refit \(greedy))")
        XCTAssertGreaterThanOrEqual(soft, 0.9)
        XCTAssertGreaterThanOrEqual(max(greedy, greedyBefore), soft - 0.05)
    }

    /// Alternating training (Kontschieder): Adam on the nodes, fixed-point leaves between epochs.
    func testAlternatingLeafUpdatesTrainDigits() throws {
        Initializer.seed(1)
        let (train, test) = try Digits.load(layout: .flat, split: .stratified)
        let forest = try NeuralDecisionForest(trees: 10, depth: 5, inputSize: 64, leaves: .classDistribution(10),
                                              featureFraction: 0.5, seed: 1)
        let optimizer = try Adam(forest.decisionParameters(), learningRate: 2e-2)
        let loader = try DataLoader(train, batchSize: 64, seed: 1)
        let labels = train.labels!.values
        for epoch in 0..<15 {
            let before = try forest.trees.map { try $0.logLoss(inputs: train.inputs, labels: labels) }
            try forest.updateLeavesFixedPoint(inputs: train.inputs, labels: labels, iterations: 20)
            let after = try forest.trees.map { try $0.logLoss(inputs: train.inputs, labels: labels) }
            for (a, b) in zip(before, after) { XCTAssertLessThanOrEqual(b, a + 1e-4) }
            let batches = try loader.batches(epoch: epoch)
            while let b = try batches.next() {
                optimizer.zeroGrad()
                try forest.treeAveragedLogLoss(Variable(b.inputs), labels: b.labels!).backward()
                try optimizer.step()
            }
        }
        try forest.updateLeavesFixedPoint(inputs: train.inputs, labels: labels)
        let soft = try accuracy(forest.predict(test.inputs), test.labels!)
        print("NDF digits, alternating leaves: soft \(soft)")
        XCTAssertGreaterThanOrEqual(soft, 0.9)
    }

    /// Spec F4, short: y = A_{k(g)} x + noise with k(g) the quadrant of g ∈ [0,1]²; a depth-2
    /// tree-gated mixture of 4 linear experts against one linear expert on [x, g] and against
    /// uniform averaging of 4 linear experts.
    func testTreeGatedMixtureBeatsSingleExpertAndUniformAveraging() throws {
        Initializer.seed(3)
        var rng = RandomGenerator(seed: 3)
        let a = rng.normal([4, 4]).scalars                       // row k = A_k
        func make(_ n: Int) throws -> (x: Tensor, g: Tensor, y: Tensor) {
            let x = rng.normal([n, 4]), g = rng.uniform([n, 2])
            let xs = x.scalars, gs = g.scalars
            let y = (0..<n).map { i -> Float in
                let k = (gs[2 * i] < 0.5 ? 0 : 1) + (gs[2 * i + 1] < 0.5 ? 0 : 2)
                return (0..<4).reduce(0) { $0 + a[k * 4 + $1] * xs[i * 4 + $1] } + 0.05 * rng.normalFloat()
            }
            return (x, g, try Tensor(shape: [n, 1], scalars: y))
        }
        let train = try make(4000), test = try make(2000)
        let epochs = 30, batch = 64

        func fit(_ parameters: [Variable], lossOf: (Tensor, Tensor, Tensor) throws -> Variable) throws {
            let optimizer = try Adam(parameters, learningRate: 2e-2)
            for epoch in 0..<epochs {
                var order = Array(0..<4000)
                var shuffler = RandomGenerator(seed: UInt64(epoch))
                shuffler.shuffle(&order)
                for start in stride(from: 0, to: 4000, by: batch) {
                    let rows = Array(order[start..<min(start + batch, 4000)])
                    optimizer.zeroGrad()
                    try lossOf(train.x.indexSelect(alongAxis: 0, rows), train.g.indexSelect(alongAxis: 0, rows),
                               train.y.indexSelect(alongAxis: 0, rows)).backward()
                    try optimizer.step()
                }
            }
        }
        func mse(_ p: Tensor) throws -> Float { try (p - test.y).squared().mean(alongAxes: [0, 1]).scalars[0] }

        // (a) one linear expert on [x, g]
        let single = Linear(6, 1)
        try fit(single.parameters()) { x, g, y in
            try Loss.mse(single(Variable(Tensor.concatenate([x, g], alongAxis: 1))), Variable(y))
        }
        let mseA = try mse(Autograd.noGrad { try single(Variable(Tensor.concatenate([test.x, test.g], alongAxis: 1))).value })

        func mixture(_ gate: any Gate) throws -> TreeGatedMixture {
            let moe = try TreeGatedMixture(gate: gate, experts: (0..<4).map { _ in Linear(4, 1) })
            try fit(moe.parameters()) { x, g, y in
                try moe.loss(Variable(x), gatingInput: Variable(g)) { try ($0 - Variable(y)).squared().sum(alongAxes: [1]) }
            }
            return moe
        }
        func predict(_ moe: TreeGatedMixture) throws -> Tensor {
            try Autograd.noGrad { try moe(Variable(test.x), gatingInput: Variable(test.g)).value }
        }
        let uniform = try mixture(UniformGate(experts: 4))
        let mseB = try mse(predict(uniform))
        // β = 10: with N(0, 0.01²) initial splits, β sets how fast Adam can sharpen the gate.
        let tree = try mixture(TreeGate(depth: 2, gatingSize: 2, sample: train.g, beta: 10))
        let mseC = try mse(predict(tree))
        tree.routing = .greedy
        let mseGreedy = try mse(predict(tree))
        let flat = try mixture(SoftmaxGate(gatingSize: 2, experts: 4))
        let mseD = try mse(predict(flat))

        let weights = try Autograd.noGrad { try tree.gate.weights(Variable(test.g)).value }
        XCTAssertLessThan(try (weights.sum(alongAxes: [1]) - 1).abs().max(), 1e-5)
        // Each quadrant should be dominated by one expert.
        let gs = test.g.scalars
        var shares: [Float] = []
        for q in 0..<4 {
            let rows = (0..<2000).filter { (gs[2 * $0] < 0.5 ? 0 : 1) + (gs[2 * $0 + 1] < 0.5 ? 0 : 2) == q }
            let stats = try tree.gateStatistics(gates: test.g.indexSelect(alongAxis: 0, rows))
            shares.append(stats.topOneShare.max()!)
        }
        print("F4 (\(epochs) epochs): MSE single \(mseA), uniform \(mseB), tree \(mseC) (greedy \(mseGreedy)), softmax gate \(mseD); top-1 share per quadrant \(shares)")
        XCTAssertLessThan(mseC, 0.5 * min(mseA, mseB))
        XCTAssertLessThan(mseGreedy, 1.1 * mseC + 0.01)
        for share in shares { XCTAssertGreaterThanOrEqual(share, 0.8) }
    }
}
