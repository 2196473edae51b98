import NN
import Tensor
import XCTest
import THIN

final class DispellingLossTests: XCTestCase {
    /// Columns ±1 patterns (Walsh functions) that are centred and mutually orthogonal over the
    /// batch: z_n = w1, z_x = [w2, w3], so every batch cross-correlation is exactly 0.
    func testZeroWhenTheRepresentationsAreUncorrelatedByConstruction() throws {
        let w1: [Float] = [1, 1, -1, -1], w2: [Float] = [1, -1, 1, -1], w3: [Float] = [1, -1, -1, 1]
        // Scaling and shifting a column must not matter: the loss standardises.
        let zN = Variable(try Tensor(shape: [4, 1], scalars: w1.map { 3 * $0 + 5 }), requiresGrad: true)
        let zX = Variable(try Tensor(shape: [4, 2], scalars: zip(w2, w3).flatMap { [$0, 2 * $1 - 1] }))
        let loss = try DispellingLoss.crossCorrelation(endogenous: zN, exogenous: zX)
        XCTAssertEqual(loss.value.scalars[0], 0, accuracy: 1e-7)
    }

    func testPositiveWhenTheEndogenousRepresentationCarriesTheNuisance() throws {
        var rng = RandomGenerator(seed: 3)
        let nuisance = rng.normal([128, 2])
        let independent = rng.normal([128, 4])
        // z_n copies the first nuisance column next to three independent ones.
        let leaking = try Tensor.concatenate([nuisance.slice(alongAxis: 1, 0..<1), independent.slice(alongAxis: 1, 0..<3)], alongAxis: 1)
        let leak = try DispellingLoss.crossCorrelation(endogenous: Variable(leaking), exogenous: Variable(nuisance)).value.scalars[0]
        let clean = try DispellingLoss.crossCorrelation(endogenous: Variable(independent), exogenous: Variable(nuisance)).value.scalars[0]
        // One of the 4 × 2 correlations is 1: ≈ 1/8; independent random features give ≈ 1/B.
        XCTAssertEqual(leak, 1.0 / 8, accuracy: 0.03)
        XCTAssertLessThan(clean, 4.0 / 128)
        XCTAssertGreaterThan(leak, 4 * clean)
        // Identical single features: correlation 1, loss 1 (up to ε).
        let same = try DispellingLoss.crossCorrelation(endogenous: Variable(nuisance), exogenous: Variable(nuisance)).value.scalars[0]
        XCTAssertGreaterThan(same, 0.5)
    }

    func testGradientReachesTheEndogenousSideOnlyAndMatchesFiniteDifferences() throws {
        var rng = RandomGenerator(seed: 5)
        let zN = Variable(rng.normal([16, 3]), requiresGrad: true)
        let zX = Variable(rng.normal([16, 2]), requiresGrad: true)
        try DispellingLoss.crossCorrelation(endogenous: zN, exogenous: zX).backward()
        XCTAssertNotNil(zN.grad)
        XCTAssertNil(zX.grad, "z_x is detached: the dispelling loss must not train the exogenous network")

        let base = zN.value.scalars, analytic = zN.grad!.scalars, h: Float = 1e-2
        var worst: Float = 0
        for i in [0, 7, 20, 41] {
            func at(_ delta: Float) throws -> Float {
                var s = base
                s[i] += delta
                return try DispellingLoss.crossCorrelation(endogenous: Variable(Tensor(shape: [16, 3], scalars: s)), exogenous: zX).value.scalars[0]
            }
            let numeric = (try at(h) - at(-h)) / (2 * h)
            worst = max(worst, abs(numeric - analytic[i]) / max(1e-3, abs(numeric) + abs(analytic[i])))
        }
        XCTAssertLessThan(worst, 0.05)
    }

    func testRejectsMismatchedBatches() {
        XCTAssertThrowsError(try DispellingLoss.crossCorrelation(endogenous: Variable(Tensor(zeros: [4, 2])), exogenous: Variable(Tensor(zeros: [3, 2]))))
        XCTAssertThrowsError(try DispellingLoss.crossCorrelation(endogenous: Variable(Tensor(zeros: [1, 2])), exogenous: Variable(Tensor(zeros: [1, 2]))))
    }
}
