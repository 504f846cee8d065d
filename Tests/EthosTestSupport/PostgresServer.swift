public import EthosPostgres
import Foundation
import PostgresNIO

/// The PostgreSQL server tests run against: `ETHOS_TEST_POSTGRES`, a URL such as
/// `Scripts/postgres-test-cluster.sh start` prints. Without it the tests that need a server are
/// off — unless `ETHOS_REQUIRE_POSTGRES` is set (as CI sets it), when they fail instead, so a
/// run that was meant to test PostgreSQL cannot pass without doing so.
public enum PostgresServer {
    public static let url = ProcessInfo.processInfo.environment["ETHOS_TEST_POSTGRES"]
    public static let required = ProcessInfo.processInfo.environment["ETHOS_REQUIRE_POSTGRES"] != nil
    /// Whether the tests that need a server run.
    public static let enabled = url != nil || required

    /// The server's settings; fails the test when none was given.
    public static func settings() throws -> PostgresSettings {
        guard let url else { throw Missing() }
        return try PostgresSettings(url: url)
    }

    /// A new, empty store of its own: its tables in a new schema of the test database (left for
    /// the throw-away cluster to take away), its anonymity key in a new temporary file.
    public static func store() async throws -> PostgresStore {
        let schema = newSchema()
        return try await PostgresStore.open(settings(), keyPath: keyPath(schema), schema: schema)
    }

    /// The URL of a new, empty database on the test server, for tests that run `ethos` itself
    /// (which takes a database, not a schema).
    public static func newDatabase() async throws -> String {
        var settings = try settings()
        let name = newSchema()
        try await settings.execute("CREATE DATABASE \(name)")
        settings.database = name
        return settings.redacted
    }

    /// How many rows `table` of the database at `url` holds: 0 when it has no such table yet.
    public static func count(_ table: String, in url: String) async throws -> Int {
        try await PostgresSettings(url: url).withClient(logger: PostgresStore.defaultLogger) { client in
            var exists = false
            for try await found in try await client.query("SELECT to_regclass(\(table)) IS NOT NULL").decode(Bool.self) { exists = found }
            guard exists else { return 0 }
            var count = 0
            for try await value in try await client.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)")).decode(Int64.self) {
                count = Int(value)
            }
            return count
        }
    }

    /// A schema name no test has used.
    public static func newSchema() -> String {
        "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// A temporary key file path for `schema`.
    public static func keyPath(_ schema: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ethos-\(schema).key").path
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "ETHOS_REQUIRE_POSTGRES is set but ETHOS_TEST_POSTGRES names no server (Scripts/postgres-test-cluster.sh start)" }
    }
}
