public import EthosCore
public import EthosRecording
internal import EthosStoreSupport
internal import Foundation
public import Logging
internal import PostgresNIO

/// The PostgreSQL store, through PostgresNIO: the same contract as the SQLite store, for a
/// company whose servers share one database. It migrates the database on first use, checks its
/// anonymity key (kept in a file, outside the database), and answers the store's queries with
/// every value bound as a parameter.
///
/// Every write takes one advisory transaction lock, so writes from any number of processes
/// commit one at a time and a record's key (from a sequence) grows in commit order: what
/// ``latestKey()`` and reading history after a key rely on.
///
/// ```swift
/// let store = try await PostgresStore.open(PostgresSettings(url: "postgres://ethos@db/ethos"), keyPath: "ethos.key")
/// ```
public final class PostgresStore: RecordStore, ReportSource, AccountStore {
    // A final class rather than a struct: it owns the client and the task that runs it; every
    // property is immutable, and the client is itself thread-safe.
    let client: PostgresClient
    /// Where statements run: the pool, or the one connection holding a dry run's transaction.
    let held: PostgresConnection?
    private let runner: Task<Void, Never>?
    public let anonymityKey: AnonymityKey
    /// The database, without its password, for messages.
    public let location: String
    /// The migrations opening this store applied, by name, in order: none when its schema was up to date.
    public let appliedMigrations: [String]
    let logger: Logger

