public import EthosCore
public import EthosRecording
internal import Foundation
internal import EthosStoreSupport
internal import GRDB

// MARK: Reading records

extension SQLiteStore {
    public func keyedRecord(id: String) async throws -> KeyedRecord? {
        try readingOne { db in
            try Self.keyedRecords(db.cachedStatement(sql: "SELECT \(Self.recordColumns) FROM records WHERE id = ?"), arguments: [id]).first
        }
    }

    public func forEachRecord(_ filter: RecordFilter, _ body: (KeyedRecord) async throws -> Void) async throws {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let from = filter.from { conditions.append("author = ?"); arguments.append(from) }
        if let to = filter.to { conditions.append("subject = ?"); arguments.append(to) }
        if let kind = filter.kind { conditions.append("kind = ?"); arguments.append(kind.rawValue) }
        if let since = filter.since { conditions.append("date >= ?"); arguments.append(since.seconds) }
        if let until = filter.until { conditions.append("date < ?"); arguments.append(until.seconds) }
        if let team = filter.team {
            conditions.append("""
                (EXISTS (SELECT 1 FROM people p WHERE p.handle = records.author AND p.team = ?)
                 OR EXISTS (SELECT 1 FROM people p WHERE p.handle = records.subject AND p.team = ?))
                """)
            arguments += [team, team]
        }
        switch (filter.principle, filter.verdict) {
        case let (principle?, verdict?):
            conditions.append("EXISTS (SELECT 1 FROM scores s WHERE s.record = records.seq AND s.principle = ? AND s.verdict = ?)")
            arguments += [principle, verdict.rawValue]
        case let (principle?, nil):
            conditions.append("EXISTS (SELECT 1 FROM scores s WHERE s.record = records.seq AND s.principle = ? AND s.verdict != 'not-evidenced')")
            arguments.append(principle)
        case let (nil, verdict?):
            conditions.append("EXISTS (SELECT 1 FROM scores s WHERE s.record = records.seq AND s.verdict = ?)")
            arguments.append(verdict.rawValue)
        case (nil, nil):
            break
        }
        let order = filter.oldestFirst ? "ORDER BY date, seq" : "ORDER BY date DESC, seq DESC"
        let after = filter.oldestFirst ? "(date, seq) > (?, ?)" : "(date, seq) < (?, ?)"
        try await RecordPages.forEach(filter, page: { cursor, limit in
            var sql = "SELECT \(Self.recordColumns) FROM records"
            var pageArguments = arguments
            var pageConditions = conditions
            if let cursor {
                pageConditions.append(after)
                pageArguments += [cursor.date, cursor.key]
            }
            if !pageConditions.isEmpty { sql += " WHERE " + pageConditions.joined(separator: " AND ") }
            sql += " \(order) LIMIT ?"
            let bound = StatementArguments(pageArguments + [limit])
            // Cached: the filters make a few dozen distinct statements, and compiling one (with
            // GRDB's authorizer called for every column) cost as much as running it.
            // Each page is one statement; pages follow each other by (date, key), not by snapshot.
            return try readingOne { db in try Self.keyedRecords(db.cachedStatement(sql: sql), arguments: bound) }
        }, body)
    }

    /// The columns a record is read from, in the order ``keyedRecord(_:)`` reads them: by
    /// position, as finding each column by name (case-insensitively) cost more than decoding it.
    static let recordColumns = """
        seq, id, kind, author, subject, date, date_nanos, text, minutes, principles, tags, visibility, anonymous, recorded_at, language_supported
        """

    /// The records `statement` reads with ``recordColumns``.
    static func keyedRecords(_ statement: Statement, arguments: StatementArguments) throws -> [KeyedRecord] {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        let columns = RowColumns(statement.sqliteStatement)
        var records: [KeyedRecord] = []
        while try cursor.next() != nil { records.append(keyedRecord(columns)) }
        return records
    }

