import Tensor
import XCTest
@testable import NN

final class DataSetTests: XCTestCase {
    private func sampleData() throws -> TensorDataset {
        let x = try Tensor(shape: [4, 2, 3], scalars: (0..<24).map(Float.init))
        return try TensorDataset(inputs: x, labels: IndexTensor([3, 1, 4, 1]), targets: Tensor([10, 11, 12, 13]).reshaped([4, 1]))
    }

    func testTensorDatasetSamplesAndBatchesAgree() throws {
        let data = try sampleData()
        XCTAssertEqual(data.count, 4)
        XCTAssertEqual(data.sampleShape, [2, 3])
        let s = try data.sample(at: 2)
        XCTAssertEqual(s.input, try Tensor(shape: [2, 3], scalars: (12..<18).map(Float.init)))
        XCTAssertEqual(s.label, 4)
        XCTAssertEqual(s.target, Tensor([12]))
        let gathered = try data.batch(at: [2, 0, 2])
        let stacked = try Batch(stacking: [2, 0, 2].map { try data.sample(at: $0) }, indices: [2, 0, 2])
        XCTAssertEqual(gathered, stacked)
        XCTAssertEqual(gathered.inputs.shape, [3, 2, 3])
        XCTAssertEqual(gathered.labels, IndexTensor([4, 3, 4]))
        XCTAssertEqual(gathered.targets?.scalars, [12, 10, 12])
        XCTAssertThrowsError(try data.sample(at: 4)) { XCTAssertEqual($0 as? DataError, .indexOutOfRange(index: 4, count: 4)) }
        XCTAssertThrowsError(try data.batch(at: [0, -1]))
    }

    func testSubsetAndReshape() throws {
        let data = try sampleData()
        let sub = try data.subset([3, 1])
        XCTAssertEqual(sub.labels, IndexTensor([1, 1]))
        XCTAssertEqual(sub.inputs.scalars.first, 18)
        let flat = try data.reshapedInputs([6])
        XCTAssertEqual(flat.inputs.shape, [4, 6])
        XCTAssertThrowsError(try data.reshapedInputs([5]))
    }

    func testMismatchedLabelsOrTargetsAreRejected() throws {
        let x = Tensor(zeros: [3, 2])
        XCTAssertThrowsError(try TensorDataset(inputs: x, labels: IndexTensor([0, 1])))
        XCTAssertThrowsError(try TensorDataset(inputs: x, targets: Tensor(zeros: [2, 1])))
        XCTAssertThrowsError(try TensorDataset(inputs: Tensor(scalar: 1)))
        XCTAssertThrowsError(try Batch(stacking: [Sample(input: Tensor([1]), label: 0), Sample(input: Tensor([2]))], indices: [0, 1]))
    }
}
