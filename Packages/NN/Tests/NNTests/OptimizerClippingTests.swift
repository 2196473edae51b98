import XCTest
@testable import NN
import Tensor

/// Global gradient-norm clipping with PyTorch's semantics.
final class OptimizerClippingTests: XCTestCase {
    func testScalesToTheMaximumNormAndReturnsTheOriginal() throws {
        let a = Variable(Tensor([1, 1]), requiresGrad: true), b = Variable(Tensor([1]), requiresGrad: true)
        let untouched = Variable(Tensor([1]), requiresGrad: true)
        a.grad = Tensor([3, 4])
        b.grad = Tensor([12])                           // global norm √(9 + 16 + 144) = 13
        let total = try clipGradientNorm([a, b, untouched, a], maxNorm: 6.5)
        XCTAssertEqual(total, 13, accuracy: 1e-5)
        let factor: Float = 6.5 / (13 + 1e-6)
        XCTAssertEqual(a.grad!.scalars, [3 * factor, 4 * factor])
        XCTAssertEqual(b.grad!.scalars, [12 * factor])
        XCTAssertNil(untouched.grad)
        let after = (a.grad!.squared().sum() + b.grad!.squared().sum()).squareRoot()
        XCTAssertEqual(after, 6.5, accuracy: 1e-5)
    }

    func testBelowTheMaximumNothingChanges() throws {
        let a = Variable(Tensor([1, 1]), requiresGrad: true)
        a.grad = Tensor([0.3, 0.4])
        XCTAssertEqual(try clipGradientNorm([a], maxNorm: 1), 0.5, accuracy: 1e-6)
        XCTAssertEqual(a.grad!.scalars, [0.3, 0.4])
    }

    func testNonFiniteNorms() throws {
        let a = Variable(Tensor([1, 1]), requiresGrad: true)
        a.grad = Tensor([.nan, 1])
        XCTAssertTrue(try clipGradientNorm([a], maxNorm: 1).isNaN)
        XCTAssertEqual(a.grad!.scalars[1], 1)           // left as is: the optimizer step will refuse it
        XCTAssertThrowsError(try clipGradientNorm([a], maxNorm: 1, errorIfNonFinite: true)) { error in
            XCTAssertEqual(error as? OptimizerError, .nonFiniteGradientNorm)
        }
        XCTAssertThrowsError(try SGD([a], learningRate: 0.1).step())
        XCTAssertThrowsError(try clipGradientNorm([a], maxNorm: 0))
    }
}