    /// The record in the current row of a statement that reads ``recordColumns``.
    static func keyedRecord(_ row: RowColumns) -> KeyedRecord {
        KeyedRecord(key: row.int(0), stored: StoredRecord(
            id: row.text(1) ?? "", kind: row.text(2).flatMap(RecordKind.init(rawValue:)) ?? .feedback, author: row.text(3),
            subject: row.text(4) ?? "",
            date: FactTimestamp(seconds: row.int(5), nanoseconds: row.int(6)) ?? FactTimestamp(seconds: 0)!, text: row.text(7) ?? "",
            minutes: row.isNull(8) ? nil : Int(row.int(8)), principles: JSONText.strings(row.text(9)), tags: JSONText.strings(row.text(10)),
            visibility: row.visibility(11), anonymous: row.int(12) != 0,
            recordedAt: FactTimestamp(seconds: row.int(13)) ?? FactTimestamp(seconds: 0)!, languageSupported: row.int(14) != 0))
    }

    public func scores(of ids: [String]) async throws -> [String: [StoredScore]] {
        guard !ids.isEmpty else { return [:] }
        return try reading { db in
            let list = JSONText.array(ids)
            var evidence: [String: [String: [Evidence]]] = [:]
            let stored = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT r.id, e.items FROM records r JOIN record_evidence e ON e.record = r.seq WHERE r.id IN (SELECT value FROM json_each(?))
                """), arguments: [list])
            while let row = try stored.next() { evidence[row[0]] = EvidenceJSON.decode(row[1]) }
            var scores: [String: [StoredScore]] = [:]
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT r.id, s.principle, s.verdict, s.alignment, s.relevance, g.principles_hash, g.plugin_versions
                FROM records r JOIN scores s ON s.record = r.seq JOIN scorings g ON g.id = s.scoring
                WHERE r.id IN (SELECT value FROM json_each(?)) ORDER BY r.seq, s.position
                """), arguments: [list])
            while let row = try rows.next() {
                let id: String = row[0], principle: String = row[1]
                scores[id, default: []].append(StoredScore(
                    principle: principle, verdict: Verdict(rawValue: row[2]) ?? .notEvidenced, alignment: row[3], relevance: row[4],
                    evidence: evidence[id]?[principle] ?? [], principlesHash: row[5], pluginVersions: row[6]))
            }
            return scores
        }
    }
}

// MARK: Reports

