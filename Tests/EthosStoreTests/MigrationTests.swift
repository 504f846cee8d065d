import EthosCore
@testable import EthosStore
import EthosTestSupport
import Foundation
import GRDB
import Testing

@Suite("Store migrations")
struct MigrationTests {
    @Test("a first-version database is upgraded in place: records stay, traces go, reports read the verdicts it stored")
    func upgradesVersionOne() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        // Given a database at the first schema, with records, their scores and a stored trace
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v1")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO people (handle) VALUES ('ana'), ('ravi');
                    INSERT INTO records (id, content_hash, kind, author, subject, date, text, visibility, anonymous, recorded_at)
                    VALUES ('old-1', 'h', 'feedback', 'ana', 'ravi', 1790000000, 'Ravi learned Swift.', 'public', 0, 1790000000),
                           ('old-2', 'h2', 'feedback', 'ravi', 'ana', 1790000100, 'Thanks.', 'public', 0, 1790000100);
                    INSERT INTO scores VALUES (1, 'growth', 0, 'aligned', 0.625, 0.5, 'hash', 'v'), (1, 'community', 1, 'not-evidenced', 0, 0, 'hash', 'v');
                    INSERT INTO rule_traces VALUES (1, 'growth', 'first-contact', 'fired', 'facts read: …');
                    INSERT INTO evidence VALUES
                        (1, 'growth', 1, 'sentiment', 0.4, 1, 'The tone is positive.', NULL, 1, '[]'),
                        (1, 'growth', 0, 'keywords', 0.5, 0.8, 'Mentions “learned”.', NULL, 0, '[{"start":5,"end":12,"text":"learned"}]'),
                        (1, 'community', 0, 'rules', 0.25, 1, 'A first contact.', 'first-contact', 0, '[]');
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
        // And its evidence moved to one row per record, each principle's in its order
        #expect(!tables.contains("evidence"))
        let scores = try store.scores(of: "old-1")
        #expect(scores.map(\.principle) == ["growth", "community"])
        #expect(scores.map(\.principlesHash) == ["hash", "hash"], "each score keeps what it was made with")
        #expect(scores.map(\.pluginVersions) == ["v", "v"])
        #expect(try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scorings") } == 1)
        #expect(scores[0].evidence == [
            Evidence(principle: "growth", plugin: "keywords", strength: 0.5, confidence: 0.8, reason: "Mentions “learned”.",
                     spans: [TextSpan(start: 5, end: 12, text: "learned")]),
            Evidence(principle: nil, plugin: "sentiment", strength: 0.4, confidence: 1, reason: "The tone is positive."),
        ])
        #expect(scores[1].evidence == [Evidence(principle: "community", plugin: "rules", strength: 0.25, confidence: 1,
                                                reason: "A first contact.", rule: "first-contact")])
        #expect(try store.scores(of: "old-2").isEmpty)
        // And a report reads each record's stored verdicts from the summary the upgrade made
        var rows: [ReportRow] = []
        try store.forEachReportRow(from: 0, to: 2_000_000_000, principles: ["community", "growth", "other"], involving: nil) { rows.append($0) }
        #expect(rows.map(\.key) == [1, 2])
        #expect(rows[0].verdicts == [.none, PrincipleVerdict(verdict: .aligned, alignment: 0.625), .none])
        #expect(rows[1].verdicts == [.none, .none, .none], "a record stored without scores reads as not evidenced")
    }

    @Test("v5 changes the visibility check in place: rows stay, the check still holds, and an insert builds no temporary index")
    func visibilityCheckWithoutTemporaryIndex() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v4.sqlite").path
        // Given a database at v4 with a record of each visibility
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v4")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO people (handle) VALUES ('ana'), ('ravi')")
                for (index, visibility) in Visibility.allCases.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO records (id, content_hash, kind, author, subject, date, text, visibility, anonymous, recorded_at)
                        VALUES (?, ?, 'feedback', 'ana', 'ravi', 1790000000, 'Thanks.', ?, 0, 1790000000)
                        """, arguments: ["old-\(index)", "h\(index)", visibility.rawValue])
                }
            }
        }
        // When Ethos opens it
        let store = try SQLiteStore(path: path)
        try store.writer.write { db in
            // Then the rows are there, the database is sound, and the definition holds the new test
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM records") == Visibility.allCases.count)
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 'records'") ?? ""
            #expect(definition.contains(Migrations.visibilityCheck))
            #expect(!definition.contains(Migrations.visibilityCheckV1))
            // And it still admits every visibility Ethos knows, and nothing else
            func insert(_ visibility: String, _ id: String) throws {
                try db.execute(sql: """
                    INSERT INTO records (id, content_hash, kind, author, subject, date, text, visibility, anonymous, recorded_at)
                    VALUES (?, ?, 'feedback', 'ana', 'ravi', 1790000000, 'Thanks.', ?, 0, 1790000000)
                    """, arguments: [id, id, visibility])
            }
            for visibility in Visibility.allCases { try insert(visibility.rawValue, "new-\(visibility.rawValue)") }
            for wrong in ["everyone", "Public", ""] {
                #expect(throws: DatabaseError.self) { try insert(wrong, "wrong-\(wrong)") }
            }
            // And inserting a record opens no temporary table (the list test built one a row)
            let program = try Row.fetchAll(db, sql: """
                EXPLAIN INSERT INTO records (id, content_hash, kind, author, subject, date, text, visibility, anonymous, recorded_at)
                VALUES ('x', 'x', 'feedback', 'ana', 'ravi', 1, 'x', 'public', 0, 1)
                """).map { $0["opcode"] as String }
            #expect(program.contains("Insert"))
            #expect(!program.contains("OpenEphemeral"))
        }
    }

    @Test("changing a definition in place refuses text it does not find exactly once")
    func schemaEditNeedsOneMatch() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        try queue.write { db in
            #expect(throws: DatabaseError.self) { try Migrations.replaceInSchema(of: "records", "CHECK (nothing)", with: "CHECK (1)", db) }
            #expect(throws: DatabaseError.self) { try Migrations.replaceInSchema(of: "no_such_table", "x", with: "y", db) }
        }
    }

    @Test("the queries the narrowed indexes serve still use them: an anonymous author's history, a verdict filter")
    func narrowedIndexesStillServe() throws {
        let store = try SQLiteStore()
        let plan = { (sql: String) in try queryPlan(store, sql) }
        // The history facts' queries for an anonymous author (SQLiteStore.storedHistory), as a
        // bound key implies it is not null, which the partial index holds to
        #expect(try plan("""
            SELECT EXISTS (SELECT 1 FROM records WHERE anonymous_author_key = ? AND subject = ? AND date <= ? AND seq != ? AND seq <= ?)
            """).contains { $0.contains("INDEX records_anonymous_author_date_subject") })
        #expect(try plan("""
            SELECT COUNT(DISTINCT subject) FROM records WHERE anonymous_author_key = ? AND date >= ? AND date <= ? AND seq != ? AND seq <= ?
            """).contains { $0.contains("COVERING INDEX records_anonymous_author_date_subject") })
        // `records list --principle … --verdict …` reads each record's scores by the scores' key
        #expect(try plan("""
            SELECT * FROM records WHERE EXISTS (SELECT 1 FROM scores s WHERE s.record = records.seq AND s.principle = ? AND s.verdict = ?)
            ORDER BY date DESC, seq DESC
            """).contains { $0.contains("SEARCH s USING PRIMARY KEY") })
    }

    @Test("v6's indexes serve the queries of the two that went: duplicates by content, records by date")
    func v6IndexesServe() throws {
        let store = try SQLiteStore()
        let plan = { (sql: String) in try queryPlan(store, sql) }
        #expect(try plan("SELECT id FROM records WHERE \(SQLiteStore.sameContent)") == ["SEARCH records USING INDEX records_content_hash (<expr>=?)"])
        let either = try plan("SELECT id FROM records WHERE (\(SQLiteStore.sameContent)) OR id = ?")
        #expect(either.contains("SEARCH records USING INDEX records_content_hash (<expr>=?)")
            && either.contains("SEARCH records USING INDEX sqlite_autoindex_records_1 (id=?)"), "\(either)")
        // `records list` over a period, newest first, and the report's reads of earlier records
        #expect(try plan("SELECT * FROM records WHERE date >= ? AND date < ? ORDER BY date DESC, seq DESC")
            == ["SEARCH records USING INDEX records_report (date>? AND date<?)"])
        #expect(try plan("SELECT author, subject FROM records WHERE date < ? AND author IS NOT NULL")
            == ["SEARCH records USING COVERING INDEX records_report (date<?)"])
        let names = try store.writer.read { db in try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'") }
        #expect(!names.contains("records_date"))
    }
}
