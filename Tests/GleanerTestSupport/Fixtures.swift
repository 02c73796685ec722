import Foundation

/// Paths of the repository's test fixtures, found from this source file's location so that tests run the
/// same from `swift test`, an IDE, or CI's fresh clone.
public enum Fixtures {
    /// The repository root (the folder holding Package.swift).
    public static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let directory: URL = repoRoot.appendingPathComponent("Tests/Fixtures")

    /// `../shared/corpus` beside the repository: CI has it, a plain clone does not, so tests that read it are
    /// enabled only when it is there (`.enabled(if: Fixtures.sharedCorpus != nil, …)`) and say so when skipped.
    public static let sharedCorpus: URL? = {
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue ? url : nil
    }()

    public static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    public static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(name)))
    }

    public static func string(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }
}
