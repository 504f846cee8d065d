internal import EthosStoreSupport
internal import Logging
internal import PostgresNIO

/// The PostgreSQL schema: the SQL files in `Embedded/Migrations/`, applied in the order of their
/// names, each once and each in its own transaction, recorded in `ethos_migrations`. A shipped
/// migration is never edited; a change is a new file.
enum PostgresMigrations {
    /// The migrations, by file name, in order.
    static let files = migrationFiles(EmbeddedFiles.files)

    /// The advisory lock a process holds while it migrates ("ethos" in ASCII, then 2): servers
    /// starting together take turns, and the second finds the schema made.
    static let lock: Int64 = 0x6574_686F_7302

    /// Runs `body` on `connection` holding the migration lock.
    static func locked<T>(_ connection: PostgresConnection, logger: Logger, _ body: () async throws -> T) async throws -> T {
        try await connection.query("SELECT pg_advisory_lock(\(lock))", logger: logger)
        do {
            let result = try await body()
            try await connection.query("SELECT pg_advisory_unlock(\(lock))", logger: logger)
            return result
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(lock))", logger: logger)
            throw error
        }
    }

    /// Whether Ethos has set up `connection`'s database (in its search path).
    static func isSetUp(_ connection: PostgresConnection, logger: Logger) async throws -> Bool {
        var setUp = false
        for try await found in try await connection.query("SELECT to_regclass('ethos_migrations') IS NOT NULL", logger: logger).decode(Bool.self) {
            setUp = found
        }
        return setUp
    }

    /// Applies the migrations `connection`'s database lacks; their names. Refuses a database
    /// migrated by a newer Ethos, whose schema this one does not know.
    @discardableResult
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query("CREATE TABLE IF NOT EXISTS ethos_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                                   logger: logger)
        var applied: Set<String> = []
        for try await name in try await connection.query("SELECT name FROM ethos_migrations", logger: logger).decode(String.self) {
            applied.insert(name)
        }
        let known = Set(files.map(\.name))
        if let unknown = applied.subtracting(known).sorted().last {
            throw MigrationError("The database was migrated by a newer Ethos (its migration '\(unknown)' is unknown to this one); upgrade Ethos.")
        }
        var made: [String] = []
        for file in files where !applied.contains(file.name) {
            // A file is several statements, which the extended protocol PostgresNIO speaks runs
            // only one at a time: a DO block runs them as one, inside this transaction.
            try await connection.query("BEGIN", logger: logger)
            do {
                try await connection.query("DO $ethos_migration$ BEGIN \(unescaped: file.sql) END $ethos_migration$", logger: logger)
                try await connection.query("INSERT INTO ethos_migrations (name) VALUES (\(file.name))", logger: logger)
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw MigrationError("Migration \(file.name) failed: \(PostgresFailure.reason(error))")
            }
            made.append(file.name)
        }
        return made
    }

    struct MigrationError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
