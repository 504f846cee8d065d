import EthosCore
import EthosRecording
@testable import EthosPostgres
import EthosTestSupport
import Foundation
import PostgresNIO
import Testing

/// What is PostgreSQL's own: its migrations, and its anonymity key kept outside the database.
/// The store contract itself is tested on every backend (StoreContractTests, StoreTests).
@Suite("PostgreSQL store", .enabled(if: PostgresServer.enabled))
struct PostgresStoreTests {
    @Test("servers opening a new database at once take turns: one migrates and makes the key, the others find both")
    func concurrentOpening() async throws {
        let schema = PostgresServer.newSchema(), key = PostgresServer.keyPath(schema)
        defer { try? FileManager.default.removeItem(atPath: key) }
        let checks = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<4 {
                group.addTask { try await PostgresStore.open(PostgresServer.settings(), keyPath: key, schema: schema).anonymityKey.check }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(checks.count == 1, "one key")
        let store = try await PostgresStore.open(PostgresServer.settings(), keyPath: key, schema: schema)
        let applied = try await store.all("SELECT name FROM ethos_migrations ORDER BY name", as: String.self)
        #expect(applied == PostgresMigrations.files.map(\.name), "each migration once, in order")
        let permissions = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test("a keyed database refuses a missing or another key, and a reading command refuses a database Ethos never set up")
    func keys() async throws {
        let schema = PostgresServer.newSchema(), key = PostgresServer.keyPath(schema)
        defer { try? FileManager.default.removeItem(atPath: key) }
        await #expect(throws: StoreError.self) {
            try await PostgresStore.open(PostgresServer.settings(), keyPath: key, schema: schema, requireSchema: true)
        }
        #expect(!FileManager.default.fileExists(atPath: key), "refusing makes no key")
        _ = try await PostgresStore.open(PostgresServer.settings(), keyPath: key, schema: schema)
        let other = PostgresServer.keyPath(PostgresServer.newSchema())
        defer { try? FileManager.default.removeItem(atPath: other) }
        try AnonymityKey.random().fileContents.write(to: URL(fileURLWithPath: other))
        await #expect(throws: StoreError("The anonymity key '\(other)' does not belong to this database; restore the matching key, or point ETHOS_ANONYMITY_KEY_FILE at it.")) {
            try await PostgresStore.open(PostgresServer.settings(), keyPath: other, schema: schema)
        }
        let missing = key + ".gone"
        await #expect(throws: StoreError("The anonymity key '\(missing)' is missing, but the database was made with one; point "
                                         + "ETHOS_ANONYMITY_KEY_FILE at it, or restore it from the same backup as the database.")) {
            try await PostgresStore.open(PostgresServer.settings(), keyPath: missing, schema: schema)
        }
        #expect(!FileManager.default.fileExists(atPath: missing), "no empty key file is left behind")
        _ = try await PostgresStore.open(PostgresServer.settings(), keyPath: key, schema: schema, requireSchema: true)
    }

    @Test("a database migrated by a newer Ethos is refused, not changed")
    func newerSchema() async throws {
        let store = try await PostgresServer.store()
        try await store.execute("INSERT INTO ethos_migrations (name) VALUES ('9999_from_the_future')")
        let schema = try #require(try await store.one("SELECT current_schema()", as: String.self))
        await #expect(throws: StoreError.self) {
            try await PostgresStore.open(PostgresServer.settings(), keyPath: PostgresServer.keyPath(schema), schema: schema)
        }
    }

    @Test("a batch's columns that may be NULL are bound as arrays with NULLs")
    func nullableArrays() async throws {
        let store = try await PostgresServer.store()
        let rows = try await store.all("""
            SELECT a, b FROM unnest(\(NullableArray(["x", nil, "z"]))::text[], \(NullableArray([Int32(1), nil, nil]))::int[]) AS u(a, b)
            """, as: (String?, Int32?).self)
        #expect(rows.map(\.0) == ["x", nil, "z"])
        #expect(rows.map(\.1) == [1, nil, nil])
        #expect(try await store.one("SELECT cardinality(\(NullableArray([String?]())))::int", as: Int32.self) == 0)
    }
}
