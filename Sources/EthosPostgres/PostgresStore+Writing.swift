public import EthosCore
public import EthosRecording
internal import EthosStoreSupport
internal import Foundation
internal import Logging
internal import PostgresNIO

// MARK: Writing records

extension PostgresStore {
    public func duplicates(ids: Set<String>, contentHashes: Set<String>) async throws -> StoredDuplicates {
        var found = StoredDuplicates()
        if !ids.isEmpty {
            for try await id in try await query("SELECT id FROM records WHERE id = ANY(\(ids.sorted()))").decode(String.self) {
                found.ids.insert(id)
            }
        }
        if !contentHashes.isEmpty {
            for try await (hash, id) in try await query("SELECT content_hash, id FROM records WHERE content_hash = ANY(\(contentHashes.sorted()))")
                .decode((String, String).self) {
                found.contentHashes[hash] = id
            }
        }
        return found
    }

    public func history(involving people: Set<String>?, after: Int64) async throws -> [HistoryEntry] {
        if let people {
            let handles = people.sorted()
            return try await historyEntries("""
                SELECT seq, author, subject, date, kind FROM records WHERE seq > \(after) AND author IS NOT NULL
                AND (author = ANY(\(handles)) OR (subject = ANY(\(handles)) AND kind = 'mentoring'))
                """)
        }
        return try await historyEntries("SELECT seq, author, subject, date, kind FROM records WHERE seq > \(after) AND author IS NOT NULL")
    }

    public func history(for needs: [HistoryNeed]) async throws -> [HistoryEntry] {
        guard !needs.isEmpty else { return [] }
        // One branch per kind of need, each answered from the author or subject index; UNION
        // drops a row more than one branch finds.
        let columns = "r.seq, r.author, r.subject, r.date, r.kind FROM n JOIN records r"
        return try await historyEntries("""
            WITH n AS (SELECT * FROM unnest(\(needs.map(\.author))::text[], \(needs.map(\.subject))::text[], \(needs.map(\.since))::bigint[])
                       AS n(author, subject, since))
            SELECT \(unescaped: columns) ON r.author = n.author AND r.subject = n.subject
            UNION SELECT \(unescaped: columns) ON r.author = n.subject AND r.subject = n.author
            UNION SELECT \(unescaped: columns) ON r.author = n.author AND r.date >= n.since
            UNION SELECT \(unescaped: columns) ON r.subject = n.author AND r.kind = 'mentoring' AND r.author IS NOT NULL AND r.date = (
                SELECT min(m.date) FROM records m WHERE m.subject = n.author AND m.kind = 'mentoring' AND m.author IS NOT NULL)
            """)
    }

    /// History entries from rows of (seq, author, subject, date, kind).
    private func historyEntries(_ sql: PostgresQuery) async throws -> [HistoryEntry] {
        var entries: [HistoryEntry] = []
        for try await (seq, author, subject, date, kind) in try await query(sql).decode((Int64, String, String, Int64, String).self) {
            entries.append(HistoryEntry(author: author, subject: subject, position: HistoryPosition(date: date, key: seq),
                                        kind: kind == RecordKind.mentoring.rawValue ? .mentoring : .feedback))
        }
        return entries
    }

