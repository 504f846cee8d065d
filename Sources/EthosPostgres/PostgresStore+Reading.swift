public import EthosCore
public import EthosRecording
internal import EthosStoreSupport
internal import NIOCore
internal import PostgresNIO

// MARK: Reading records

extension PostgresStore {
    public func keyedRecord(id: String) async throws -> KeyedRecord? {
        try await keyedRecords("SELECT \(unescaped: Self.recordColumns) FROM records WHERE id = \(id)").first
    }

    public func forEachRecord(_ filter: RecordFilter, _ body: (KeyedRecord) async throws -> Void) async throws {
        var base = Statement()
        var conditions: [String] = []
        if let from = filter.from { conditions.append("author = \(base.bind(from))") }
        if let to = filter.to { conditions.append("subject = \(base.bind(to))") }
        if let kind = filter.kind { conditions.append("kind = \(base.bind(kind.rawValue))") }
        if let since = filter.since { conditions.append("date >= \(base.bind(since.seconds))") }
        if let until = filter.until { conditions.append("date < \(base.bind(until.seconds))") }
        if let team = filter.team {
            let bound = base.bind(team)
            conditions.append("""
                (EXISTS (SELECT 1 FROM people p WHERE p.handle = records.author AND p.team = \(bound))
                 OR EXISTS (SELECT 1 FROM people p WHERE p.handle = records.subject AND p.team = \(bound)))
                """)
        }
        let scores = "EXISTS (SELECT 1 FROM scores s WHERE s.record = records.seq"
        switch (filter.principle, filter.verdict) {
        case let (principle?, verdict?):
            conditions.append("\(scores) AND s.principle = \(base.bind(principle)) AND s.verdict = \(base.bind(verdict.rawValue)))")
        case let (principle?, nil):
            conditions.append("\(scores) AND s.principle = \(base.bind(principle)) AND s.verdict <> 'not-evidenced')")
        case let (nil, verdict?):
            conditions.append("\(scores) AND s.verdict = \(base.bind(verdict.rawValue)))")
        case (nil, nil):
            break
        }
        let order = filter.oldestFirst ? "ORDER BY date, seq" : "ORDER BY date DESC, seq DESC"
        let after = filter.oldestFirst ? ">" : "<"
        try await RecordPages.forEach(filter, page: { cursor, limit in
            var statement = base, pageConditions = conditions
            if let cursor {
                pageConditions.append("(date, seq) \(after) (\(statement.bind(cursor.date)), \(statement.bind(cursor.key)))")
            }
            var sql = "SELECT \(Self.recordColumns) FROM records"
            if !pageConditions.isEmpty { sql += " WHERE " + pageConditions.joined(separator: " AND ") }
            sql += " \(order) LIMIT \(statement.bind(Int64(limit)))"
            return try await keyedRecords(PostgresQuery(unsafeSQL: sql, binds: statement.binds))
        }, body)
    }

    /// The columns a record is read from, in the order ``keyedRecords(_:)`` decodes them.
    static let recordColumns = """
        seq, id, kind, author, subject, date, date_nanos, text, minutes, principles, tags, visibility, anonymous, recorded_at, language_supported
        """

    /// The records `sql`, which reads ``recordColumns``, finds.
    func keyedRecords(_ sql: PostgresQuery) async throws -> [KeyedRecord] {
        var records: [KeyedRecord] = []
        for try await row in try await query(sql) {
            let (key, id, kind, author, subject, date, nanos, text, minutes, principles, tags, visibility, anonymous, recordedAt, supported) =
                try row.decode((Int64, String, String, String?, String, Int64, Int32, String, Int32?, String, String, String, Bool, Int64,
                                Bool).self)
            records.append(KeyedRecord(key: key, stored: StoredRecord(
                id: id, kind: RecordKind(rawValue: kind) ?? .feedback, author: author, subject: subject,
                date: FactTimestamp(seconds: date, nanoseconds: Int64(nanos)) ?? FactTimestamp(seconds: 0)!, text: text,
                minutes: minutes.map(Int.init), principles: JSONText.strings(principles), tags: JSONText.strings(tags),
                visibility: Visibility(rawValue: visibility) ?? .private, anonymous: anonymous,
                recordedAt: FactTimestamp(seconds: recordedAt) ?? FactTimestamp(seconds: 0)!, languageSupported: supported)))
        }
        return records
    }

    public func scores(of ids: [String]) async throws -> [String: [StoredScore]] {
        guard !ids.isEmpty else { return [:] }
        var evidence: [String: [String: [Evidence]]] = [:]
        for try await (id, items) in try await query("""
            SELECT r.id, e.items FROM records r JOIN record_evidence e ON e.record = r.seq WHERE r.id = ANY(\(ids))
            """).decode((String, String).self) { evidence[id] = EvidenceJSON.decode(items) }
        var scores: [String: [StoredScore]] = [:]
        for try await (id, principle, verdict, alignment, relevance, hash, versions) in try await query("""
            SELECT r.id, s.principle, s.verdict, s.alignment, s.relevance, g.principles_hash, g.plugin_versions
            FROM records r JOIN scores s ON s.record = r.seq JOIN scorings g ON g.id = s.scoring
            WHERE r.id = ANY(\(ids)) ORDER BY r.seq, s.position
            """).decode((String, String, String, Double, Double, String, String).self) {
            scores[id, default: []].append(StoredScore(
                principle: principle, verdict: Verdict(rawValue: verdict) ?? .notEvidenced, alignment: alignment, relevance: relevance,
                evidence: evidence[id]?[principle] ?? [], principlesHash: hash, pluginVersions: versions))
        }
        return scores
    }

