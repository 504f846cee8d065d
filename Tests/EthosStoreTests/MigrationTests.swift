import EthosCore
@testable import EthosStore
import EthosTestSupport
import Foundation
import GRDB
import Testing

@Suite("Store migrations")
struct MigrationTests {
    @Test("a database made before traces were recomputed is upgraded in place: its records stay, its trace table goes")
    func upgradesVersionOne() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        // Given a database at the first schema, with a record and its stored trace
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v1")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO people (handle) VALUES ('ana'), ('ravi');
                    INSERT INTO records (id, content_hash, kind, author, subject, date, text, visibility, anonymous, recorded_at)
                    VALUES ('old-1', 'h', 'feedback', 'ana', 'ravi', 1790000000, 'Ravi learned Swift.', 'public', 0, 1790000000);
                    INSERT INTO rule_traces VALUES (1, 'growth', 'first-contact', 'fired', 'facts read: …');
                    """)
            }
        }
        // When Ethos opens it
        let store = try SQLiteStore(path: path)
        // Then the record is still there and can be explained, and the trace table is gone
        #expect(try store.record(id: "old-1")?.text == "Ravi learned Swift.")
        let recorder = Recorder(store: store, scorer: try Scorer(principles: storePrinciples), now: date("2026-11-26")!)
        #expect(try recorder.explain(id: "old-1")?.rules.first?.status == .fired)
        let tables = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(tables.contains("records"))
        #expect(!tables.contains("rule_traces"))
    }
}
