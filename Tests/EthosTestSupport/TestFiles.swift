public import Foundation

/// Files and folders for tests: the repository root, scratch directories, fixture files.
public enum TestFiles {
    /// The repository's root directory, found from this file's path.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh temporary directory; the caller removes it.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ethos-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `files` (relative path → text) under `directory`, creating folders.
    public static func write(_ files: [String: String], in directory: URL) throws {
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// The objects of a JSON Lines fixture beside `testFile` (pass `#filePath`), with their line
    /// numbers from 1; a line that is not a JSON object is left out (and fails the fixture's own
    /// size check).
    public static func jsonLines(_ name: String, besides testFile: String) -> [(line: Int, object: [String: Any])] {
        let url = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent(name)
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").enumerated().compactMap { offset, line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return (offset + 1, object)
        }
    }
}
