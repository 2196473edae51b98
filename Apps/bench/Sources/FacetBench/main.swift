// facet-bench AREA: measures the toolkit and prints `name: value` lines.
// tools/bench runs it next to the peer (numpy, onnxruntime, Pillow, ...) and prints the ratios.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let area = arguments.first else {
    FileHandle.standardError.write(Data("usage: facet-bench AREA [options]; areas: \(BenchAreas.all.keys.sorted().joined(separator: ", "))\n".utf8))
    exit(2)
}
guard let run = BenchAreas.all[area] else {
    FileHandle.standardError.write(Data("facet-bench: unknown area '\(area)'; areas: \(BenchAreas.all.keys.sorted().joined(separator: ", "))\n".utf8))
    exit(2)
}
do {
    try run(Array(arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("facet-bench: \(error)\n".utf8))
    exit(1)
}