    /// Up to `limit` record ids that start with `prefix`, in order: for suggesting the id meant.
    public func recordIDs(startingWith prefix: String, limit: Int) async throws -> [String] {
        var ids: [String] = []
        // A range on the id's unique index (ids compare byte by byte), not LIKE, which would scan.
        for try await id in try await query("""
            SELECT id FROM records WHERE id >= \(prefix) AND id < \(prefix + "\u{10FFFF}") ORDER BY id LIMIT \(limit)
            """).decode(String.self) { ids.append(id) }
        return ids
    }
}

// MARK: Reports

extension PostgresStore {
    public func latestKey() async throws -> Int64? {
        try await lastKey()
    }

    public func forEachReportRow(from: Int64, to: Int64, principles: [String], involving: Set<String>?, storedAfter: Int64?,
                                 storedThrough: Int64?, _ body: (ReportRow) throws -> Void) async throws {
        var statement = Statement()
        var sql = """
            SELECT seq, kind = 'mentoring', author, subject, date, minutes, visibility, anonymous, verdict_layout, verdicts, language_supported
            FROM records WHERE verdicts IS NOT NULL AND date >= \(statement.bind(from)) AND date < \(statement.bind(to))
            """
        if let storedAfter { sql += " AND seq > \(statement.bind(storedAfter))" }
        if let storedThrough { sql += " AND seq <= \(statement.bind(storedThrough))" }
        if let involving {
            let handles = statement.bind(involving.sorted())
            sql += " AND (author = ANY(\(handles)) OR subject = ANY(\(handles)))"
        }
        sql += " ORDER BY date, seq"
        let positions = try await layoutPositions(for: principles)
        // One row value, refilled: its verdicts array is reused rather than made per record.
        var current = ReportRow(key: 0, kind: .feedback, author: nil, subject: "", date: 0, minutes: nil, visibility: .private,
                                anonymous: false, verdicts: Array(repeating: .none, count: principles.count))
        for try await row in try await query(PostgresQuery(unsafeSQL: sql, binds: statement.binds)) {
            let (key, mentoring, author, subject, date, minutes, visibility, anonymous, layout, verdicts, supported) =
                try row.decode((Int64, Bool, String?, String, Int64, Int32?, String, Bool, Int64?, ByteBuffer?, Bool).self)
            (current.key, current.kind, current.author, current.subject, current.date) = (key, mentoring ? .mentoring : .feedback, author, subject, date)
            current.minutes = minutes.map(Int.init)
            current.visibility = Visibility(rawValue: visibility) ?? .private
            (current.anonymous, current.languageSupported) = (anonymous, supported)
            for index in current.verdicts.indices { current.verdicts[index] = .none }
            if let layout, let positions = positions[layout], let verdicts {
                verdicts.withUnsafeReadableBytes { VerdictSummary.decode($0, positions: positions, into: &current.verdicts) }
            }
            try body(current)
        }
    }

    /// For every verdict layout, where each of its principles goes among `principles` (-1: not asked for).
    private func layoutPositions(for principles: [String]) async throws -> [Int64: [Int]] {
        let wanted = Dictionary(principles.enumerated().map { ($1, $0) }) { first, _ in first }
        var positions: [Int64: [Int]] = [:]
        for try await (id, layout) in try await query("SELECT id, principles FROM verdict_layouts").decode((Int64, String).self) {
            positions[id] = JSONText.strings(layout).map { wanted[$0] ?? -1 }
        }
        return positions
    }

    public func texts(of keys: [Int64]) async throws -> [Int64: String] {
        var texts: [Int64: String] = [:]
        for try await (key, text) in try await query("SELECT seq, text FROM records WHERE seq = ANY(\(keys))").decode((Int64, String).self) {
            texts[key] = text
        }
        return texts
    }

    public func metBefore(_ date: Int64, pairs: Set<PersonPair>) async throws -> Set<PersonPair> {
        guard !pairs.isEmpty else { return [] }
        let list = Array(pairs)
        // Two probes of the (author, subject, date) index per pair, in one statement.
        var met: Set<PersonPair> = []
        for try await (first, second) in try await query("""
            SELECT p.a, p.b FROM unnest(\(list.map(\.first))::text[], \(list.map(\.second))::text[]) AS p(a, b)
            WHERE EXISTS (SELECT 1 FROM records WHERE author = p.a AND subject = p.b AND date < \(date))
               OR EXISTS (SELECT 1 FROM records WHERE author = p.b AND subject = p.a AND date < \(date))
            """).decode((String, String).self) { met.insert(PersonPair(first, second)) }
        return met
    }

    public func firstMentoring(of mentees: Set<String>) async throws -> [String: (mentor: String?, date: Int64)] {
        guard !mentees.isEmpty else { return [:] }
        var first: [String: (mentor: String?, date: Int64)] = [:]
        for try await (mentee, mentor, visibility, date) in try await query("""
            SELECT DISTINCT ON (subject) subject, author, visibility, date FROM records
            WHERE subject = ANY(\(mentees.sorted())) AND kind = 'mentoring' ORDER BY subject, date, seq
            """).decode((String, String?, String, Int64).self) {
            first[mentee] = (visibility == Visibility.public.rawValue ? mentor : nil, date)
        }
        return first
    }
}

/// A statement's parameters, bound as its text is built: each `bind` returns the placeholder.
struct Statement {
    var binds = PostgresBindings()

    mutating func bind<Value: PostgresNonThrowingEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }
}
