public import EthosCore
public import EthosRecording
internal import Foundation
internal import EthosStoreSupport
internal import GRDB

/// Ethos's record, not GRDB's `Record` class.
public typealias Record = EthosCore.Record

/// The SQLite store, through GRDB: the embedded default behind ``RecordStore``. It opens (and
/// creates) the database, migrates it, checks its anonymity key, and answers the store's
/// queries; it runs in WAL mode with foreign keys on, waits for a busy database rather than
/// failing, and binds every value as a parameter. Scoring, duplicates and history facts are the
/// ``Recorder``'s.
///
/// ```swift
/// let store = try SQLiteStore(path: "ethos.sqlite")
/// try await store.upsert([Person(handle: "ana", team: "platform")])
/// ```
public final class SQLiteStore: RecordStore, ReportSource {
    // A final class rather than a struct: it owns the connection pool, which is itself
    // thread-safe; every property is immutable, hence the Sendable conformance.
    let writer: any DatabaseWriter
    public let anonymityKey: AnonymityKey
    /// The database file, or `nil` in memory.
    public let path: String?
    /// The migrations opening this store applied, by name, in order: none when its schema was up to date.
    public let appliedMigrations: [String]
    /// Whether the store runs inside a transaction that a dry run holds open
    /// (``rollingBack(_:)``): it then writes in savepoints and reads on the same connection.
    private let isNested: Bool

    /// The SQLite file header every database starts with.
    static let header = Array("SQLite format 3\u{0}".utf8)

    /// Opens (creating on first use) the database at `path`, with its anonymity key in
    /// `path + ".key"`. A file that exists but is not an SQLite database is refused and left untouched.
    public convenience init(path: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw StoreError.notADatabase(path) }
            guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError.unreadable(path, "permission denied") }
            let start = (try? handle.read(upToCount: 16)) ?? Data()
            try? handle.close()
            if !start.isEmpty, Array(start) != Self.header { throw StoreError.notADatabase(path) }
        }
        do {
            // Opened, migrated and keyed by one process at a time (see KeyFile).
            let keyPath = path + ".key"
            let (pool, key, applied) = try KeyFile.locked(keyPath) { file in
                do {
                    let pool = try DatabasePool(path: path, configuration: Self.configuration)
                    try pool.writeWithoutTransaction { db in try Migrations.refuseDevelopmentSchema(db) }
                    let before = try pool.read { db in try Migrations.migrator.appliedIdentifiers(db) }
                    try Migrations.migrator.migrate(pool)
                    let storedCheck = try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'anonymity-key-check'") }
                    var contents = try file.contents()
                    if contents.isEmpty {
                        // A database already keyed whose key file is gone: refused, never re-keyed.
                        guard storedCheck == nil else { throw StoreError.missingKey(keyPath) }
                        contents = AnonymityKey.random().fileContents
                        try file.replace(with: contents)
                    }
                    let key = try AnonymityKey(fileContents: contents, path: keyPath)
                    if let storedCheck {
                        guard storedCheck == key.check else {
                            throw StoreError("The anonymity key '\(keyPath)' does not belong to this database; restore the matching key.")
                        }
                    } else {
                        try pool.write { db in
                            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('anonymity-key-check', ?)", arguments: [key.check])
                        }
                    }
                    return (pool, key, Migrations.files.map(\.name).filter { !before.contains($0) })
                } catch {
                    if file.created { file.remove() }
                    throw error
                }
            }
            self.init(writer: pool, key: key, path: path, isNested: false, applied: applied)
        } catch let error as StoreError {
            throw error
        } catch is Migrations.StoreSchemaError {
            throw StoreError("'\(path)' was made by a development build of Ethos whose schema no release has; export its records with that build (ethos export) and import them into a new database.")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw StoreError.notADatabase(path)
        } catch {
            throw StoreError.unreadable(path, "\(error)")
        }
    }

    /// A fresh database in memory, with a random anonymity key: for tests and scratch work.
    public convenience init() throws {
        var configuration = Self.configuration
        configuration.allowsUnsafeTransactions = true  // a dry run holds its transaction open on this one connection
        let queue = try DatabaseQueue(configuration: configuration)
        try Migrations.migrator.migrate(queue)
        self.init(writer: queue, key: .random(), path: nil, isNested: false, applied: Migrations.files.map(\.name))
    }

    private init(writer: any DatabaseWriter, key: AnonymityKey, path: String?, isNested: Bool, applied: [String] = []) {
        self.writer = writer
        self.appliedMigrations = applied
        self.anonymityKey = key
        self.path = path
        self.isNested = isNested
    }

    private static var configuration: GRDB.Configuration {
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        // SQLite's default page cache is 2 MB: a batch's inserts touch index pages all over the
        // records' indexes, and past that size every miss is a read. Readers keep the default:
        // a report scans a period's index once, and a reader's cache (one per connection, two or
        // more reading at once) is memory the server holds, where the system's file cache serves.
        configuration.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -65536") }
            // Migration 0003 checks stored texts' language with the scorer's own rule.
            db.add(function: DatabaseFunction("ethos_language_supported", argumentCount: 1, pure: true) { values in
                String.fromDatabaseValue(values[0]).map { TextLanguage.isSupported($0) ? 1 : 0 } ?? 1
            })
        }
        return configuration
    }

    /// Reads in a consistent snapshot (on the dry run's connection when nested).
    func reading<T>(_ body: (Database) throws -> T) throws -> T {
        isNested ? try writer.writeWithoutTransaction(body) : try writer.read(body)
    }

    /// Reads with a single statement, which SQLite reads from one snapshot by itself: without
    /// the transaction ``reading(_:)`` opens, whose BEGIN and COMMIT GRDB compiles afresh each
    /// time and which cost more than the small look-ups a served page or API call makes.
    func readingOne<T>(_ body: (Database) throws -> T) throws -> T {
        isNested ? try writer.writeWithoutTransaction(body) : try writer.unsafeRead(body)
    }

    /// Writes in one transaction (a savepoint of the dry run's when nested).
    func writing<T>(_ body: (Database) throws -> T) throws -> T {
        guard isNested else { return try writer.write(body) }
        return try writer.writeWithoutTransaction { db in
            var result: T?
            try db.inSavepoint {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    public func rollingBack<T>(_ body: (any RecordStore) async throws -> T) async throws -> T {
        // A connection of its own, holding one transaction for the whole run; in memory there
        // is no second connection to the same database, so the store's own holds it.
        var configuration = Self.configuration
        configuration.allowsUnsafeTransactions = true
        let queue: any DatabaseWriter = if let path { try DatabaseQueue(path: path, configuration: configuration) } else { writer }
        try await queue.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        let scratch = SQLiteStore(writer: queue, key: anonymityKey, path: path, isNested: true)
        do {
            let result = try await body(scratch)
            try await queue.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
            return result
        } catch {
            try? await queue.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
            throw error
        }
    }

    public func count() async throws -> Int {
        try readingOne { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM records")) ?? 0 }
    }

    /// The name of the last migration the database's schema has.
    public func schemaVersion() async throws -> String {
        try readingOne { db in try String.fetchOne(db, sql: "SELECT MAX(identifier) FROM grdb_migrations") ?? "" }
    }

    public func lastKey() async throws -> Int64 {
        try readingOne { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM records")) ?? 0 }
    }
}
