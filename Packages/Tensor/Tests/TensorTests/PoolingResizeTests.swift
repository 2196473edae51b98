import XCTest
@testable import Tensor

final class PoolingResizeTests: XCTestCase {
    func testMaxPoolValuesAndBackward() throws {
        let x = t([1, 1, 4, 4], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
        let (y, arg) = try Tensor.maxPool2d(x, .init(kernel: 2))
        assertClose(y, t([1, 1, 2, 2], [6, 8, 14, 16]))
        let dx = try Tensor.maxPool2dBackward(Tensor(ones: [1, 1, 2, 2]), argmax: arg, inputShape: x.shape)
        XCTAssertEqual(dx.scalars, [0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1])
        let (padded, _) = try Tensor.maxPool2d(x, .init(kernel: 3, stride: 2, padding: 1))
        assertClose(padded, t([1, 1, 2, 2], [6, 8, 14, 16]))
        // NaN propagates through both the 2x2 fast path and the general path.
        var withNaN = x
        withNaN[0, 0, 0, 1] = .nan
        XCTAssertTrue(try Tensor.maxPool2d(withNaN, .init(kernel: 2)).output.scalars[0].isNaN)
        XCTAssertTrue(try Tensor.maxPool2d(withNaN, .init(kernel: 3, stride: 2, padding: 1)).output.scalars[0].isNaN)
    }

    func testAvgPoolAndAdjoint() throws {
        let x = t([1, 1, 2, 4], [1, 2, 3, 4, 5, 6, 7, 8])
        assertClose(try Tensor.avgPool2d(x, .init(kernel: 2)), t([1, 1, 1, 2], [3.5, 5.5]))
        var rng = RandomGenerator(seed: 5)
        for p in [Pool2DParameters(kernel: 3, stride: 2, padding: 1), Pool2DParameters(kernel: 3, stride: 2, padding: 1, countIncludesPadding: true)] {
            let a = rng.normal([2, 3, 7, 6])
            let y = try Tensor.avgPool2d(a, p)
            let dy = rng.normal(y.shape)
            let dx = try Tensor.avgPool2dBackward(dy, inputShape: a.shape, p)
            XCTAssertEqual(try (y * dy).sum(), try (dx * a).sum(), accuracy: 1e-3)
        }
        assertClose(try t([1, 2, 1, 2], [1, 3, 5, 7]).globalAveragePool(), t([1, 2], [2, 6]))
        XCTAssertThrowsError(try Tensor.avgPool2d(Tensor(zeros: [1, 1, 2, 2]), .init(kernel: 3)))
    }

    func testResize() throws {
        let constant = Tensor(shape: [1, 2, 5, 7], repeating: 3)
        assertClose(try constant.resized(height: 11, width: 3), Tensor(shape: [1, 2, 11, 3], repeating: 3))
        let x = t([1, 1, 2, 2], [0, 1, 2, 3])
        assertClose(try x.resized(height: 2, width: 2), x, tolerance: 0)
        // Half-pixel bilinear upsampling by 2 (matches PyTorch align_corners=False).
        let up = try t([1, 1, 1, 2], [0, 1]).resized(height: 1, width: 4)
        assertClose(up, t([1, 1, 1, 4], [0, 0.25, 0.75, 1]))
        let nearest = try x.resized(height: 4, width: 4, mode: .nearest)
        XCTAssertEqual(nearest.scalars, [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3])
        var rng = RandomGenerator(seed: 6)
        for mode in ResizeMode.allCases {
            for (h, w) in [(9, 4), (3, 13)] {
                let a = rng.normal([2, 2, 5, 7])
                let y = try a.resized(height: h, width: w, mode: mode)
                let dy = rng.normal(y.shape)
                let dx = try Tensor.resizeBackward(dy, inputShape: a.shape, mode: mode)
                XCTAssertEqual(try (y * dy).sum(), try (dx * a).sum(), accuracy: 1e-3, "\(mode) \(h)x\(w)")
            }
        }
        XCTAssertThrowsError(try x.resized(height: 0, width: 2))
    }
}
