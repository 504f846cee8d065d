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
