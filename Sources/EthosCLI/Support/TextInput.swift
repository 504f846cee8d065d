internal import ArgumentParser
internal import EthosCore
internal import Foundation

/// A record's text from the command line, from standard input (`-`) or from a file: long or
/// multi-line feedback does not have to survive a shell's quoting.
enum TextInput {
    /// The longest text read from a file or standard input: a record holds at most 10,000
    /// characters, and reading stops well before memory would matter.
    static let byteLimit = 1 << 20

    static func validate(_ text: String?, file: String?, option: String) throws {
        switch (text, file) {
        case (nil, nil): throw ValidationError("Missing \(option) TEXT (or \(option) - for standard input, or \(option)-file FILE).")
        case (.some, .some): throw ValidationError("Pass \(option) or \(option)-file, not both.")
        default: break
        }
    }

    /// The text: as given, read from standard input for `-`, or read from `file`.
    static func read(_ text: String?, file: String?) throws -> String {
        if let text, text != "-" { return text }
        let handle: FileHandle
        if let file {
            guard let opened = FileHandle(forReadingAtPath: file) else { throw EthosError(Issue.missingPath(file).message) }
            handle = opened
        } else {
            handle = FileHandle.standardInput
        }
        let data = try handle.read(upToCount: byteLimit + 1) ?? Data()
        let source = file ?? "standard input"
        guard data.count <= byteLimit else { throw EthosError("\(source) holds more than 1 MiB; a record's text is at most 10,000 characters.") }
        guard let read = String(data: data, encoding: .utf8) else { throw EthosError("\(source) is not UTF-8 text.") }
        // A file's last line break is the file's, not the text's.
        return read.hasSuffix("\n") ? String(read.dropLast()) : read
    }
}
