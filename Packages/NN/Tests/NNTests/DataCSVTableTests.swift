import XCTest
@testable import NN
import Tensor

final class DataCSVTableTests: XCTestCase {
    func testCategoricalAndNumericTargets() throws {
        let text = "a,b,\"kind\"\n1,2,cat\n3,4.5,dog\n-1,0,cat\n"
        let t = try CSVTable.parse(text, target: "kind")
        XCTAssertEqual(t.featureNames, ["a", "b"])
        XCTAssertEqual(t.features.shape, [3, 2])
        XCTAssertEqual(t.features.scalars, [1, 2, 3, 4.5, -1, 0])
        XCTAssertEqual(t.classNames, ["cat", "dog"])
        XCTAssertEqual(t.labels?.values, [0, 1, 0])
        XCTAssertNil(t.targets)
        let r = try CSVTable.parse("x,y\n1,0.5\n2,1.5\n", target: "y")
        XCTAssertEqual(r.targets?.scalars, [0.5, 1.5])
        let forced = try CSVTable.parse("x,y\n1,10\n2,9\n3,10\n", target: "y", asClasses: true)
        XCTAssertEqual(forced.classNames, ["9", "10"])
        XCTAssertEqual(forced.labels?.values, [1, 0, 1])
    }

    func testErrorsNameTheProblem() {
        let cases: [(String, String, String)] = [
            ("a,b\n1,2\n", "c", "no column named 'c'; columns: a, b"),
            ("a,b\n1,2,3\n", "b", "line 2 has 3 cells"),
            ("a,b\nx,2\n", "b", "'x' is not a finite number"),
            ("a,b\nnan,2\n", "b", "'nan' is not a finite number"),
            ("", "b", "empty"),
            ("a,b\n", "b", "no rows"),
        ]
        for (text, target, expected) in cases {
            XCTAssertThrowsError(try CSVTable.parse(text, target: target)) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
        }
    }

    func testColumnsAreReadByNameInTheModelsOrder() throws {
        let x = try CSVTable.parseColumns("id,b,a,label\n7,2,1,x\n8,4,3,y\n", columns: ["a", "b"])
        XCTAssertEqual(x.shape, [2, 2])
        XCTAssertEqual(x.scalars, [1, 2, 3, 4])
        XCTAssertThrowsError(try CSVTable.parseColumns("a\n1\n", columns: ["a", "b"])) { error in
            XCTAssertTrue("\(error)".contains("missing column(s) b"), "\(error)")
        }
        XCTAssertThrowsError(try CSVTable.parseColumns("a,b\n1,q\n", columns: ["a", "b"])) { error in
            XCTAssertTrue("\(error)".contains("column 'b': 'q'"), "\(error)")
        }
    }
}
