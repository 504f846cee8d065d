internal import Foundation

/// Writes to standard output and standard error. Output goes through here so that every command
/// prints the same way.
enum Console {
    static func out(_ text: String) {
        write(text, to: FileHandle.standardOutput)
    }

    static func err(_ text: String) {
        write(text, to: FileHandle.standardError)
    }

    private static func write(_ text: String, to handle: FileHandle) {
        var line = text
        if !line.hasSuffix("\n") { line += "\n" }
        handle.write(Data(line.utf8))
    }
}
