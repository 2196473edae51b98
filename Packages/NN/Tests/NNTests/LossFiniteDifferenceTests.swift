import XCTest
@testable import NN
import Tensor

/// Largest disagreement between autograd and central finite differences of `f` with
/// respect to each variable (leaves: module parameters or inputs), whose values are moved in
/// place by ±`step` (absolute) one element at a time. The error is
/// |analytic − numeric| / max(|analytic|, |numeric|, floor), with floor = 1e-2 · the largest
/// analytic gradient of that variable (+1e-6): Float32 rounding in near-zero entries is noise.
func lossGradientError(variables: [Variable], step: Float = 1e-2, _ f: () throws -> Variable) throws -> Float {
    for v in variables { v.zeroGrad() }
    try f().backward()
    var worst: Float = 0
    for v in variables {
        let analytic = v.grad ?? Tensor(zeros: v.shape)
        let original = v.value
        defer { v.value = original }
        let floor = 1e-2 * analytic.abs().max() + 1e-6
        for i in 0..<original.count {
            func loss(at delta: Float) throws -> Double {
                var perturbed = original
                perturbed.withUnsafeMutableBufferPointer { $0[i] += delta }
                v.value = perturbed
                return Double(try Autograd.noGrad(f).value.scalar)
            }
            let numeric = Float((try loss(at: step) - loss(at: -step)) / Double(2 * step))
            let a = analytic.scalars[i]
            worst = max(worst, abs(a - numeric) / max(abs(a), abs(numeric), floor))
        }
    }
    return worst
}

/// The same for a function of fresh input tensors.
func lossGradientError(_ inputs: [Tensor], step: Float = 1e-2, _ f: ([Variable]) throws -> Variable) throws -> Float {
    let variables = inputs.map { Variable($0, requiresGrad: true) }
    return try lossGradientError(variables: variables, step: step) { try f(variables) }
}

/// A fixed random weighting that turns any output into a scalar with unequal weights, so a
/// gradient that is wrong by a permutation or a constant factor shows.
func lossProjection(_ v: Variable, seed: UInt64 = 99) throws -> Variable {
    var r = RandomGenerator(seed: seed)
    return try (v * Variable(r.uniform(v.shape, low: 0.5, high: 1.5))).sum()
}

final class LossFiniteDifferenceTests: XCTestCase {
    /// The helper itself must catch a wrong gradient, or every gradient test could pass blindly.
    func testHelperDetectsAWrongGradient() throws {
        let x = Tensor([0.3, -1.2, 2.0])
        let right = try lossGradientError([x]) { v in v[0].squared().sum() }
        XCTAssertLessThan(right, 1e-2)
        // d/dx of this node is claimed to be x, not 2x.
        let wrong = try lossGradientError([x]) { v in
            let input = v[0]
            let node = Variable(input.value.squared(), parents: [input]) { g in [try g * input.value] }
            return node.sum()
        }
        XCTAssertGreaterThan(wrong, 0.3)
    }
}
