import Forests
import Foundation
import NN
import Registry
import Tensor

extension ForestsReproduction {
    /// F4: x ∈ R⁴ ~ N(0, I), g ∈ [0, 1]² uniform, y = A_k x + N(0, 0.05²) with k the quadrant
    /// of g; 4000 train / 2000 test. (a) one linear expert on [x, g]; (b) uniform average of 4
    /// linear experts; (c) depth-2 tree gate on g over 4 linear experts; (d) the same with a
    /// flat softmax gate. Same optimiser (Adam 2e-2, batch 64) and epochs for all.
    static func runTreeGate(_ digits: DigitsSplit, _ options: ReproductionOptions) throws -> ReproductionClaim {
        let seeds = options.seedCount(full: 3, quick: 1)
        let epochs = options.quick ? 40 : 200
        options.log("F4: tree-gated mixture on a quadrant-switched linear regression, \(epochs) epochs, \(seeds) seed(s)")
        var results: [[Double]] = Array(repeating: [], count: 5)   // a, b, c, c greedy, d
        var weightSumError: Float = 0, worstShare: Float = 1
        for seed in 0..<seeds {
            let run = try GatedRegression(seed: UInt64(seed), epochs: epochs)
            let scores = try run.evaluate()
            for (i, v) in scores.mse.enumerated() { results[i].append(v) }
            weightSumError = max(weightSumError, scores.weightSumError)
            worstShare = min(worstShare, scores.worstTopOneShare)
        }
        var table = ResultTable(header: ["model", "test MSE"])
        let names = ["(a) one linear expert on [x, g]", "(b) uniform average of 4 experts", "(c) tree gate, depth 2, soft",
                     "(c) tree gate, greedy routing", "(d) softmax gate"]
        for (name, values) in zip(names, results) { table.append([name, ReproductionMath.meanSpread(values)]) }
        options.log(table.render())
        options.log("gate rows sum to 1 within \(String(format: "%.1e", weightSumError)); smallest top-1 expert share over quadrants \(String(format: "%.3f", worstShare))")
        let a = ReproductionMath.mean(results[0]), b = ReproductionMath.mean(results[1])
        let c = ReproductionMath.mean(results[2]), greedy = ReproductionMath.mean(results[3])
        let holds = c <= 0.3 * min(a, b) && greedy <= 1.1 * c && weightSumError < 1e-5 && worstShare >= 0.8
        return ReproductionClaim(experiment: "F4", holds: holds,
                                 summary: "tree gate MSE \(String(format: "%.4f", c)) = \(String(format: "%.3f", c / min(a, b))) × the best baseline (bar 0.3), greedy \(String(format: "%.4f", greedy)) (bar 1.1 × soft), top-1 share ≥ \(String(format: "%.2f", worstShare)) (bar 0.8)")
    }
}

/// One seed of F4: data, the four models, their training and scores.
struct GatedRegression {
    let train: (x: Tensor, g: Tensor, y: Tensor), test: (x: Tensor, g: Tensor, y: Tensor)
    let epochs: Int, seed: UInt64

    init(seed: UInt64, epochs: Int) throws {
        var rng = RandomGenerator(seed: 500 + seed)
        let a = rng.normal([4, 4]).scalars                      // row k = A_k
        func make(_ n: Int) throws -> (x: Tensor, g: Tensor, y: Tensor) {
            let x = rng.normal([n, 4]), g = rng.uniform([n, 2])
            let xs = x.scalars, gs = g.scalars
            let y = (0..<n).map { i -> Float in
                let k = GatedRegression.quadrant(gs[2 * i], gs[2 * i + 1])
                return (0..<4).reduce(0) { $0 + a[k * 4 + $1] * xs[i * 4 + $1] } + 0.05 * rng.normalFloat()
            }
            return (x, g, try Tensor(shape: [n, 1], scalars: y))
        }
        train = try make(4000)
        test = try make(2000)
        self.epochs = epochs
        self.seed = seed
    }

    static func quadrant(_ u: Float, _ v: Float) -> Int { (u < 0.5 ? 0 : 1) + (v < 0.5 ? 0 : 2) }

    func fit(_ parameters: [Variable], lossOf: (Tensor, Tensor, Tensor) throws -> Variable) throws {
        let optimizer = try Adam(parameters, learningRate: 2e-2)
        let n = train.x.shape[0], batch = 64
        for epoch in 0..<epochs {
            var order = Array(0..<n)
            var shuffler = RandomGenerator(seed: seed &* 1_000 &+ UInt64(epoch))
            shuffler.shuffle(&order)
            for start in stride(from: 0, to: n, by: batch) {
                let rows = Array(order[start..<min(start + batch, n)])
                optimizer.zeroGrad()
                try lossOf(train.x.indexSelect(alongAxis: 0, rows), train.g.indexSelect(alongAxis: 0, rows),
                           train.y.indexSelect(alongAxis: 0, rows)).backward()
                try optimizer.step()
            }
        }
    }

    func mse(_ p: Tensor) throws -> Double { Double(try (p - test.y).squared().mean(alongAxes: [0, 1]).scalars[0]) }

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

    /// MSE of (a), (b), (c) soft, (c) greedy, (d); gate row-sum error; the smallest top-1 share.
    func evaluate() throws -> (mse: [Double], weightSumError: Float, worstTopOneShare: Float) {
        Initializer.seed(seed)
        let single = Linear(6, 1)
        try fit(single.parameters()) { x, g, y in
            try Loss.mse(single(Variable(Tensor.concatenate([x, g], alongAxis: 1))), Variable(y))
        }
        let mseA = try mse(Autograd.noGrad { try single(Variable(Tensor.concatenate([test.x, test.g], alongAxis: 1))).value })
        let mseB = try mse(predict(mixture(UniformGate(experts: 4))))
        // β = 10: with N(0, 0.01²) initial splits, β sets how fast Adam can sharpen the gate.
        let tree = try mixture(TreeGate(depth: 2, gatingSize: 2, sample: train.g, beta: 10))
        let mseC = try mse(predict(tree))
        tree.routing = .greedy
        let mseGreedy = try mse(predict(tree))
        tree.routing = .soft
        let mseD = try mse(predict(mixture(SoftmaxGate(gatingSize: 2, experts: 4))))

        let weights = try Autograd.noGrad { try tree.gate.weights(Variable(test.g)).value }
        let sumError = try (weights.sum(alongAxes: [1]) - 1).abs().max()
        let gs = test.g.scalars
        var worst: Float = 1
        for q in 0..<4 {
            let rows = (0..<test.g.shape[0]).filter { GatedRegression.quadrant(gs[2 * $0], gs[2 * $0 + 1]) == q }
            let stats = try tree.gateStatistics(gates: test.g.indexSelect(alongAxis: 0, rows))
            worst = min(worst, stats.topOneShare.max()!)
        }
        return ([mseA, mseB, mseC, mseGreedy, mseD], sumError, worst)
    }
}
