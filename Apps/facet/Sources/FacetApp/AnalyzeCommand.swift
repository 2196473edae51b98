import ArgumentParser
import FaceAlign
import Foundation
import GazeCore
import Imaging
import Registry

/// A user-facing failure of `facet analyze` (printed as `Error: ...`, exit code 1).
struct AnalyzeError: Error, CustomStringConvertible {
    let description: String
}

/// `facet analyze IMAGE|FOLDER`: face detection → crop → landmarks → head pose → gaze per eye,
/// written as an annotated PNG, a JSON report and an OpenFace-style CSV.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find faces, their 68 landmarks, head pose and gaze in an image or a folder of images.",
        discussion: """
        The landmark method comes from the registry (--method ID[@VERSION], default decafa with its
        shipped weights; --weights FILE uses other weights), and so does the gaze method (--gaze
        ID[@VERSION], default deesco; --no-gaze skips it). With a folder, every .png/.jpg/.jpeg
        in it is analysed; -o then names a folder for the annotated images, the JSON holds one report
        per image and the CSV one row per face. An unreadable image or one with no face is reported
        and makes the exit code non-zero.
        """)

    @Argument(help: "An image (PNG or JPEG) or a folder of images.")
    var input: String

    @Option(name: [.short, .customLong("output")], help: "Annotated PNG (a folder when INPUT is a folder).")
    var output: String?

    @Option(help: "Write the JSON report here.")
    var json: String?

    @Option(help: "Write an OpenFace-style CSV (one row per face) here.")
    var csv: String?

    @Option(help: "Landmark method, ID or ID@VERSION.")
    var method: String = "decafa"

    @Option(help: "Weights file for the landmark method (safetensors).")
    var weights: String?

    @Flag(help: "Average with the prediction on the mirrored crop.")
    var flipTest = false

    @Option(help: "Gaze method, ID or ID@VERSION.")
    var gaze: String = "deesco"

    @Flag(help: "Skip gaze estimation.")
    var noGaze = false

    func run() throws {
        let inputs = try ImageInputs(input)
        let files = inputs.files
        let isFolder = inputs.isFolder
        if isFolder, let output { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) }

        let registry = try makeRegistry()
        let landmarks: any LandmarkDetector = try registry.make(method, as: (any LandmarkDetector).self) { config in
            if let weights { try config.set("weights", .string(weights)) }
            if flipTest, config.descriptor.hyperparameter(named: "flip-test") != nil { try config.set("flip-test", .bool(true)) }
        }
        let pipeline = FaceAnalysisPipeline(faceDetector: try ViolaJonesDetector.frontalFace(), landmarkDetector: landmarks)
        let gazeStage = noGaze ? nil : GazeStage(estimator: try registry.make(gaze, as: (any GazeEstimator).self))

        var reports: [FaceAnalysisReport] = []
        var problems: [String] = []
        for file in files {
            let image: PixelImage
            do { image = try ImageIO.read(file) } catch {
                problems.append("\(file) is not a readable image (\(error)); give a PNG or JPEG file")
                continue
            }
            let faces = try pipeline.analyze(image)
            let gazes = try gazeStage?.estimate(faces, in: image) ?? []
            var report = FaceAnalysisReport(image: file, faces: faces)
            GazeStage.fill(&report, with: gazes)
            reports.append(report)
            if faces.isEmpty { problems.append("no face found in \(file) (the detector looks for frontal faces at least 24 px wide)") }
            if let output {
                let path = isFolder
                    ? (output as NSString).appendingPathComponent(((file as NSString).lastPathComponent as NSString).deletingPathExtension + ".annotated.png")
                    : output
                var annotated = try FaceAnnotation.draw(faces, on: image)
                GazeStage.draw(gazes, faces: faces, on: &annotated)
                try ImageIO.write(annotated, to: path)
            }
            for (i, f) in faces.enumerated() {
                let pose = f.pose.map { String(format: "yaw %.1f° pitch %.1f° roll %.1f°", $0.yaw, $0.pitch, $0.roll) } ?? "pose n/a"
                let eyes = (report.faces[i].gaze ?? []).map { String(format: "%@ eye yaw %.1f° pitch %.1f°", $0.eye, $0.yaw, $0.pitch) }
                print(String(format: "%@ face %d: box [%.0f, %.0f, %.0f, %.0f] score %.0f, %d landmarks, %@",
                             file, i, f.box.x, f.box.y, f.box.width, f.box.height, f.box.score, f.landmarks.count, pose)
                      + (eyes.isEmpty ? "" : ", gaze: " + eyes.joined(separator: ", ")))
            }
        }
        if let json {
            let data: Data
            if isFolder {
                let e = JSONEncoder()
                e.outputFormatting = [.sortedKeys, .prettyPrinted]
                data = try e.encode(reports)
            } else if let report = reports.first {
                data = try report.json()
            } else {
                data = Data()
            }
            if !data.isEmpty { try data.write(to: URL(fileURLWithPath: json), options: .atomic) }
        }
        if let csv {
            let text = ([FaceAnalysisReport.csvHeader()] + reports.flatMap { $0.csvRows() }).joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: csv), options: .atomic)
        }
        if !problems.isEmpty {
            throw AnalyzeError(description: problems.joined(separator: "\n"))
        }
    }
}
