import Foundation

/// Loads a folder of images with `.pts` annotations, in the 300W layout: every `.pts` file under
/// the root (recursively) pairs with the image of the same stem (`.png`, `.jpg`, `.jpeg`).
///
/// When the standard 300W sub-folders are present the usual test splits are available:
/// common = `lfpw/testset` + `helen/testset`, challenging = `ibug`, full = common + challenging,
/// and train = `afw` + `lfpw/trainset` + `helen/trainset`.
///
/// ```swift
/// let test = try PTSFolderLoader.load(root: "data/300W", split: .common)
/// ```
public enum PTSFolderLoader {
    public enum Split: String, Sendable, CaseIterable {
        /// Every annotation under the root.
        case all, common, challenging, full, train

        /// The sub-folders (relative to the root) this split reads; empty for `.all`.
        public var folders: [String] {
            switch self {
            case .all: return []
            case .common: return ["lfpw/testset", "helen/testset"]
            case .challenging: return ["ibug"]
            case .full: return ["lfpw/testset", "helen/testset", "ibug"]
            case .train: return ["afw", "lfpw/trainset", "helen/trainset"]
            }
        }
    }

    public static let imageExtensions = ["png", "jpg", "jpeg", "PNG", "JPG", "JPEG"]

    /// The splits whose folders all exist under `root` (`.all` always).
    public static func availableSplits(root: String) -> [Split] {
        Split.allCases.filter { split in split.folders.allSatisfy { isDirectory(join(root, $0)) } }
    }

    /// The samples of `split`, sorted by path so the order is the same on every machine. Tags hold
    /// the annotation's folder names relative to the root (e.g. "helen", "testset").
    ///
    /// - Parameter skipMissingImages: leave out annotations without an image instead of throwing.
    public static func load(root: String, split: Split = .all, scheme: LandmarkScheme = .ibug68,
                            origin: PTSFormat.Origin = .matlab, skipMissingImages: Bool = false) throws -> [LandmarkSample] {
        guard isDirectory(root) else {
            throw FaceAlignError.unreadableFile(path: root, reason: "is not a folder")
        }
        let missing = split.folders.filter { !isDirectory(join(root, $0)) }
        guard missing.isEmpty else {
            throw FaceAlignError.missingSplitFolders(root: root, split: split.rawValue, missing: missing)
        }
        let folders = split == .all ? [""] : split.folders
        var samples: [LandmarkSample] = []
        for folder in folders {
            let base = folder.isEmpty ? root : join(root, folder)
            for relative in ptsFiles(under: base) {
                let ptsPath = join(base, relative)
                let stem = String(ptsPath.dropLast(4))
                guard let image = imageExtensions.lazy.map({ stem + "." + $0 })
                        .first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                    if skipMissingImages { continue }
                    throw FaceAlignError.missingImage(annotation: ptsPath, tried: imageExtensions)
                }
                let shape = try PTSFormat.read(ptsPath, scheme: scheme, origin: origin)
                let inRoot = (folder.isEmpty ? relative : folder + "/" + relative).split(separator: "/").dropLast()
                samples.append(LandmarkSample(image: .path(image), shape: shape, tags: Set(inRoot.map(String.init))))
            }
        }
        guard !samples.isEmpty else {
            throw FaceAlignError.emptyDataset(path: root, reason: "no .pts annotation with an image was found "
                                              + "(split \(split.rawValue))")
        }
        return samples
    }

    /// `.pts` files under `folder`, as sorted paths relative to it.
    static func ptsFiles(under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let next = walker.nextObject() as? String {
            if next.lowercased().hasSuffix(".pts") { found.append(next) }
        }
        return found.sorted()
    }

    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    static func join(_ a: String, _ b: String) -> String {
        a.hasSuffix("/") ? a + b : a + "/" + b
    }
}
