import Foundation
import Imaging

/// A user-facing failure naming an image input (printed as `Error: ...`, exit code 1).
struct ImageInputError: Error, CustomStringConvertible {
    let description: String
}

/// What a per-image command reads: INPUT itself when it is an image, or every .png, .jpg and
/// .jpeg in the folder INPUT, in name order.
struct ImageInputs {
    let files: [String]
    let isFolder: Bool

    init(_ input: String) throws {
        var folder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &folder) else {
            throw ImageInputError(description: "\(input) does not exist; give an image file (PNG or JPEG) or a folder of images")
        }
        isFolder = folder.boolValue
        if isFolder {
            let names = try FileManager.default.contentsOfDirectory(atPath: input).sorted()
            files = names.filter { ["png", "jpg", "jpeg"].contains(($0 as NSString).pathExtension.lowercased()) }
                .map { (input as NSString).appendingPathComponent($0) }
            guard !files.isEmpty else { throw ImageInputError(description: "\(input) holds no .png, .jpg or .jpeg file") }
        } else {
            // A single unreadable image is an error at once; in a folder it is reported per file.
            do { _ = try ImageIO.read(input) } catch {
                throw ImageInputError(description: "\(input) is not a readable image (\(error)); give a PNG or JPEG file")
            }
            files = [input]
        }
    }
}
