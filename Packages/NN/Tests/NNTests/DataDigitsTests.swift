import Foundation
import Tensor
import XCTest
@testable import NN

final class DataDigitsTests: XCTestCase {
    func testStratifiedSplitIsFixedBalancedAndDisjoint() throws {
        let (train, test) = try Digits.load(layout: .flat, split: .stratified)
        XCTAssertEqual(train.count + test.count, 1797)
        XCTAssertEqual(Double(test.count) / 1797, 0.25, accuracy: 0.01)
        let again = try Digits.load(layout: .flat, split: .stratified).test
        XCTAssertEqual(again.labels, test.labels)
        XCTAssertEqual(again.inputs, test.inputs)
        for c in 0..<10 {
            let inTest = test.labels!.values.filter { $0 == c }.count
            let inTrain = train.labels!.values.filter { $0 == c }.count
            XCTAssertEqual(Double(inTest) / Double(inTest + inTrain), 0.25, accuracy: 0.01, "class \(c)")
        }
        // Disjoint: no test image appears in the training part (images of this set are distinct rows).
        let trainRows = Set((0..<train.count).map { i in train.inputs[index: i].scalars })
        let overlap = (0..<test.count).filter { trainRows.contains(test.inputs[index: $0].scalars) }.count
        XCTAssertLessThan(overlap, 3, "identical images may occur across writers, but the split must not copy rows")
    }

    func testWritersSplitShapesAndValues() throws {
        let (train, test) = try Digits.load(split: .writers)
        XCTAssertEqual(train.inputs.shape, [1347, 64])
        XCTAssertEqual(test.inputs.shape, [450, 64])
        XCTAssertEqual(train.count + test.count, 1797)
        for data in [train, test] {
            let x = data.inputs.scalars
            XCTAssertEqual(x.min(), 0)
            XCTAssertEqual(x.max(), 1)
            XCTAssertTrue(x.allSatisfy { ($0 * 16).rounded() == $0 * 16 }, "pixels are k/16")
            XCTAssertEqual(Set(data.labels!.values), Set(0..<10))
        }
        // The split is scikit-learn's train_test_split(test_size=0.25, shuffle=False):
        // these checksums were computed in Python from the same file.
        let testLabels = test.labels!.values
        XCTAssertEqual(Array(testLabels.prefix(20)), [3, 7, 3, 3, 4, 6, 6, 6, 4, 9, 1, 5, 0, 9, 5, 2, 8, 2, 0, 0])
        XCTAssertEqual(testLabels.reduce(0, +), 2020)
        XCTAssertEqual(testLabels.reduce(0) { ($0 * 31 + $1) % 1_000_000_007 }, 446_656_054)
        XCTAssertEqual(train.labels!.values.reduce(0, +), 6050)
        XCTAssertEqual(Double(test.inputs.scalars.reduce(0, +)) * 16, 140_022, accuracy: 0.5)
    }

    func testImageLayoutForConvolutions() throws {
        let (train, test) = try Digits.load(layout: .image, split: .writers)
        XCTAssertEqual(train.inputs.shape, [1347, 1, 8, 8])
        XCTAssertEqual(test.inputs.shape, [450, 1, 8, 8])
        let flat = try Digits.load(layout: .flat, split: .writers).train
        XCTAssertEqual(train.inputs.scalars, flat.inputs.scalars)
        let all = try Digits.loadAll()
        XCTAssertEqual(all.count, 1797)
        XCTAssertEqual((0..<10).map { c in all.labels!.values.filter { $0 == c }.count },
                       [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    }

    func testDamagedFilesAreRejectedWithTheLine() throws {
        let good = String(repeating: "0,", count: 64) + "7\n"
        let cases = [
            String(repeating: good, count: 1796),                                   // a row short
            String(repeating: good, count: 1796) + String(repeating: "0,", count: 63) + "7\n",  // a field short
            String(repeating: good, count: 1796) + String(repeating: "0,", count: 64) + "12\n", // bad label
            String(repeating: good, count: 1796) + "17," + String(repeating: "0,", count: 63) + "1\n", // bad pixel
            String(repeating: good, count: 1796) + "x" + good,
        ]
        for text in cases {
            XCTAssertThrowsError(try Digits.parse(Data(text.utf8), file: "digits.csv")) { error in
                guard case DataError.unreadableData(_, let message) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(message.hasPrefix("line 179"), message)
            }
        }
        XCTAssertEqual(try Digits.parse(Data(String(repeating: good, count: 1797).dropLast().utf8), file: "x").count, 1797,
                       "a missing final newline is fine")
        XCTAssertThrowsError(try Digits.loadAll(csv: URL(fileURLWithPath: "/nonexistent/digits.csv")))
    }
}