extension SQLiteStore {
    public func latestKey() async throws -> Int64? {
        try readingOne { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM records")) ?? 0 }
    }

    public func forEachReportRow(from: Int64, to: Int64, principles: [String], involving: Set<String>?, storedAfter: Int64?,
                                 storedThrough: Int64?, _ body: (ReportRow) throws -> Void) async throws {
        try reading { db in
            // A period is read from one covering index in date order (`records_report`), each
            // record's verdicts from its compact summary, by column index, with no text. A few
            // people's records are found through the author and subject indexes instead, and the
            // records stored after a key by that key (`NOT INDEXED` still seeks the rowid).
            var sql = """
                SELECT seq, kind = 'mentoring', author, subject, date, minutes, visibility, anonymous, verdict_layout, verdicts,
                       language_supported
                FROM records
                """
            var arguments: StatementArguments = []
            if let storedAfter {
                sql += " NOT INDEXED WHERE seq > ? AND verdicts IS NOT NULL AND date >= ? AND date < ?"
                arguments += [storedAfter]
            } else if let involving, try involving.count * 40 < Int.fetchOne(db, sql: "SELECT COUNT(*) FROM people") ?? 0 {
                // `+date` keeps SQLite off the date indexes, so it takes the author and subject ones.
                sql += " WHERE verdicts IS NOT NULL AND +date >= ? AND +date < ?"
            } else {
                sql += " INDEXED BY records_report WHERE verdicts IS NOT NULL AND date >= ? AND date < ?"
            }
            arguments += [from, to]
            if let involving {
                sql += " AND (author IN (SELECT value FROM json_each(?)) OR subject IN (SELECT value FROM json_each(?)))"
                let list = JSONText.array(involving.sorted())
                arguments += [list, list]
            }
            if let storedThrough {
                sql += " AND seq <= ?"
                arguments += [storedThrough]
            }
            sql += " ORDER BY date, seq"
            let positions = try VerdictSummary.positions(for: principles, db: db)
            let statement = try db.makeStatement(sql: sql)
            let cursor = try Row.fetchCursor(statement, arguments: arguments)
            // Columns are read with SQLite's C API from the statement the cursor steps: a million
            // rows through GRDB's Row decoding cost more than SQLite's own scan.
            let columns = RowColumns(statement.sqliteStatement)
            // One row value, refilled: its verdicts array is reused rather than made per record.
            var current = ReportRow(key: 0, kind: .feedback, author: nil, subject: "", date: 0, minutes: nil, visibility: .private,
                                    anonymous: false, verdicts: Array(repeating: .none, count: principles.count))
            while try cursor.next() != nil {
                (current.key, current.kind) = (columns.int(0), columns.int(1) == 1 ? .mentoring : .feedback)
                (current.author, current.subject, current.date) = (columns.text(2), columns.text(3) ?? "", columns.int(4))
                current.minutes = columns.isNull(5) ? nil : Int(columns.int(5))
                current.visibility = columns.visibility(6)
                current.anonymous = columns.int(7) != 0
                current.languageSupported = columns.int(10) != 0
                for index in current.verdicts.indices { current.verdicts[index] = .none }
                if !columns.isNull(8), let positions = positions[columns.int(8)] {
                    columns.withBlob(9) { VerdictSummary.decode($0, positions: positions, into: &current.verdicts) }
                }
                try body(current)
            }
        }
    }

    public func texts(of keys: [Int64]) async throws -> [Int64: String] {
        try reading { db in
            var texts: [Int64: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT seq, text FROM records WHERE seq IN (SELECT value FROM json_each(?))",
                                           arguments: ["[" + keys.map(String.init).joined(separator: ",") + "]"])
            while let row = try rows.next() { texts[row[0]] = row[1] }
            return texts
        }
    }

    public func metBefore(_ date: Int64, pairs: Set<PersonPair>) async throws -> Set<PersonPair> {
        try reading { db in
            // With less history before the period than there are probes to make, read that history.
            let limit = pairs.count * 2
            let earlier = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM records WHERE date < ? LIMIT ?)",
                                           arguments: [date, limit]) ?? 0
            if earlier < limit {
                var met: Set<PersonPair> = []
                let rows = try Row.fetchCursor(db, sql: "SELECT author, subject FROM records WHERE date < ? AND author IS NOT NULL",
                                               arguments: [date])
                while let row = try rows.next() {
                    let pair = PersonPair(row[0], row[1])
                    if pairs.contains(pair) { met.insert(pair) }
                }
                return met
            }
            // Otherwise two probes of the (author, subject, date) index per pair, however long the history.
            let statement = try db.makeStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM records WHERE author = ?1 AND subject = ?2 AND date < ?3)
                    OR EXISTS (SELECT 1 FROM records WHERE author = ?2 AND subject = ?1 AND date < ?3)
                """)
            var met: Set<PersonPair> = []
            for pair in pairs where try Bool.fetchOne(statement, arguments: [pair.first, pair.second, date]) == true {
                met.insert(pair)
            }
            return met
        }
    }

    public func firstMentoring(of mentees: Set<String>) async throws -> [String: (mentor: String?, date: Int64)] {
        try reading { db in
            let statement = try db.makeStatement(sql: """
                SELECT author, visibility, date FROM records WHERE subject = ? AND kind = 'mentoring' ORDER BY date, seq LIMIT 1
                """)
            var first: [String: (mentor: String?, date: Int64)] = [:]
            for mentee in mentees {
                guard let row = try Row.fetchOne(statement, arguments: [mentee]) else { continue }
                let visibility: String = row[1]
                first[mentee] = (visibility == Visibility.public.rawValue ? row[0] : nil, row[2])
            }
            return first
        }
    }

}

extension SQLiteStore {
    /// Up to `limit` record ids that start with `prefix`, in order: for suggesting the id meant.
    public func recordIDs(startingWith prefix: String, limit: Int) async throws -> [String] {
        try reading { db in
            // A range on the id's unique index, not LIKE, which would scan every record.
            try String.fetchAll(db, sql: "SELECT id FROM records WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
                                arguments: [prefix, prefix + "\u{10FFFF}", limit])
        }
    }
}
