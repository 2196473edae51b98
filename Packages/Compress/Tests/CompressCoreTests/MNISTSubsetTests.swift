import NN
import Tensor
import XCTest
@testable import CompressCore

final class MNISTSubsetTests: XCTestCase {
    func testBundledSubsetSplitsIntoStratified4000And1000() throws {
        let (train, test) = try MNISTSubset.load()
        XCTAssertEqual(train.inputs.shape, [4000, 1, 28, 28])
        XCTAssertEqual(test.inputs.shape, [1000, 1, 28, 28])
        var perClass = [Int](repeating: 0, count: 10)
        for l in test.labels!.values { perClass[l] += 1 }
        XCTAssertEqual(perClass, [Int](repeating: 100, count: 10))
        let pixels = train.inputs.scalars
        XCTAssertEqual(pixels.min(), 0)
        XCTAssertEqual(pixels.max(), 1)
        XCTAssertEqual(try MNISTSubset.load(layout: .flat).test.inputs.shape, [1000, 784])
    }

    func testGunzipRejectsADamagedStream() throws {
        let url = CompressCoreResources.mnist
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[bytes.count - 6] ^= 0xFF        // the stored length
        XCTAssertThrowsError(try Gunzip.decompress(bytes))
    }
}

enum CompressCoreResources {
    static var mnist: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CompressCore/Resources/mnist_5k.csv.gz")
    }
}