    public func write(_ batch: RecordBatch) async throws -> [Int64?] {
        guard !batch.records.isEmpty || !batch.newPeople.isEmpty else { return [] }
        let records = batch.records.map(\.record), identities = batch.records.map(\.identity)
        let encoded = batch.records.map { EncodedScores($0.scores) }
        return try await transaction(writing: true) { connection in
            if !batch.newPeople.isEmpty {
                try await connection.query("""
                    INSERT INTO people (handle) SELECT * FROM unnest(\(batch.newPeople)::text[]) ON CONFLICT (handle) DO NOTHING
                    """, logger: logger)
            }
            guard !records.isEmpty else { return [] }
            let scoring = try await Self.scoring(batch.stamp, connection, logger: logger)
            let layouts = try await Self.layouts(batch.records.map { $0.scores.map(\.principle) }, connection, logger: logger)
            // Each column as an array, in the batch's order; only a taken id is skipped, every
            // other constraint a row breaks fails the batch. Keys come from the sequence in this
            // order, under the write lock.
            let rows = try await connection.query("""
                INSERT INTO records (id, content_hash, kind, author, anonymous_author_key, subject, date, date_nanos, text, minutes,
                                     principles, tags, visibility, anonymous, recorded_at, verdict_layout, verdicts, language_supported)
                SELECT id, content_hash, kind, author, anonymous_author_key, subject, date, date_nanos, text, minutes, principles, tags,
                       visibility, anonymous, \(batch.recordedAt.seconds), verdict_layout, verdicts, language_supported
                FROM unnest(\(identities.map(\.id))::text[], \(identities.map(\.contentHash))::text[],
                            \(records.map(\.kind.rawValue))::text[],
                            \(NullableArray(records.map { $0.anonymous ? nil : $0.from }))::text[],
                            \(NullableArray(identities.map(\.anonymousKey)))::text[], \(records.map(\.to))::text[],
                            \(identities.map(\.date.seconds))::bigint[], \(identities.map { Int32($0.date.nanoseconds) })::int[],
                            \(records.map(\.text))::text[], \(NullableArray(records.map { $0.minutes.map(Int32.init) }))::int[],
                            \(records.map { JSONText.array($0.principles) })::text[], \(records.map { JSONText.array($0.tags) })::text[],
                            \(records.map(\.visibility.rawValue))::text[], \(records.map(\.anonymous))::bool[], \(layouts)::bigint[],
                            \(encoded.map { Bytes($0.verdicts) })::bytea[], \(batch.records.map(\.languageSupported))::bool[])
                     WITH ORDINALITY AS u(id, content_hash, kind, author, anonymous_author_key, subject, date, date_nanos, text, minutes,
                                          principles, tags, visibility, anonymous, verdict_layout, verdicts, language_supported, position)
                ORDER BY position
                ON CONFLICT (id) DO NOTHING
                RETURNING id, seq
                """, logger: logger)
            var keys: [String: Int64] = [:]
            for try await (id, seq) in rows.decode((String, Int64).self) { keys[id] = seq }
            let stored = zip(batch.records, encoded).compactMap { item, encoded in
                keys[item.identity.id].map { (key: $0, scores: item.scores, encoded: encoded) }
            }
            try await Self.writeScores(stored, scoring: scoring, connection, logger: logger)
            return identities.map { keys[$0.id] }
        }
    }
}

// MARK: Rescoring

extension PostgresStore {
    public func recordsToRescore(staleAgainst stamp: ScoringStamp?, after: Int64, limit: Int) async throws -> [KeyedRecord] {
        if let stamp {
            return try await keyedRecords("""
                SELECT \(unescaped: Self.recordColumns) FROM records r WHERE seq > \(after)
                AND NOT EXISTS (\(unescaped: Self.scoredWith) \(stamp.principlesHash)) ORDER BY seq LIMIT \(limit)
                """)
        }
        return try await keyedRecords("SELECT \(unescaped: Self.recordColumns) FROM records WHERE seq > \(after) ORDER BY seq LIMIT \(limit)")
    }

    public func staleCount(against stamp: ScoringStamp) async throws -> Int {
        try await one("SELECT COUNT(*) FROM records r WHERE NOT EXISTS (\(unescaped: Self.scoredWith) \(stamp.principlesHash))", as: Int.self) ?? 0
    }

    /// A score of record `r` made with the principles hash that follows.
    private static let scoredWith = "SELECT 1 FROM scores s JOIN scorings g ON g.id = s.scoring WHERE s.record = r.seq AND g.principles_hash ="

    public func replaceScores(_ scores: [(key: Int64, scores: [PrincipleScore])], stamp: ScoringStamp) async throws {
        guard !scores.isEmpty else { return }
        let encoded = scores.map { EncodedScores($0.scores) }
        try await transaction(writing: true) { connection in
            let scoring = try await Self.scoring(stamp, connection, logger: logger)
            let layouts = try await Self.layouts(scores.map { $0.scores.map(\.principle) }, connection, logger: logger)
            let keys = scores.map(\.key)
            try await connection.query("DELETE FROM scores WHERE record = ANY(\(keys))", logger: logger)
            try await connection.query("DELETE FROM record_evidence WHERE record = ANY(\(keys))", logger: logger)
            try await Self.writeScores(zip(scores, encoded).map { ($0.key, $0.scores, $1) }, scoring: scoring, connection, logger: logger)
            try await connection.query("""
                UPDATE records SET verdict_layout = u.layout, verdicts = u.verdicts
                FROM unnest(\(keys)::bigint[], \(layouts)::bigint[], \(encoded.map { Bytes($0.verdicts) })::bytea[]) AS u(seq, layout, verdicts)
                WHERE records.seq = u.seq
                """, logger: logger)
        }
    }
}

