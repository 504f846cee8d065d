internal import Foundation

/// The files `ethos init` writes: the shipped `Principles/`, a commented `ethos.yaml`, a sample
/// `people.csv` and `Plugins/README.md`, embedded at build time by the EmbedWorkspaceTemplate plugin.
struct WorkspaceScaffold {
    /// Relative path and contents, in the order they are written.
    let files: [(path: String, contents: String)]

    /// The template built into `ethos`.
    static let bundled = WorkspaceScaffold(files: WorkspaceTemplate.files)

    /// Writes the files into `directory`, creating it. Without `overwrite`, refuses (writing
    /// nothing) when any file exists. Returns the paths written, relative to `directory`.
    func write(into directory: String, overwrite: Bool) throws -> [String] {
        let manager = FileManager.default
        let existing = files.map(\.path).filter { manager.fileExists(atPath: "\(directory)/\($0)") }
        if !overwrite, !existing.isEmpty {
            let list = existing.map { "'\(directory)/\($0)'" }.joined(separator: ", ")
            throw EthosError("\(list) already exist\(existing.count == 1 ? "s" : ""); nothing was written. Use --force to overwrite, or choose another directory.")
        }
        for file in files {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(file.path)
            do {
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url, options: .atomic)
            } catch {
                throw EthosError("Cannot write '\(url.path)': \((error as NSError).localizedDescription)")
            }
        }
        return files.map(\.path)
    }

    /// What `ethos init` prints after writing.
    static func summary(written: [String], directory: String) -> String {
        var lines = ["Created a workspace in '\(directory)':"]
        lines += written.map { "  \($0)" }
        lines.append("")
        lines.append("Next steps" + (directory == "." ? ":" : ", in '\(directory)' (cd \(directory)):"))
        lines.append("  1. ethos people import people.csv     # a sample directory: replace it with your people")
        lines.append("  2. ethos feedback give --from ravi --to omar --text \"Omar paired with me on the flaky test.\"")
        lines.append("  3. ethos report                       # how the principles are lived this quarter")
        lines.append("Edit Principles/ to make the principles yours; 'ethos principles check' checks them.")
        lines.append("")
        lines.append(Self.keyNote(database: "ethos.sqlite"))
        return lines.joined(separator: "\n")
    }

    /// What to know about the anonymity key beside `database`: said by `init` and `demo`.
    static func keyNote(database: String) -> String {
        "The database (\(database)) is created on first use with its anonymity key, \(database).key, beside it. "
            + "Back the two up together: without the key the database will not open, and nothing can re-create it."
    }
}
