import EthosCore
@testable import EthosStore
import EthosTestSupport
import Foundation
import GRDB
import Testing

@Suite("Evidence compression")
struct EvidenceCompressionTests {
    let scorer = try! Scorer(principles: storePrinciples)

    /// Generated records with texts that give several plugins something to say.
    static func records(_ count: Int, seed: UInt64, offset: Int = 0) -> [EthosCore.Record] {
        let phrases = ["She learned Swift in a month and paired with two juniors.", "He refused feedback on the open source release.",
                       "They wrote the migration guide and shared it with the whole company.", "Thanks for the great review!"]
        return HistoryIndexTests.records(count, seed: seed).enumerated().map { index, record in
            var record = record
            record.id = "e\(index + offset)"
            record.text = "\(phrases[index % phrases.count]) Record \(index + offset)."
            record.anonymous = false
            return record
        }
    }

    func record(_ records: [EthosCore.Record], into store: SQLiteStore, batch size: Int) throws {
        let recorder = Recorder(store: store, scorer: scorer, now: date("2026-11-26")!)
        for start in stride(from: 0, to: records.count, by: size) {
            let outcomes = try recorder.record(Array(records[start..<min(records.count, start + size)]), createPeople: true)
            #expect(outcomes.allSatisfy { if case .stored = $0 { true } else { false } })
        }
    }

    /// How the rows of `record_evidence` are stored: as JSON text, compressed (a BLOB naming a
    /// dictionary), and anything else; and the number of dictionaries.
    func rows(_ store: SQLiteStore) throws -> (json: Int, compressed: Int, other: Int, dictionaries: Int) {
        try store.writer.read { db in
            let json = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record_evidence WHERE dictionary IS NULL AND typeof(items) = 'text'") ?? 0
            let compressed = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM record_evidence WHERE typeof(items) = 'blob'
                    AND dictionary IN (SELECT id FROM evidence_dictionaries)
                """) ?? 0
            let all = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record_evidence") ?? 0
            let dictionaries = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM evidence_dictionaries") ?? 0
            return (json, compressed, all - json - compressed, dictionaries)
        }
    }

    /// Each record's scores with their evidence, by id.
    func scores(_ store: SQLiteStore, _ ids: [String]) throws -> [String: [StoredScore]] {
        Dictionary(uniqueKeysWithValues: try ids.map { ($0, try store.scores(of: $0)) })
    }

    @Test("evidence is JSON until the database has enough to train a dictionary on, then compressed with it, and reads back the same")
    func compressedOnceTrained() throws {
        let records = Self.records(400, seed: 5)
        let ids = records.compactMap(\.id)
        let plain = try SQLiteStore(evidenceSamples: 1_000_000)
        try record(records, into: plain, batch: 100)
        let plainRows = try rows(plain)
        let withEvidence = plainRows.json  // records whose plugins found nothing to say have no row
        #expect(plainRows == (withEvidence, 0, 0, 0) && withEvidence > 300, "never enough samples: all JSON; \(plainRows)")

        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path, historyLimit: SQLiteStore.historyIndexLimit, evidenceSamples: 50)
        try record(records, into: store, batch: 100)
        let stored = try rows(store)
        // The first 50 rows written are the samples; rows scored before the dictionary was ready
        // are JSON too, and every later batch is compressed.
        #expect(stored.json >= 50 && stored.json <= 100 && stored.compressed == withEvidence - stored.json && stored.other == 0, "\(stored)")
        #expect(stored.dictionaries == 1)
        let expected = try scores(plain, ids)
        #expect(try scores(store, ids) == expected, "every piece of evidence reads back exactly")
        #expect(expected.values.filter { $0.contains { !$0.evidence.isEmpty } }.count == withEvidence)

        // The compressed rows are far smaller than the JSON they hold.
        let sizes = try store.writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT AVG(CASE WHEN dictionary IS NULL THEN length(CAST(items AS BLOB)) END), AVG(CASE WHEN dictionary IS NOT NULL THEN length(items) END)
                FROM record_evidence
                """)
        }
        let json: Double = try #require(sizes)[0], compressed: Double = try #require(sizes)[1]
        #expect(compressed < json / 3, "\(compressed) bytes a row compressed, \(json) as JSON")

