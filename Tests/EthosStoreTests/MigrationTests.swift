import EthosCore
import EthosRecording
@testable import EthosStore
import EthosTestSupport
import Foundation
import GRDB
import Testing

@Suite("Schema")
struct MigrationTests {
    @Test("the schema is the numbered SQL files, applied once each, in order")
    func sqlFiles() throws {
        let names = ["0001_initial", "0002_unlinkable_anonymous_keys", "0003_language_supported", "0004_accounts", "0005_directory_revision", "0006_covering_history_indexes", "0007_scores_revision",
                     "0008_scores_revision_on_every_rescore", "0009_author_date_index"]
        #expect(Migrations.files.map(\.name) == names)
        #expect(Migrations.files.map(\.name) == Migrations.files.map(\.name).sorted())
        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try SQLiteStore(path: path)
        let store = try SQLiteStore(path: path)  // reopened: nothing applied twice
        let applied = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == names)
        let tables = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
        }
        #expect(tables == ["accounts", "api_tokens", "directory_revision", "feedback_requests", "invitations", "meta", "people", "record_evidence", "records",
                           "scores", "scores_revision", "scorings", "sessions", "verdict_layouts"])
    }

    @Test("a database from a development build before the first schema is refused with what to do, and left as it was")
    func developmentSchema() throws {
        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('v1');")
        }
        try queue.close()
        #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
        let after = try DatabaseQueue(path: path)
        #expect(try after.read { db in try db.tableExists("records") } == false)
    }

    @Test("the queries of the pipeline and of listings use the indexes: duplicates, history, a person's records")
    func queryPlans() throws {
        let store = try SQLiteStore()
        let plans = [
            try queryPlan(store, "SELECT content_hash, id FROM records WHERE substr(content_hash, 1, 16) IN (SELECT substr(value, 1, 16) FROM json_each(?))"),
            try queryPlan(store, """
                SELECT seq FROM records WHERE seq > ? AND author IS NOT NULL
                    AND (author IN (SELECT value FROM json_each(?)) OR (subject IN (SELECT value FROM json_each(?)) AND kind = 'mentoring'))
                """),
            try queryPlan(store, "SELECT * FROM records WHERE subject = ? ORDER BY date DESC, seq DESC"),
        ]
        for plan in plans {
            #expect(!plan.contains { $0.hasPrefix("SCAN records") }, "\(plan)")
        }
        // A person's records given come in date order, not sorted from all of them; the ones
        // in a new record's 30-day window are read from the index alone.
        let given = try queryPlan(store, "SELECT * FROM records WHERE author = ? ORDER BY date DESC, seq DESC LIMIT 20")
        #expect(given.contains { $0.contains("records_author_date") } && !given.contains("USE TEMP B-TREE FOR ORDER BY"), "\(given)")
        let window = try queryPlan(store, "SELECT seq, author, subject, date, kind FROM records WHERE author = ? AND date >= ?")
        #expect(window.contains { $0.contains("COVERING INDEX records_author_date") }, "\(window)")
    }

    @Test("records are marked when their text is in a language Ethos does not read, and upgrading marks those stored before")
    func languageUpgrade() async throws {
        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path)
        try await store.upsert([Person(handle: "ana"), Person(handle: "ben")])
        let recorder = Recorder(store: store, scorer: try Scorer(principles: PrincipleSet([]), factories: []), now: FactTimestamp(seconds: 1_800_000_000)!)
        let texts = ["Ben rewrote the parser after the review and thanked everyone.",
                     "Ben hat den Parser nach dem Review neu geschrieben und sich bei allen bedankt."]
        _ = try await recorder.record(texts.map { Record(kind: .feedback, from: "ana", to: "ben", text: $0) }, createPeople: false)
        // Ordered by text: the German one first.
        func flags(_ store: SQLiteStore) async throws -> [Int] {
            try await store.writer.read { db in try Int.fetchAll(db, sql: "SELECT language_supported FROM records ORDER BY text") }
        }
        #expect(try await flags(store) == [0, 1])
        // As a database written before 0003: no such column, the old covering index.
        try await store.writer.write { db in
            try db.execute(sql: """
                DROP INDEX records_report;
                ALTER TABLE records DROP COLUMN language_supported;
                CREATE INDEX records_report ON records(date, seq, kind, author, subject, minutes, visibility, anonymous, verdict_layout, verdicts);
                DELETE FROM grdb_migrations WHERE identifier = '0003_language_supported';
                """)
        }
        #expect(try await flags(try SQLiteStore(path: path)) == [0, 1])
    }

    @Test("upgrading replaces the one key an author's anonymous records shared with keys that link nothing")
    func unlinkableUpgrade() async throws {
        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path)
        try await store.upsert([Person(handle: "ana"), Person(handle: "ben")])
        let recorder = Recorder(store: store, scorer: try Scorer(principles: PrincipleSet([]), factories: []), now: FactTimestamp(seconds: 1_800_000_000)!)
        _ = try await recorder.record(["One.", "Two."].map { Record(kind: .feedback, from: "ana", to: "ben", text: $0, anonymous: true) },
                                      createPeople: false)
        // As a database written before 0002 stored them: one key for every record of the author.
        try await store.writer.write { db in
            try db.execute(sql: """
                UPDATE records SET anonymous_author_key = 'shared';
                CREATE INDEX records_anonymous_author ON records(anonymous_author_key, date) WHERE anonymous_author_key IS NOT NULL;
                DELETE FROM grdb_migrations WHERE identifier = '0002_unlinkable_anonymous_keys';
                """)
        }
        let upgraded = try SQLiteStore(path: path)
        let keys = try await upgraded.writer.read { db in try String.fetchAll(db, sql: "SELECT anonymous_author_key FROM records") }
        #expect(keys.count == 2 && Set(keys).count == 2 && !keys.contains("shared"))
        #expect(try await upgraded.writer.read { db in try db.indexes(on: "records").map(\.name) }.contains("records_anonymous_author") == false)
    }
}