    /// Opens the database `settings` name: migrates it, then checks the anonymity key in the file
    /// at `keyPath`, creating the file (mode 0600) when the database has no key yet. With
    /// `schema`, the store's tables live in that schema (made when absent), so several
    /// workspaces can share one database. With `requireSchema`, a database Ethos has never
    /// used is refused rather than set up (commands that only read).
    public static func open(_ settings: PostgresSettings, keyPath: String, schema: String? = nil, requireSchema: Bool = false,
                            logger: Logger = PostgresStore.defaultLogger) async throws -> PostgresStore {
        var configuration = settings.clientConfiguration
        if let schema {
            guard schema.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
                throw StoreError("The schema name '\(schema)' must be lower-case letters, digits and underscores.")
            }
            configuration.options.additionalStartupParameters.append(("search_path", schema))
        }
        do {
            try await settings.connectOnce(logger: logger)
        } catch {
            throw StoreError("Cannot connect to PostgreSQL at \(settings.redacted): \(PostgresFailure.reason(error))")
        }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        do {
            let (key, applied) = try await client.withConnection { connection in
                try await PostgresMigrations.locked(connection, logger: logger) {
                    if requireSchema, try await !PostgresMigrations.isSetUp(connection, logger: logger) {
                        throw StoreError("No Ethos database at \(settings.redacted): run 'ethos migrate --db URL' to set it up, or point "
                                         + "--db (or ETHOS_DB) at the database you meant.")
                    }
                    if let schema { try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger) }
                    let applied = try await PostgresMigrations.migrate(connection, logger: logger)
                    return (try await Self.checkKey(keyPath, connection, logger: logger), applied)
                }
            }
            return PostgresStore(client: client, held: nil, runner: runner, key: key, location: settings.redacted, applied: applied, logger: logger)
        } catch {
            runner.cancel()
            if let error = error as? StoreError { throw error }
            throw StoreError("PostgreSQL at \(settings.redacted): \(PostgresFailure.reason(error))")
        }
    }

    /// PostgresNIO's log at errors only: at info it reports each connection it makes, and it
    /// warns of a query made before the client's task has started, which waits for it.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "ethos.postgres")
        logger.logLevel = .error
        return logger
    }

    private init(client: PostgresClient, held: PostgresConnection?, runner: Task<Void, Never>?, key: AnonymityKey, location: String,
                 applied: [String] = [], logger: Logger) {
        self.appliedMigrations = applied
        self.client = client
        self.held = held
        self.runner = runner
        self.anonymityKey = key
        self.location = location
        self.logger = logger
    }

    deinit { runner?.cancel() }

    /// Closes the store's connections.
    public func close() async {
        runner?.cancel()
        await runner?.value
    }

    /// The key in the file at `path`, which must be the database's: the first store to open a
    /// database makes both. Runs under the migration lock, so two processes opening a new
    /// database do not each make a key.
    private static func checkKey(_ path: String, _ connection: PostgresConnection, logger: Logger) async throws -> AnonymityKey {
        var stored: String?
        for try await check in try await connection.query("SELECT value FROM meta WHERE key = 'anonymity-key-check'", logger: logger)
            .decode(String.self) { stored = check }  // one row at most, read to the end
        let (key, created) = try KeyFile.locked(path) { file in
            var contents = try file.contents()
            if contents.isEmpty {
                // A database already keyed whose key file is gone: refused, never re-keyed, and
                // the empty file this opening made is not left behind.
                guard stored == nil else {
                    if file.created { file.remove() }
                    throw StoreError("The anonymity key '\(path)' is missing, but the database was made with one; point "
                                     + "ETHOS_ANONYMITY_KEY_FILE at it, or restore it from the same backup as the database.")
                }
                contents = AnonymityKey.random().fileContents
                try file.replace(with: contents)
            }
            return (try AnonymityKey(fileContents: contents, path: path), file.created)
        }
        if let stored {
            guard stored == key.check else {
                throw StoreError("The anonymity key '\(path)' does not belong to this database; restore the matching key, or point ETHOS_ANONYMITY_KEY_FILE at it.")
            }
            return key
        }
        do {
            try await connection.query("INSERT INTO meta (key, value) VALUES ('anonymity-key-check', \(key.check))", logger: logger)
        } catch {
            if created { unlink(path) }
            throw error
        }
        return key
    }

    // MARK: Running statements

    /// Runs `query` on the held connection, else on a connection of the pool.
    func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        if let held { return try await held.query(query, logger: logger) }
        return try await client.query(query, logger: logger)
    }

    /// Runs a statement that reads nothing, to its end (a pooled connection returns to the pool
    /// when its rows have been read).
    func execute(_ query: PostgresQuery) async throws {
        for try await _ in try await self.query(query) {}
    }

    @discardableResult
    /// Runs `body` in one transaction (a savepoint of the dry run's when one is held). With
    /// `writing`, it first takes the write lock, which every write of every process takes.
    func transaction<T: Sendable>(writing: Bool = false, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        if let held {
            try await held.query("SAVEPOINT ethos_write", logger: logger)
            do {
                let result = try await body(held)
                try await held.query("RELEASE SAVEPOINT ethos_write", logger: logger)
                return result
            } catch {
                _ = try? await held.query("ROLLBACK TO SAVEPOINT ethos_write", logger: logger)
                throw error
            }
        }
        return try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                if writing { try await connection.query("SELECT pg_advisory_xact_lock(\(Self.writeLock))", logger: logger) }
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// The advisory lock every write takes ("ethos" in ASCII, then 1).
    static let writeLock: Int64 = 0x6574_686F_7301

    public func rollingBack<T>(_ body: (any RecordStore) async throws -> T) async throws -> T {
        // One connection holds one transaction for the whole run, with the write lock, so the
        // dry run sees exactly what the real run would.
        let outcome: Result<T, any Error> = try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.writeLock))", logger: logger)
            let scratch = PostgresStore(client: client, held: connection, runner: nil, key: anonymityKey, location: location, logger: logger)
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body(scratch)) } catch { outcome = .failure(error) }
            try await connection.query("ROLLBACK", logger: logger)
            return UncheckedResult(outcome)
        }.value
        return try outcome.get()
    }

    public func count() async throws -> Int {
        try await one("SELECT COUNT(*) FROM records", as: Int.self) ?? 0
    }

    /// The name of the last migration the database's schema has.
    public func schemaVersion() async throws -> String {
        try await one("SELECT MAX(name) FROM ethos_migrations", as: String.self) ?? ""
    }

    public func lastKey() async throws -> Int64 {
        try await one("SELECT COALESCE(MAX(seq), 0) FROM records", as: Int64.self) ?? 0
    }

    /// The first column of the first row `query` reads, if any.
    func one<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: T.Type) async throws -> T? {
        try await all(query, as: T.self).first
    }

    /// Every row `query` reads, decoded as `columns`. Rows are read to the end, not left
    /// mid-stream: a pooled connection returns to the pool when they have been.
    func all<each Column: PostgresDecodable & Sendable>(_ query: PostgresQuery, as columns: (repeat each Column).Type) async throws
        -> [(repeat each Column)] {
        var rows: [(repeat each Column)] = []
        for try await row in try await self.query(query).decode(columns) { rows.append(row) }
        return rows
    }
}

/// A dry run's result carried out of the pool's connection closure, which wants a sendable
/// value: what the caller's body returned, on the caller's task.
private struct UncheckedResult<T>: @unchecked Sendable {
    let value: Result<T, any Error>
    init(_ value: Result<T, any Error>) { self.value = value }
}

/// What a PostgresNIO error says, for a person: PSQLError's own description hides the server's
/// message so a log cannot leak data, but a command's error must say what went wrong.
enum PostgresFailure {
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
            return message + detail
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }
}