// MARK: Scores

extension PostgresStore {
    /// The id of `stamp`'s scoring row, added when new.
    static func scoring(_ stamp: ScoringStamp, _ connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        try await connection.query("""
            INSERT INTO scorings (principles_hash, plugin_versions) VALUES (\(stamp.principlesHash), \(stamp.pluginVersions)) ON CONFLICT DO NOTHING
            """, logger: logger)
        var scoring: Int64?
        for try await id in try await connection.query("""
            SELECT id FROM scorings WHERE principles_hash = \(stamp.principlesHash) AND plugin_versions = \(stamp.pluginVersions)
            """, logger: logger).decode(Int64.self) { scoring = id }
        guard let scoring else { throw StoreError("The scoring of \(stamp.principlesHash) was not stored.") }
        return scoring
    }

    /// The verdict layout of each list of principles, added when new.
    static func layouts(_ principles: [[String]], _ connection: PostgresConnection, logger: Logger) async throws -> [Int64] {
        let texts = principles.map(JSONText.array)
        let distinct = Array(Set(texts)).sorted()
        try await connection.query("""
            INSERT INTO verdict_layouts (principles) SELECT * FROM unnest(\(distinct)::text[]) ON CONFLICT (principles) DO NOTHING
            """, logger: logger)
        var ids: [String: Int64] = [:]
        for try await (id, text) in try await connection.query("SELECT id, principles FROM verdict_layouts WHERE principles = ANY(\(distinct))",
                                                               logger: logger).decode((Int64, String).self) { ids[text] = id }
        return try texts.map { text in
            guard let id = ids[text] else { throw StoreError("The verdict layout \(text) was not stored.") }
            return id
        }
    }

    /// Writes each record's score rows and evidence, one statement each for all of them.
    static func writeScores(_ records: [(key: Int64, scores: [PrincipleScore], encoded: EncodedScores)], scoring: Int64,
                            _ connection: PostgresConnection, logger: Logger) async throws {
        var keys: [Int64] = [], principles: [String] = [], positions: [Int32] = [], verdicts: [String] = []
        var alignments: [Double] = [], relevances: [Double] = []
        for record in records {
            for (position, score) in record.scores.enumerated() {
                keys.append(record.key)
                principles.append(score.principle)
                positions.append(Int32(position))
                verdicts.append(score.verdict.rawValue)
                alignments.append(score.alignment)
                relevances.append(score.relevance)
            }
        }
        if !keys.isEmpty {
            try await connection.query("""
                INSERT INTO scores (record, principle, position, verdict, alignment, relevance, scoring)
                SELECT *, \(scoring) FROM unnest(\(keys)::bigint[], \(principles)::text[], \(positions)::int[], \(verdicts)::text[],
                                                 \(alignments)::float8[], \(relevances)::float8[])
                """, logger: logger)
        }
        let evidence = records.compactMap { record in record.encoded.evidence.map { (record.key, $0) } }
        if !evidence.isEmpty {
            try await connection.query("""
                INSERT INTO record_evidence (record, items) SELECT * FROM unnest(\(evidence.map(\.0))::bigint[], \(evidence.map(\.1))::text[])
                """, logger: logger)
        }
    }
}

/// A record's evidence as JSON and its verdict summary, as their columns store them.
struct EncodedScores: Sendable {
    var evidence: String?
    var verdicts: [UInt8]

    init(_ scores: [PrincipleScore]) {
        evidence = scores.contains { !$0.evidence.isEmpty }
            ? String(decoding: EvidenceJSON.encode(scores.map { ($0.principle, $0.evidence) }), as: UTF8.self) : nil
        verdicts = VerdictSummary.encode(scores.map { ($0.verdict, $0.alignment) })
    }
}
