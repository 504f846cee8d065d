internal import Foundation
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Where a file the user names for output (`--output`, `--rejects`) is written. A file is
/// replaced whole, so only a regular file (or a symbolic link to one, written through) may be
/// there already: replacing a device such as `/dev/full`, a named pipe or a socket with a
/// regular file would break whatever relies on it.
enum OutputFile {
    /// The path to write: `path` itself when nothing is there, the regular file it names or links
    /// to otherwise; throws for anything else.
    static func destination(_ path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if lstat(path, &info) == 0 { throw EthosError("'\(path)' is a symbolic link to nothing; give a file path.") }
            return path
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let kind = switch info.st_mode & S_IFMT {
            case S_IFDIR: "a folder"
            case S_IFCHR, S_IFBLK: "a device"
            case S_IFIFO: "a named pipe"
            case S_IFSOCK: "a socket"
            default: "not a regular file"
            }
            throw EthosError("'\(path)' is \(kind), not a regular file; give the path of a file to write.")
        }
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}

/// A file written as its contents are made, that appears at its path whole, only when done:
/// an export interrupted halfway leaves what was there before, not half a file.
struct StreamedFile {
    let destination: String
    private let temporary: String
    private let handle: FileHandle

    init(_ path: String) throws {
        destination = try OutputFile.destination(path)
        temporary = destination + ".partial-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw EthosError("Cannot write '\(path)'; check the folder exists and may be written to.")
        }
        self.handle = handle
    }

    func write(_ text: String) throws {
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Puts the file in place.
    func commit() throws {
        try handle.close()
        guard rename(temporary, destination) == 0 else { throw EthosError("Cannot replace '\(destination)'.") }
    }

    /// Removes what was written.
    func discard() {
        try? handle.close()
        unlink(temporary)
    }
}
