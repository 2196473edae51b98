import Foundation
import NN
import Tensor
import XCTest

final class SHA256DigestTests: XCTestCase {
    func testKnownVectors() {
        XCTAssertEqual(SHA256Digest.hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256Digest.hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256Digest.hex(Data(String(repeating: "a", count: 1000).utf8)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    func testStateDigestSeesNamesShapesAndValues() throws {
        let a = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let base = SHA256Digest.hex(state: ["w": a, "b": Tensor([0])])
        XCTAssertEqual(base, SHA256Digest.hex(state: ["b": Tensor([0]), "w": a]), "order of the dictionary does not matter")
        XCTAssertNotEqual(base, SHA256Digest.hex(state: ["w": try a.reshaped([4]), "b": Tensor([0])]))
        XCTAssertNotEqual(base, SHA256Digest.hex(state: ["v": a, "b": Tensor([0])]))
        XCTAssertNotEqual(base, SHA256Digest.hex(state: ["w": try Tensor(shape: [2, 2], scalars: [1, 2, 3, 5]), "b": Tensor([0])]))
    }
}
