public import EthosCore
public import EthosRecording
internal import Foundation
internal import EthosStoreSupport
internal import GRDB

// MARK: Writing records

extension SQLiteStore {
    public func duplicates(ids: Set<String>, contentHashes: Set<String>) async throws -> StoredDuplicates {
        try reading { db in
            var found = StoredDuplicates()
            if !ids.isEmpty {
                found.ids = try Set(String.fetchAll(db.cachedStatement(sql: "SELECT id FROM records WHERE id IN (SELECT value FROM json_each(?))"),
                                                    arguments: [JSONText.array(ids.sorted())]))
            }
            if !contentHashes.isEmpty {
                let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                    SELECT content_hash, id FROM records WHERE substr(content_hash, 1, 16) IN (SELECT substr(value, 1, 16) FROM json_each(?))
                    """), arguments: [JSONText.array(contentHashes.sorted())])
                while let row = try rows.next() {
                    let hash: String = row[0]
                    if contentHashes.contains(hash) { found.contentHashes[hash] = row[1] }
                }
            }
            return found
        }
    }

    public func history(involving people: Set<String>?, after: Int64) async throws -> [HistoryEntry] {
        try reading { db in
            var sql = "SELECT seq, author, subject, date, kind FROM records WHERE seq > ? AND author IS NOT NULL"
            var arguments: StatementArguments = [after]
            if let people {
                let handles = JSONText.array(people.sorted())
                sql += """
                     AND (author IN (SELECT value FROM json_each(?)) OR (subject IN (SELECT value FROM json_each(?)) AND kind = 'mentoring'))
                    """
                arguments += [handles, handles]
            }
            return try Self.historyEntries(Row.fetchCursor(db, sql: sql, arguments: arguments))
        }
    }

    /// History entries from rows of (seq, author, subject, date, kind).
    private static func historyEntries(_ rows: RowCursor) throws -> [HistoryEntry] {
        var entries: [HistoryEntry] = []
        while let row = try rows.next() {
            entries.append(HistoryEntry(author: row[1], subject: row[2], position: HistoryPosition(date: row[3], key: row[0]),
                                        kind: row[4] == RecordKind.mentoring.rawValue ? .mentoring : .feedback))
        }
        return entries
    }

    public func history(for needs: [HistoryNeed]) async throws -> [HistoryEntry] {
        guard !needs.isEmpty else { return [] }
        let list = "[" + needs.map { "[\(ValueText.jsonString($0.author)),\(ValueText.jsonString($0.subject)),\($0.since)]" }
            .joined(separator: ",") + "]"
        // One branch per kind of need, each answered from the author or subject index alone
        // (both hold every column read here); UNION drops a row more than one branch finds.
        let columns = "r.seq, r.author, r.subject, r.date, r.kind FROM json_each(?) n JOIN records r"
        let author = "json_extract(n.value, '$[0]')", subject = "json_extract(n.value, '$[1]')"
        return try readingOne { db in
            try Self.historyEntries(Row.fetchCursor(db.cachedStatement(sql: """
                SELECT \(columns) ON r.author = \(author) AND r.subject = \(subject)
                UNION SELECT \(columns) ON r.author = \(subject) AND r.subject = \(author)
                UNION SELECT \(columns) ON r.author = \(author) AND r.date >= json_extract(n.value, '$[2]')
                UNION SELECT \(columns) ON r.subject = \(author) AND r.kind = 'mentoring' AND r.author IS NOT NULL AND r.date = (
                    SELECT m.date FROM records m WHERE m.subject = \(author) AND m.kind = 'mentoring' AND m.author IS NOT NULL ORDER BY m.date LIMIT 1)
                """), arguments: [list, list, list, list]))
        }
    }

    public func write(_ batch: RecordBatch) async throws -> [Int64?] {
        // Evidence and verdict summaries are encoded on every core before the transaction: the
        // writer is the one thread every record waits for.
        let encoded = EncodedScores.encode(batch.records.map(\.scores))
        return try writing { db in
            for handle in batch.newPeople {
                try db.cachedStatement(sql: "INSERT INTO people (handle) VALUES (?) ON CONFLICT (handle) DO NOTHING").execute(arguments: [handle])
            }
            var scores = try ScoreWriter(stamp: batch.stamp, db)
            // Only a taken id is skipped: every other constraint a row breaks fails the batch.
            let insert = try db.cachedStatement(sql: """
                INSERT INTO records (id, content_hash, kind, author, anonymous_author_key, subject, date, date_nanos, text, minutes,
                                     principles, tags, visibility, anonymous, recorded_at, verdict_layout, verdicts, language_supported)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING
                """)
            return try zip(batch.records, encoded).map { item, encoded in
                let record = item.record, identity = item.identity
                let layout = try scores.layout(of: item.scores, db)
                try insert.execute(arguments: [
                    identity.id, identity.contentHash, record.kind.rawValue, record.anonymous ? nil : record.from, identity.anonymousKey,
                    record.to, identity.date.seconds, Int64(identity.date.nanoseconds), record.text, record.minutes,
                    JSONText.array(record.principles), JSONText.array(record.tags), record.visibility.rawValue, record.anonymous,
                    batch.recordedAt.seconds, layout, encoded.verdicts, item.languageSupported,
                ])
                guard db.changesCount > 0 else { return nil }
                let key = db.lastInsertedRowID
                try scores.write(item.scores, encoded: encoded, record: key, db)
                return key
            }
        }
    }
}

// MARK: Rescoring

extension SQLiteStore {
    public func recordsToRescore(staleAgainst stamp: ScoringStamp?, after: Int64, limit: Int) async throws -> [KeyedRecord] {
        try reading { db in
            var sql = "SELECT \(Self.recordColumns) FROM records r WHERE seq > ?"
            var arguments: StatementArguments = [after]
            if let stamp {
                sql += " AND NOT EXISTS (\(Self.scoredWith))"
                arguments += [stamp.principlesHash]
            }
            sql += " ORDER BY seq LIMIT ?"
            arguments += [limit]
            return try Self.keyedRecords(db.makeStatement(sql: sql), arguments: arguments)
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
        let encoded = EncodedScores.encode(scores.map(\.scores))
        try writing { db in
            var writer = try ScoreWriter(stamp: stamp, db)
            for ((key, principles), encoded) in zip(scores, encoded) {
                for table in ["scores", "record_evidence"] {
                    try db.cachedStatement(sql: "DELETE FROM \(table) WHERE record = ?").execute(arguments: [key])
                }
                try writer.write(principles, encoded: encoded, record: key, db)
                try db.cachedStatement(sql: "UPDATE records SET verdict_layout = ?, verdicts = ? WHERE seq = ?")
                    .execute(arguments: [try writer.layout(of: principles, db), encoded.verdicts, key])
            }
        }
    }
}

/// Writes records' scores and evidence, and makes their verdict summaries, within one transaction.
private struct ScoreWriter {
    let scoring: Int64
    /// Verdict layouts by their principles' ids joined with U+001F.
    var layouts: [String: Int64] = [:]

    /// Looked up once a transaction, not once a row: GRDB's statement cache hashes a statement's
    /// text on every lookup. Kept between transactions: compiling each statement of a write anew
    /// (GRDB's authorizer is called for every column) was a quarter of storing one record
    /// through the API.
    let insertScore: Statement
    let insertEvidence: Statement

    init(stamp: ScoringStamp, _ db: Database) throws {
        insertScore = try db.cachedStatement(sql: """
            INSERT INTO scores (record, principle, position, verdict, alignment, relevance, scoring) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        insertEvidence = try db.cachedStatement(sql: "INSERT INTO record_evidence (record, items) VALUES (?, ?)")
        try db.cachedStatement(sql: "INSERT INTO scorings (principles_hash, plugin_versions) VALUES (?, ?) ON CONFLICT DO NOTHING")
            .execute(arguments: [stamp.principlesHash, stamp.pluginVersions])
        scoring = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM scorings WHERE principles_hash = ? AND plugin_versions = ?"),
                                     arguments: [stamp.principlesHash, stamp.pluginVersions]) ?? 0
    }

    mutating func write(_ scores: [PrincipleScore], encoded: EncodedScores, record key: Int64, _ db: Database) throws {
        for (position, score) in scores.enumerated() {
            try insertScore.execute(arguments: [key, score.principle, position, score.verdict.rawValue, score.alignment, score.relevance, scoring])
        }
        if let evidence = encoded.evidence {
            try insertEvidence.execute(arguments: [key, evidence])
        }
    }

    /// The verdict layout of `scores`' principles, added when new.
    mutating func layout(of scores: [PrincipleScore], _ db: Database) throws -> Int64 {
        let layoutKey = scores.map(\.principle).joined(separator: "\u{1F}")
        if let layout = layouts[layoutKey] { return layout }
        let layout = try VerdictSummary.layout(scores.map(\.principle), db: db)
        layouts[layoutKey] = layout
        return layout
    }
}

/// A record's evidence as JSON and its verdict summary, as their columns store them.
private struct EncodedScores: Sendable {
    var evidence: String?
    var verdicts: Data

    init(_ scores: [PrincipleScore]) {
        evidence = scores.contains { !$0.evidence.isEmpty }
            ? String(decoding: EvidenceJSON.encode(scores.map { ($0.principle, $0.evidence) }), as: UTF8.self) : nil
        verdicts = Data(VerdictSummary.encode(scores.map { ($0.verdict, $0.alignment) }))
    }

    /// Each record's scores encoded, on every core.
    static func encode(_ scores: [[PrincipleScore]]) -> [EncodedScores] {
        // Foundation reads the cgroup's CPU files to count cores: not for a batch of one.
        let parts = scores.count < 512 ? 1 : min(ProcessInfo.processInfo.activeProcessorCount, scores.count / 256)
        return concurrentParts(parts) { part in
            scores[scores.count * part / parts..<scores.count * (part + 1) / parts].map(EncodedScores.init)
        }.flatMap { $0 }
    }

}
