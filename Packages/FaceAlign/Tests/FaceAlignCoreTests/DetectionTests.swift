import Foundation
import Imaging
import XCTest
@testable import FaceAlignCore

final class DetectionTests: XCTestCase {
    /// Docs/samples at the repository root: the two public-domain portraits and
    /// MediaPipe's face boxes for them.
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Docs/samples")

    func testIntegralImageSumsRectangles() {
        let (w, h) = (13, 9)
        let pixels = (0..<(w * h)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let integral = IntegralImage(width: w, height: h, pixels: pixels)
        for (x, y, rw, rh) in [(0, 0, w, h), (3, 2, 5, 4), (12, 8, 1, 1), (0, 4, 13, 1), (6, 0, 0, 9)] {
            var sum = 0, squares = 0
            for yy in y..<(y + rh) {
                for xx in x..<(x + rw) {
                    let v = Int(pixels[yy * w + xx])
                    sum += v
                    squares += v * v
                }
            }
            XCTAssertEqual(integral.sum(x: x, y: y, width: rw, height: rh), sum, "rect \(x) \(y) \(rw) \(rh)")
            XCTAssertEqual(integral.squaredSum(x: x, y: y, width: rw, height: rh), squares)
        }
    }

    func testMalformedCascadesAreRefused() {
        func refuses(_ xml: String, containing fragment: String, line: UInt = #line) {
            XCTAssertThrowsError(try CascadeClassifier(xml: Array(xml.utf8), source: "bad.xml"), line: line) { error in
                guard let e = error as? CascadeError else { return XCTFail("not a CascadeError: \(error)", line: line) }
                XCTAssertTrue(e.description.contains(fragment), "\(e.description)", line: line)
            }
        }
        refuses("", containing: "no root element")
        refuses("<opencv_storage><cascade><stageType>BOOST</stageType>", containing: "truncated")
        refuses("<opencv_storage><cascade></stages></cascade></opencv_storage>", containing: "closes <cascade>")
        refuses("<opencv_storage><cascade><stageType>BOOST</stageType><featureType>HOG</featureType></cascade></opencv_storage>",
                containing: "HOG is not supported")
        // A well-formed cascade whose numbers do not hold together.
        refuses(Self.tinyCascade(feature: 5), containing: "feature index 5")
        refuses(Self.tinyCascade(rect: "2 0 4 2 -1."), containing: "outside the 4x4 window")
        refuses(Self.tinyCascade(leaves: "1.0"), containing: "need 2 leaf values")
        // The real file, cut in the middle.
        let full = Array(try! Data(contentsOf: Self.resources.appendingPathComponent("haarcascade_frontalface_default.xml")))
        for fraction in [0.02, 0.3, 0.5, 0.77, 0.999] {
            refuses(String(decoding: full[..<Int(Double(full.count) * fraction)], as: UTF8.self), containing: "truncated")
        }
        XCTAssertNoThrow(try CascadeClassifier(xml: Array(Self.tinyCascade().utf8)))
    }

    /// Corrupted bytes must give an error or a cascade that runs safely, never a crash.
    func testCorruptedCascadesNeverCrash() throws {
        let good = Array(Self.tinyCascade().utf8)
        let image = try PixelImage(width: 40, height: 30, channels: 1,
                                   bytes: (0..<1200).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) })
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let alphabet = Array("0123456789-. <>/_e".utf8)
        var parsed = 0
        for _ in 0..<400 {
            var bytes = good
            for _ in 0..<(1 + next() % 3) { bytes[next() % bytes.count] = alphabet[next() % alphabet.count] }
            do {
                let cascade = try CascadeClassifier(xml: bytes)
                parsed += 1
                _ = try ViolaJonesDetector(cascade: cascade, options: .init(minNeighbors: 0)).detect(image)
            } catch is CascadeError {
            }
        }
        XCTAssertGreaterThan(parsed, 0)
        XCTAssertLessThan(parsed, 400)
    }

    static let resources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/FaceAlignCore/Resources")

    static func tinyCascade(feature: Int = 0, rect: String = "0 0 4 2 -1.", leaves: String = "1.0 -1.0") -> String {
        """
        <?xml version="1.0"?>
        <!-- a one-stump cascade -->
        <opencv_storage>
        <cascade type_id="opencv-cascade-classifier"><stageType>BOOST</stageType>
          <featureType>HAAR</featureType><height>4</height><width>4</width>
          <stageNum>1</stageNum>
          <stages><_><stageThreshold>0.5</stageThreshold><weakClassifiers>
            <_><internalNodes>0 -1 \(feature) 0.25</internalNodes><leafValues>\(leaves)</leafValues></_>
          </weakClassifiers></_></stages>
          <features><_><rects><_>\(rect)</_><_>0 2 4 2 1.</_></rects></_></features>
        </cascade>
        </opencv_storage>
        """
    }

    func testCascadeFilesParse() throws {
        let haar = try CascadeClassifier(contentsOf: Self.resources.appendingPathComponent("haarcascade_frontalface_default.xml"))
        XCTAssertEqual(haar.kind, .haar)
        XCTAssertEqual(haar.windowWidth, 24)
        XCTAssertEqual(haar.stages.count, 25)
        XCTAssertEqual(haar.stages[0].trees.count, 9)
        XCTAssertTrue(haar.isStumpBased)
        XCTAssertEqual(haar.stages[0].threshold, -5.0425500869750977, accuracy: 1e-6)
        XCTAssertEqual(haar.haarFeatures[0].rects, [.init(x: 6, y: 4, width: 12, height: 9, weight: -1),
                                                     .init(x: 6, y: 7, width: 12, height: 3, weight: 3)])
        let lbp = try CascadeClassifier(contentsOf: Self.resources.appendingPathComponent("lbpcascade_frontalface_improved.xml"))
        XCTAssertEqual(lbp.kind, .lbp)
        XCTAssertEqual(lbp.windowWidth, 45)
        XCTAssertEqual(lbp.subsets.count, lbp.nodes.count * 8)
    }

    /// Reference face box (x, y, width, height) from MediaPipe's short-range detector.
    func referenceBox(_ name: String) throws -> FaceBox {
        let text = try String(contentsOf: Self.samples.appendingPathComponent(name + ".face_box.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)
        XCTAssertEqual(lines.first?.hasPrefix("score,x,y,width,height"), true)
        let v = lines[1].split(separator: ",").compactMap { Float($0) }
        return FaceBox(x: v[1], y: v[2], width: v[3], height: v[4], score: v[0])
    }

    func testFindsTheOneFaceOnEachPortrait() throws {
        let detector = try ViolaJonesDetector.frontalFace()
        for (name, file) in [("astronaut", "astronaut.png"), ("grace_hopper", "grace_hopper.jpg")] {
            let image = try ImageIO.read(Self.samples.appendingPathComponent(file).path)
            let faces = try detector.detect(image)
            let reference = try referenceBox(name)
            XCTAssertEqual(faces.count, 1, "\(name): \(faces)")
            if let face = faces.first {
                XCTAssertGreaterThanOrEqual(face.intersectionOverUnion(reference), 0.4, "\(name): \(face) vs \(reference)")
                XCTAssertGreaterThan(face.score, 3)
            }
        }
    }

    /// The tree-based path, on OpenCV's alt2 cascade (a test fixture with its licence; not
    /// bundled with the library: the default cascade measured better).
    func testTreeCascadeFindsTheFaces() throws {
        let alt2 = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/haarcascade_frontalface_alt2.xml")
        let cascade = try CascadeClassifier(contentsOf: alt2)
        XCTAssertFalse(cascade.isStumpBased)
        XCTAssertEqual(cascade.stages.count, 20)
        let detector = ViolaJonesDetector(cascade: cascade)
        for (name, file) in [("astronaut", "astronaut.png"), ("grace_hopper", "grace_hopper.jpg")] {
            let faces = try detector.detect(try ImageIO.read(Self.samples.appendingPathComponent(file).path))
            XCTAssertEqual(faces.count, 1, "\(name): \(faces)")
            XCTAssertGreaterThanOrEqual(faces.first?.intersectionOverUnion(try referenceBox(name)) ?? 0, 0.4, name)
        }
    }

    func testLBPCascadeFindsTheFaces() throws {
        let detector = try ViolaJonesDetector.frontalFaceLBP()
        for (name, file) in [("astronaut", "astronaut.png"), ("grace_hopper", "grace_hopper.jpg")] {
            let faces = try detector.detect(try ImageIO.read(Self.samples.appendingPathComponent(file).path))
            XCTAssertEqual(faces.count, 1, "\(name): \(faces)")
            XCTAssertGreaterThanOrEqual(faces.first?.intersectionOverUnion(try referenceBox(name)) ?? 0, 0.4, name)
        }
    }

    func testSixteenBitInputGivesTheSameFace() throws {
        let image = try ImageIO.read(Self.samples.appendingPathComponent("astronaut.png").path)
        let detector = try ViolaJonesDetector.frontalFace()
        XCTAssertEqual(try detector.detect(image.converted(toBitDepth: 16)), try detector.detect(image))
    }

    func testNoFaceOnAFlatGrayImage() throws {
        let gray = try PixelImage(width: 320, height: 240, channels: 3, bytes: [UInt8](repeating: 128, count: 320 * 240 * 3))
        XCTAssertEqual(try ViolaJonesDetector.frontalFace().detect(gray), [])
        XCTAssertEqual(try ViolaJonesDetector.frontalFace(options: .init(minNeighbors: 0)).detect(gray), [])
        // Smaller than the cascade window: nothing to scan, no error.
        XCTAssertEqual(try ViolaJonesDetector.frontalFace().detect(try PixelImage(width: 20, height: 300, channels: 1)), [])
    }

    func testBadOptionsAreRefused() throws {
        let image = try PixelImage(width: 64, height: 64, channels: 1)
        XCTAssertThrowsError(try ViolaJonesDetector.frontalFace(options: .init(scaleFactor: 1)).detect(image))
        XCTAssertThrowsError(try ViolaJonesDetector.frontalFace(options: .init(minNeighbors: -1)).detect(image))
    }

    func testGroupingMergesNeighboursAndDropsLoners() {
        let cluster = (0..<5).map { DetectionRect(x: 100 + $0, y: 50 - $0, width: 40, height: 40) }
        let loner = DetectionRect(x: 300, y: 300, width: 40, height: 40)
        let groups = RectangleGrouping.group(cluster + [loner], minNeighbors: 3)
        XCTAssertEqual(groups.count, 1)
        XCTAssertEqual(groups[0].0, DetectionRect(x: 102, y: 48, width: 40, height: 40))
        XCTAssertEqual(groups[0].1, 5)
    }
}
