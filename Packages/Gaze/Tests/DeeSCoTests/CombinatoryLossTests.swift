import DeeSCo
import GazeCore
import NN
import Tensor
import XCTest

/// A tiny DeeSCo (small trunk, small grid) and a random batch with targets.
func tinyModel(loss: DeeSCoConfig.LossKind = .stochastic, seed: UInt64 = 1) throws -> DeeSCoModel {
    var c = DeeSCoConfig.heterogeneous
    c.trunkChannels = [4, 6, 8, 8]
    c.heads = [
        .init(stage: 2, convs: 2, width: 4, firstStride: 2, hidden: 8),
        .init(stage: 3, convs: 1, width: 6, hidden: 8),
        .init(stage: 4, convs: 1, dilation: 2, width: 5, hidden: 8),
    ]
    c.gridRows = 8
    c.gridColumns = 10
    c.loss = loss
    Initializer.seed(seed)
    return try DeeSCoModel(config: c)
}

func randomBatch(_ model: DeeSCoModel, count: Int = 5, seed: UInt64 = 2) throws -> (Tensor, DeeSCoTargets) {
    var rng = RandomGenerator(seed: seed)
    let x = rng.uniform([count, 1, 36, 60])
    let gaze = try Tensor(shape: [count, 2], scalars: (0..<count).flatMap { _ in [rng.uniform(-30, 30), rng.uniform(-20, 20)] })
    let landmarks = rng.uniform([count, 7, 2], low: 5, high: 30)
    return (x, try DeeSCoTargets(model: model, gaze: gaze, eyeLandmarks: landmarks))
}

final class CombinatoryLossTests: XCTestCase {
    /// SC with every predictor always drawn is the plain ensemble loss ℓ(all), value and gradients.
    func testCombinatoryLossWithTheFullSubsetEqualsThePlainEnsembleLoss() throws {
        let model = try tinyModel()
        let (x, targets) = try randomBatch(model)
        let all = Array(0..<model.predictorCount)
        model.train()

        var config = model.config
        config.inclusionProbability = 1
        config.subsetsPerStep = 3
        let sc = try DeeSCoModel(config: config)
        try sc.loadStateDict(model.stateDict())
        sc.train()
        var rng = RandomGenerator(seed: 4)
        let scLoss = try CombinatoryLoss.trainingLoss(try sc.forward(x), targets: targets, model: sc, rng: &rng)
        try scLoss.backward()

        var jointConfig = model.config
        jointConfig.loss = .joint
        let joint = try DeeSCoModel(config: jointConfig)
        try joint.loadStateDict(model.stateDict())
        joint.train()
        let plain = try CombinatoryLoss.subsetLoss(try joint.forward(x), subset: all, targets: targets, model: joint)
        try plain.backward()
        var rng2 = RandomGenerator(seed: 4)
        let jointLoss = try CombinatoryLoss.trainingLoss(try joint.forward(x), targets: targets, model: joint, rng: &rng2)

        XCTAssertEqual(scLoss.value.scalar, plain.value.scalar, accuracy: 1e-5 * abs(plain.value.scalar))
        XCTAssertEqual(jointLoss.value.scalar, plain.value.scalar, accuracy: 1e-5 * abs(plain.value.scalar))
        for ((name, a), (_, b)) in zip(sc.namedParameters(), joint.namedParameters()) {
            let (ga, gb) = (a.grad!.scalars, b.grad!.scalars)
            let scale = gb.map(abs).max()! + 1e-6
            for k in ga.indices { XCTAssertEqual(ga[k], gb[k], accuracy: 1e-4 * scale, name) }
        }
        // The same ℓ(all) through the explicit-subset entry point.
        let out = try model.forward(x)
        let viaSubsets = try CombinatoryLoss.loss(out, subsets: [all, all], targets: targets, model: model)
        XCTAssertEqual(viaSubsets.value.scalar, plain.value.scalar, accuracy: 1e-5 * abs(plain.value.scalar))
    }

    func testIndependentLossIsTheSumOfSingletonLosses() throws {
        let model = try tinyModel(loss: .independent)
        let (x, targets) = try randomBatch(model)
        let out = try model.forward(x)
        var rng = RandomGenerator(seed: 1)
        let independent = try CombinatoryLoss.trainingLoss(out, targets: targets, model: model, rng: &rng).value.scalar
        let singles = try (0..<3).map { try CombinatoryLoss.subsetLoss(out, subset: [$0], targets: targets, model: model).value.scalar }
        XCTAssertEqual(independent, singles.reduce(0, +), accuracy: 1e-5 * independent)
        // A subset's loss differs from its members' (the combination is what is supervised).
        let pair = try CombinatoryLoss.subsetLoss(out, subset: [0, 2], targets: targets, model: model).value.scalar
        XCTAssertNotEqual(pair, (singles[0] + singles[2]) / 2, accuracy: 1e-4)
    }

    /// ĝ_S, the soft-argmax of the mean heat-map, is the mean of the members' estimates.
    func testCombinationIsLinear() throws {
        let model = try tinyModel()
        let (x, _) = try randomBatch(model)
        let out = try model.forward(x)
        let combined = try model.combine(out, subset: [0, 2])
        let direct = try out.heatmaps[0].value + out.heatmaps[2].value
        let fromHeatmap = try (direct * 0.5).matmul(model.grid.centres()).scalars
        let e = combined.estimate.value.scalars
        for k in e.indices { XCTAssertEqual(e[k], fromHeatmap[k], accuracy: 1e-3) }
        XCTAssertThrowsError(try model.combine(out, subset: []))
        XCTAssertThrowsError(try model.combine(out, subset: [3]))
    }

    func testSubsetSamplerIsSeededNeverEmptyAndHonoursP() {
        let sampler = SubsetSampler(predictorCount: 4, inclusionProbability: 0.3)
        var a = RandomGenerator(seed: 8), b = RandomGenerator(seed: 8)
        var counts = [0, 0, 0, 0], draws = 4_000
        for _ in 0..<draws {
            let s = sampler.draw(using: &a)
            XCTAssertEqual(s, sampler.draw(using: &b))
            XCTAssertFalse(s.isEmpty)
            for m in s { counts[m] += 1 }
        }
        // Conditioned on non-empty: p / (1 − (1 − p)^M) = 0.3 / 0.7599 ≈ 0.395.
        for c in counts { XCTAssertEqual(Double(c) / Double(draws), 0.395, accuracy: 0.03) }
        let sizes = SubsetSampler(predictorCount: 4, sampling: .uniformSize)
        var histogram = [0, 0, 0, 0]
        draws = 4_000
        for _ in 0..<draws { histogram[sizes.draw(using: &a).count - 1] += 1 }
        for h in histogram { XCTAssertEqual(Double(h) / Double(draws), 0.25, accuracy: 0.03) }
        let rare = SubsetSampler(predictorCount: 2, inclusionProbability: 0.01)
        for _ in 0..<50 { XCTAssertFalse(rare.draw(using: &a).isEmpty) }
    }
}
