public import EthosCore
public import EthosRecording
internal import Foundation
internal import GRDB

// MARK: Writing records

extension SQLiteStore {
    public func duplicates(ids: Set<String>, contentHashes: Set<String>) async throws -> StoredDuplicates {
        try reading { db in
            var found = StoredDuplicates()
            if !ids.isEmpty {
                found.ids = try Set(String.fetchAll(db, sql: "SELECT id FROM records WHERE id IN (SELECT value FROM json_each(?))",
                                                    arguments: [JSONText.array(ids.sorted())]))
            }
            if !contentHashes.isEmpty {
                let rows = try Row.fetchCursor(db, sql: "SELECT content_hash, id FROM records WHERE content_hash IN (SELECT value FROM json_each(?))",
                                               arguments: [JSONText.array(contentHashes.sorted())])
                while let row = try rows.next() { found.contentHashes[row[0]] = row[1] }
            }
            return found
        }
    }

    public func history(involving people: Set<String>?, anonymousKeys: Set<String>, after: Int64) async throws -> [HistoryEntry] {
        try reading { db in
            var sql = "SELECT seq, author, anonymous_author_key, subject, date, kind FROM records WHERE seq > ?"
            var arguments: StatementArguments = [after]
            if let people {
                let handles = JSONText.array(people.sorted())
                sql += """
                     AND (author IN (SELECT value FROM json_each(?)) OR anonymous_author_key IN (SELECT value FROM json_each(?))
                          OR (subject IN (SELECT value FROM json_each(?)) AND kind = 'mentoring'))
                    """
                arguments += [handles, JSONText.array(anonymousKeys.sorted()), handles]
            }
            var entries: [HistoryEntry] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let key: String? = row[2]
                entries.append(HistoryEntry(author: key.map { .anonymous(key: $0) } ?? .handle(row[1]), subject: row[3],
                                            position: HistoryPosition(date: row[4], key: row[0]),
                                            kind: row[5] == RecordKind.mentoring.rawValue ? .mentoring : .feedback))
            }
            return entries
        }
    }

    public func write(_ batch: RecordBatch) async throws -> [Int64?] {
        try writing { db in
            for handle in batch.newPeople {
                try db.cachedStatement(sql: "INSERT INTO people (handle) VALUES (?) ON CONFLICT (handle) DO NOTHING").execute(arguments: [handle])
            }
            var scores = try ScoreWriter(stamp: batch.stamp, db)
            // Only a taken id is skipped: every other constraint a row breaks fails the batch.
            let insert = try db.cachedStatement(sql: """
                INSERT INTO records (id, content_hash, kind, author, anonymous_author_key, subject, date, date_nanos, text, minutes,
                                     principles, tags, visibility, anonymous, recorded_at, verdict_layout, verdicts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING
                """)
            return try batch.records.map { item in
                let record = item.record, identity = item.identity
                let summary = try scores.summary(of: item.scores, db)
                try insert.execute(arguments: [
                    identity.id, identity.contentHash, record.kind.rawValue, record.anonymous ? nil : record.from, identity.anonymousKey,
                    record.to, identity.date.seconds, Int64(identity.date.nanoseconds), record.text, record.minutes,
                    JSONText.array(record.principles), JSONText.array(record.tags), record.visibility.rawValue, record.anonymous,
                    batch.recordedAt.seconds, summary.layout, summary.verdicts,
                ])
                guard db.changesCount > 0 else { return nil }
                let key = db.lastInsertedRowID
                try scores.write(item.scores, record: key, db)
                return key
            }
        }
    }
}

// MARK: Rescoring

extension SQLiteStore {
    public func recordsToRescore(staleAgainst stamp: ScoringStamp?, after: Int64, limit: Int) async throws -> [KeyedRecord] {
        try reading { db in
            var sql = "SELECT * FROM records r WHERE seq > ?"
            var arguments: StatementArguments = [after]
            if let stamp {
                sql += " AND NOT EXISTS (\(Self.scoredWith))"
                arguments += [stamp.principlesHash]
            }
            sql += " ORDER BY seq LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.keyedRecord)
        }
    }

    public func staleCount(against stamp: ScoringStamp) async throws -> Int {
        try reading { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM records r WHERE NOT EXISTS (\(Self.scoredWith))", arguments: [stamp.principlesHash]) ?? 0
        }
    }

    /// A score of record `r` made with the principles hash bound.
    private static let scoredWith = "SELECT 1 FROM scores s JOIN scorings g ON g.id = s.scoring WHERE s.record = r.seq AND g.principles_hash = ?"

    public func replaceScores(_ scores: [(key: Int64, scores: [PrincipleScore])], stamp: ScoringStamp) async throws {
        try writing { db in
            var writer = try ScoreWriter(stamp: stamp, db)
            for (key, principles) in scores {
                for table in ["scores", "record_evidence"] {
                    try db.cachedStatement(sql: "DELETE FROM \(table) WHERE record = ?").execute(arguments: [key])
                }
                try writer.write(principles, record: key, db)
                let summary = try writer.summary(of: principles, db)
                try db.cachedStatement(sql: "UPDATE records SET verdict_layout = ?, verdicts = ? WHERE seq = ?")
                    .execute(arguments: [summary.layout, summary.verdicts, key])
            }
        }
    }
}

/// Writes records' scores and evidence, and makes their verdict summaries, within one transaction.
private struct ScoreWriter {
    let scoring: Int64
    /// Verdict layouts by their principles' ids joined with U+001F.
    var layouts: [String: Int64] = [:]

    init(stamp: ScoringStamp, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO scorings (principles_hash, plugin_versions) VALUES (?, ?) ON CONFLICT DO NOTHING",
                       arguments: [stamp.principlesHash, stamp.pluginVersions])
        scoring = try Int64.fetchOne(db, sql: "SELECT id FROM scorings WHERE principles_hash = ? AND plugin_versions = ?",
                                     arguments: [stamp.principlesHash, stamp.pluginVersions]) ?? 0
    }

    mutating func write(_ scores: [PrincipleScore], record key: Int64, _ db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO scores (record, principle, position, verdict, alignment, relevance, scoring) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, score) in scores.enumerated() {
            try insert.execute(arguments: [key, score.principle, position, score.verdict.rawValue, score.alignment, score.relevance, scoring])
        }
        if scores.contains(where: { !$0.evidence.isEmpty }) {
            let json = EvidenceJSON.encode(scores.map { ($0.principle, $0.evidence) })
            try db.cachedStatement(sql: "INSERT INTO record_evidence (record, items) VALUES (?, ?)")
                .execute(arguments: [key, String(decoding: json, as: UTF8.self)])
        }
    }

    /// The verdict summary of `scores` (the records row's copy that reports read), and its layout.
    mutating func summary(of scores: [PrincipleScore], _ db: Database) throws -> (layout: Int64, verdicts: Data) {
        let layoutKey = scores.map(\.principle).joined(separator: "\u{1F}")
        let layout = try layouts[layoutKey] ?? VerdictSummary.layout(scores.map(\.principle), db: db)
        layouts[layoutKey] = layout
        return (layout, Data(VerdictSummary.encode(scores.map { ($0.verdict, $0.alignment) })))
    }
}