        // Opened again, the store compresses with the dictionary it has rather than training another.
        let reopened = try SQLiteStore(path: path, historyLimit: SQLiteStore.historyIndexLimit, evidenceSamples: 50)
        let more = Self.records(60, seed: 6, offset: 400)
        try record(more, into: reopened, batch: 60)
        try record(more, into: plain, batch: 60)
        let added = try rows(plain).json - withEvidence
        #expect(try rows(reopened) == (stored.json, stored.compressed + added, 0, 1))
        #expect(try scores(reopened, more.compactMap(\.id)) == scores(plain, more.compactMap(\.id)))
    }

    @Test("a database holding enough JSON evidence and no dictionary trains one on its stored rows when it next writes")
    func trainsOnStoredRows() throws {
        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let records = Self.records(120, seed: 7)
        try record(records, into: try SQLiteStore(path: path, historyLimit: SQLiteStore.historyIndexLimit, evidenceSamples: 1_000_000), batch: 120)
        let store = try SQLiteStore(path: path, historyLimit: SQLiteStore.historyIndexLimit, evidenceSamples: 100)
        let before = try rows(store)
        #expect(before.json >= 100 && before.compressed == 0 && before.dictionaries == 0, "\(before)")
        // One record at a time, as `ethos record` stores them.
        let more = Self.records(3, seed: 8, offset: 120)
        try record(more, into: store, batch: 1)
        let after = try rows(store)
        #expect(after == (before.json, 3, 0, 1), "\(after)")
        #expect(try store.scores(of: "e121").contains { !$0.evidence.isEmpty })
    }

    @Test("a dictionary first written in a transaction that rolls back is written again with the next")
    func rolledBackDictionary() throws {
        // Records one at a time until the 20th row of evidence, the last sample, is written:
        // the dictionary is trained then, and nothing is compressed with it yet.
        let store = try SQLiteStore(evidenceSamples: 20)
        for record in Self.records(40, seed: 9) where try rows(store).json < 20 {
            try self.record([record], into: store, batch: 1)
        }
        let before = try rows(store)
        #expect(before == (20, 0, 0, 0), "\(before)")
        // The batch's last record fails to write, after compressed evidence and its dictionary were.
        try store.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON records WHEN NEW.id = 'e99' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        let failing = Self.records(60, seed: 10, offset: 40)
        #expect(throws: DatabaseError.self) { try record(failing, into: store, batch: 60) }
        let failed = try rows(store)
        #expect(failed == before, "\(failed)")
        try store.writer.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
        try record(failing, into: store, batch: 60)
        let after = try rows(store)
        #expect(after.json == before.json && after.compressed > 40 && after.other == 0 && after.dictionaries == 1, "\(after)")
        #expect(try store.scores(of: "e99").contains { !$0.evidence.isEmpty })
    }

    @Test("a damaged row reads as no evidence; a frame larger than the limit is refused without allocating it")
    func hostileRows() throws {
        let store = try SQLiteStore(evidenceSamples: 10)
        try record(Self.records(30, seed: 11), into: store, batch: 15)
        let damaged = try store.writer.write { db -> String in
            let (record, id) = try #require(try Row.fetchOne(db, sql: """
                SELECT e.record, r.id FROM record_evidence e JOIN records r ON r.seq = e.record WHERE e.dictionary IS NOT NULL LIMIT 1
                """).map { ($0[0] as Int64, $0[1] as String) })
            try db.execute(sql: "UPDATE record_evidence SET items = x'28b52ffd00ff' WHERE record = ?", arguments: [record])
            return id
        }
        let scores = try store.scores(of: damaged)
        #expect(!scores.isEmpty && scores.allSatisfy(\.evidence.isEmpty))

        let dictionary = try #require(EvidenceDictionary.train(on: [Array("{\"a\":[1,2]}".utf8), Array("{\"b\":[3]}".utf8)]))
        let zeros = [UInt8](repeating: 0, count: 3 << 20)
        let frame = try #require(dictionary.compress(zeros, contexts: CompressionContexts()))
        #expect(frame.count < 1_000)
        #expect(frame.withUnsafeBytes { dictionary.decompress($0, limit: 2 << 20) } == nil)
        #expect(frame.withUnsafeBytes { dictionary.decompress($0, limit: 4 << 20) } == zeros)
        #expect(frame.dropLast(1).withUnsafeBytes { dictionary.decompress(UnsafeRawBufferPointer($0), limit: 4 << 20) } == nil)
    }
}
