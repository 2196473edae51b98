import ArgumentParser
import FaceAlignCore
import Foundation
import Imaging

/// `facet synth`: the synthetic face world (contact sheets to look at it, exports to train on).
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the synthetic face world: a contact sheet, or PNG + .pts files with labels.",
        discussion: """
        Every sample is a pure function of (split, seed, index): the same command writes the
        same pixels. Splits: easy (near-frontal, clean), medium, hard (large pose, strong
        expressions, occluders, clutter, noise).

          facet synth gallery -o sheet.png --count 24 --size 64 --split hard
          facet synth export --count 1000 -o data/synth-train --split medium --seed 1
        """,
        subcommands: [SynthGallery.self, SynthExport.self])
}

/// Options shared by the synth subcommands.
struct SynthWorldOptions: ParsableArguments {
    @Option(help: "Difficulty preset: easy, medium or hard.")
    var split: String = "medium"

    @Option(help: "Seed of the world (sample i is derived from seed and i).")
    var seed: UInt64 = 0

    @Option(help: "Crop size in pixels (square).")
    var size: Int = 64

    @Flag(help: "Grayscale images (default: RGB).")
    var gray = false

    func validate() throws {
        guard SyntheticFaceConfig.preset(named: split) != nil else {
            throw ValidationError("unknown split '\(split)'; splits: easy, medium, hard")
        }
        guard (16...1024).contains(size) else { throw ValidationError("--size must be in 16...1024, got \(size)") }
    }

    func world() throws -> SyntheticFaceWorld {
        var config = SyntheticFaceConfig.preset(named: split)!
        config.imageSize = size
        config.color = gray ? .gray : .rgb
        return try SyntheticFaceWorld(config: config, seed: seed)
    }
}

struct SynthGallery: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gallery", abstract: "Write a contact sheet PNG of samples with their landmarks.")

    @OptionGroup var world: SynthWorldOptions

    @Option(name: .shortAndLong, help: "The PNG to write.")
    var output: String

    @Option(help: "Number of faces.")
    var count: Int = 24

    @Option(help: "Faces per row.")
    var columns: Int = 6

    @Option(help: "Layout: samples (consecutive samples) or sweep (rows = emotions, columns = yaw).")
    var layout: String = "samples"

    @Flag(help: "Faces only: no landmarks, boxes or captions.")
    var plain = false

    func validate() throws {
        guard (1...400).contains(count) else { throw ValidationError("--count must be in 1...400, got \(count)") }
        guard (1...40).contains(columns) else { throw ValidationError("--columns must be in 1...40, got \(columns)") }
        guard SyntheticGallery.Layout(rawValue: layout) != nil else {
            throw ValidationError("unknown layout '\(layout)'; layouts: samples, sweep")
        }
    }

    func run() throws {
        let sheet = try SyntheticGallery.contactSheet(world: try world.world(), count: count, columns: columns,
                                                      layout: SyntheticGallery.Layout(rawValue: layout)!, drawLabels: !plain)
        try ImageIO.write(sheet, to: output)
        print("wrote \(output) (\(sheet.width)x\(sheet.height), \(count) faces, split \(world.split), seed \(world.seed))")
    }
}

struct SynthExport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export",
                                                    abstract: "Write N samples as PNG + iBUG .pts files and a labels.json.")

    @OptionGroup var world: SynthWorldOptions

    @Option(help: "Number of samples.")
    var count: Int

    @Option(name: .shortAndLong, help: "The output directory (created if missing).")
    var output: String

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count)") }
    }

    func run() throws {
        let summary = try SyntheticExport.export(world: try world.world(), count: count, to: output)
        print("wrote \(summary.count) samples to \(summary.directory) in \(String(format: "%.1f", summary.seconds)) s "
              + "(face_NNNNNN.png/.pts, labels.json)")
    }
}
