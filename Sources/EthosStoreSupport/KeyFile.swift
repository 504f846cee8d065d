internal import EthosRecording
package import Foundation
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The anonymity key file, held under an exclusive lock while a store opens: two processes
/// opening (or creating) the same database at the same moment take turns, so one creates the
/// schema and the key and the other finds both. SQLite's locks cannot do this (GRDB's migrator
/// reads which migrations are applied before its transaction begins), and the lock is on the
/// key file, not the database, because closing any other descriptor of the database would drop
/// the POSIX locks SQLite holds on it.
package struct KeyFile {
    package let path: String
    private let descriptor: Int32
    /// Whether opening it created it (empty).
    package let created: Bool

    /// Runs `body` with the file at `path` open and locked, creating it empty (mode 0600) when
    /// absent; the lock is released when `body` returns.
    package static func locked<T>(_ path: String, _ body: (KeyFile) throws -> T) throws -> T {
        while true {
            var descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            let created = descriptor >= 0
            if descriptor < 0 && errno == EEXIST { descriptor = open(path, O_RDWR | O_CLOEXEC) }
            if descriptor < 0 && (errno == EACCES || errno == EROFS) { descriptor = open(path, O_RDONLY | O_CLOEXEC) }
            if descriptor < 0 && errno == ENOENT { continue }  // removed between the two opens
            guard descriptor >= 0 else { throw StoreError("Cannot open the anonymity key '\(path)': \(String(cString: strerror(errno))).") }
            defer { close(descriptor) }
            guard flock(descriptor, LOCK_EX) == 0 else { throw StoreError("Cannot lock the anonymity key '\(path)': \(String(cString: strerror(errno))).") }
            defer { flock(descriptor, LOCK_UN) }
            // The process before may have removed the file it created (its opening failed): the
            // lock is then on a file no one else sees, so open what is at the path now.
            var held = stat(), current = stat()
            guard fstat(descriptor, &held) == 0, stat(path, &current) == 0, held.st_ino == current.st_ino, held.st_dev == current.st_dev else {
                continue
            }
            return try body(KeyFile(path: path, descriptor: descriptor, created: created))
        }
    }

    /// Everything the file holds (a key file is 65 bytes; more is read as damage).
    package func contents() throws -> Data {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count >= 0 else { throw StoreError("Cannot read the anonymity key '\(path)': \(String(cString: strerror(errno))).") }
        return Data(buffer.prefix(count))
    }

    /// Writes `data` as the file's whole contents and waits until it is on disk.
    package func replace(with data: Data) throws {
        let written = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == data.count, ftruncate(descriptor, off_t(data.count)) == 0, fsync(descriptor) == 0 else {
            throw StoreError("Cannot write the anonymity key '\(path)'; check that its folder is writable.")
        }
    }

    /// Removes the file: one this opening created but must not keep.
    package func remove() {
        unlink(path)
    }
}
