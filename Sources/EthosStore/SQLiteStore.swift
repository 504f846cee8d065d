public import EthosCore
public import EthosPluginAPI
internal import Foundation
internal import GRDB

/// Ethos's record, not GRDB's `Record` class.
public typealias Record = EthosPluginAPI.Record

/// The SQLite store, through GRDB: the one door to the database. It migrates on open, runs in
/// WAL mode with foreign keys on, waits for a busy database rather than failing, and binds every
/// value as a parameter.
///
/// ```swift
/// let store = try SQLiteStore(path: "ethos.sqlite")
/// try store.upsert([Person(handle: "ana", team: "platform")])
/// ```
public final class SQLiteStore: RecordStore, ReportSource {
    // A final class rather than a struct: it owns the connection pool, which is itself
    // thread-safe; every property is immutable, hence the Sendable conformance.
    let writer: any DatabaseWriter
    private let key: AnonymityKey
    /// The history of every stored record, kept in memory between imports (see ``HistoryIndex``).
    let keptHistory = KeptHistory()
    /// Whether a bulk load is running (see ``bulkLoad(_:finishing:)``).
    let bulk = BulkLoadState()
    /// The database file, or `nil` in memory.
    public let path: String?
    /// The most stored records an import holds the history of (``historyIndexLimit``; tests set less).
    let historyLimit: Int
    /// How evidence is compressed and read back (see ``EvidenceCodec``).
    let evidenceCodec: EvidenceCodec

    /// The SQLite file header every database starts with.
    static let header = Array("SQLite format 3\u{0}".utf8)

    /// Opens (creating on first use) the database at `path`. A file that exists but is not an
    /// SQLite database is refused and left untouched.
    public convenience init(path: String) throws {
        try self.init(path: path, historyLimit: Self.historyIndexLimit)
    }

    /// Opens the database at `path`, holding the history of at most `historyLimit` stored records
    /// and training its evidence dictionary on `evidenceSamples` records' evidence (tests set less).
    init(path: String, historyLimit: Int, evidenceSamples: Int = EvidenceCodec.defaultSampleCount) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw StoreError.notADatabase(path) }
            guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError.unreadable(path, "permission denied") }
            let start = (try? handle.read(upToCount: 16)) ?? Data()
            try? handle.close()
            if !start.isEmpty, Array(start) != Self.header { throw StoreError.notADatabase(path) }
        }
        let isNew = !manager.fileExists(atPath: path) || ((try? manager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) == 0
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        // A larger page cache than SQLite's 2 MB default: an import transaction dirties index
        // pages all over the records table's eight indexes, and at a million records the pages
        // it reads no longer fit in 2 MB; every miss is a read call. 64 MB holds a transaction
        // of 20,000 records' dirty pages (Recorder.importBatchSize).
        // The log is truncated to 64 MB when it restarts: a bulk load's log holds the indexes it
        // builds, a sixth of the database, until they are copied (buildDeferredIndexes).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA journal_size_limit = 67108864") }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
            try Self.repairInterruptedLoad(pool)
            let keyPath = path + ".key"
            let storedCheck = try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'anonymity-key-check'") }
            guard let key = try AnonymityKey.load(at: keyPath, create: isNew || storedCheck == nil) else {
                throw StoreError.missingKey(keyPath)
            }
            if let storedCheck {
                guard storedCheck == key.check else {
                    throw StoreError("The anonymity key '\(keyPath)' does not belong to this database; restore the matching key.")
                }
            } else {
                try pool.write { db in
                    try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('anonymity-key-check', ?)", arguments: [key.check])
                }
            }
            self.writer = pool
            self.key = key
            self.path = path
            self.historyLimit = historyLimit
            self.evidenceCodec = EvidenceCodec(sampleCount: evidenceSamples)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw StoreError.notADatabase(path)
        } catch {
            throw StoreError.unreadable(path, "\(error)")
        }
    }

    /// A fresh database in memory, for tests and dry runs.
    public convenience init() throws {
        try self.init(evidenceSamples: EvidenceCodec.defaultSampleCount)
    }

    /// A fresh database in memory whose evidence dictionary is trained on `evidenceSamples` records.
    init(evidenceSamples: Int) throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        writer = queue
        key = AnonymityKey.random()
        path = nil
        historyLimit = Self.historyIndexLimit
        evidenceCodec = EvidenceCodec(sampleCount: evidenceSamples)
    }

    // MARK: People

    public func upsert(_ people: [Person]) throws {
        try writer.write { db in
            for person in people {
                try db.execute(sql: """
                    INSERT INTO people (handle, name, email, team, manager, role, joined) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(handle) DO UPDATE SET name = excluded.name, email = excluded.email, team = excluded.team,
                        manager = excluded.manager, role = excluded.role, joined = excluded.joined
                    """, arguments: [person.handle, person.name, person.email, person.team, person.manager, person.role, person.joined])
            }
        }
    }

    public func people(team: String?) throws -> [Person] {
        try writer.read { db in
            let rows = if let team {
                try Row.fetchAll(db, sql: "SELECT * FROM people WHERE team = ? ORDER BY handle", arguments: [team])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM people ORDER BY handle")
            }
            return rows.map(Self.person)
        }
    }

    public func person(_ handle: String) throws -> Person? {
        try writer.read { db in try Self.person(handle, db) }
    }

    static func person(_ handle: String, _ db: Database) throws -> Person? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM people WHERE handle = ?"), arguments: [handle]).map(person)
    }

    static func person(_ row: Row) -> Person {
        Person(handle: row["handle"], name: row["name"], email: row["email"], team: row["team"], manager: row["manager"],
               role: row["role"], joined: row["joined"])
    }

    // MARK: Recording

    /// Above this many stored records, imports read history facts with indexed queries instead
    /// of holding every record's history in memory (about 60 bytes a record with its tables'
    /// slack: some 60 MB here), so an import's memory stays bounded however large the database.
    public static let historyIndexLimit = 1_000_000
    /// A batch at least this large, with no history index kept from an earlier batch, loads one
    /// from the database (a few hundred milliseconds a million records) rather than querying.
    static let historyIndexMinimumBatch = 1_000

    public func record(_ batch: [Record], createPeople: Bool, score: @escaping @Sendable (Record, HistoryFacts, PeopleLookup) -> RecordScore,
                       fingerprint: String, pluginVersions: String) throws -> [RecordOutcome] {
        let hash = sha256(fingerprint)
        let now = FactTimestamp(seconds: Int64(Date().timeIntervalSince1970)) ?? FactTimestamp(seconds: 0)!
        return try writer.writeWithoutTransaction { db in
            var outcomes: [RecordOutcome] = []
            var kept: (history: HistorySource, version: Int64)?
            var deferred = bulk.isDeferred
            // The records' identities depend on them alone: they are worked out from here, while
            // within a bulk load the last transaction's pages are checkpointed in the background;
            // this transaction begins once they are, restarting the log (Checkpointer).
            let workers = BackgroundWorkers()
            defer { workers.finish() }  // if the transaction does not begin
            let identities = IdentitySlots(batch, now: now, key: key, workers: workers)
            let checkpointer = bulk.checkpointer
            checkpointer?.beforeTransaction()
            try db.inTransaction(.immediate) {
                // The history index kept from this connection's last import is current unless
                // another connection has committed since (SQLite's data_version says so); it is
                // taken out for this transaction and kept again only once the transaction has
                // committed, so a rolled-back batch leaves none of its records behind in it.
                let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
                var history = try historySource(for: batch.count, kept: keptHistory.take(version: version), db)
                deferred = try deferIndexes(for: batch.count, history: &history, deferred: deferred, db)
                try evidenceCodec.prepare(db)
                outcomes = try record(batch, identities: identities, workers: workers, history: &history, createPeople: createPeople,
                                      score: score, hash: hash, pluginVersions: pluginVersions, now: now, db: db)
                kept = history.isComplete ? (history, version) : nil
                return .commit
            }
            checkpointer?.committed()
            if let kept { keptHistory.keep(kept.history, version: kept.version) }
            bulk.isDeferred = deferred
            return outcomes
        }
    }

    /// Within a bulk load, drops the deferrable indexes when this batch is the load's first into
    /// a database holding fewer records than the batch, and builds them again when the batch's
    /// history facts must come from queries (past ``historyIndexLimit``); whether they are
    /// dropped after this batch. While they are, `history` holds the content hashes too.
    private func deferIndexes(for batchSize: Int, history: inout HistorySource, deferred: Bool, _ db: Database) throws -> Bool {
        var deferred = deferred
        if !deferred, bulk.isActive, history.isComplete, history.memory.count < batchSize {
            try Self.dropDeferrableIndexes(db)
            deferred = true
        } else if deferred, !history.isComplete {
            try Self.buildDeferredIndexes(db)
            deferred = false
        }
        if deferred, history.contents == nil { history.contents = try ContentIndex(loading: db) }
        if !deferred { history.contents = nil }
        return deferred
    }

    /// Where a batch's history facts come from: `memory`, which the batch's records join as
    /// they are taken in, and — unless it holds every stored record — indexed queries for the
    /// records stored before the batch (up to row `storedThrough`; the batch's own rows are
    /// written as their scores come back, so the queries leave them out rather than count them
    /// twice).
    struct HistorySource {
        var memory: HistoryIndex
        /// nil when `memory` holds every stored record.
        let storedThrough: Int64?
        /// The content hashes of stored records, while a bulk load has their index dropped.
        var contents: ContentIndex?

        var isComplete: Bool { storedThrough == nil }
    }

    private func historySource(for batchSize: Int, kept: HistorySource?, _ db: Database) throws -> HistorySource {
        if let kept, Self.keepsIndex(holding: kept.memory.count, batch: batchSize, limit: historyLimit) { return kept }
        let queries = { HistorySource(memory: HistoryIndex(), storedThrough: try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM records") ?? 0) }
        guard batchSize >= Self.historyIndexMinimumBatch else { return try queries() }
        let stored = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM records") ?? 0
        guard Self.keepsIndex(holding: stored, batch: batchSize, limit: historyLimit) else { return try queries() }
        var index = HistoryIndex()
        try BoundStatement(db, "SELECT author, anonymous_author_key, subject, date, kind FROM records").forEachRow { row in
            let author: HistoryIndex.Author = row.text(1).map { .anonymous(key: $0) } ?? .handle(row.text(0) ?? "")
            index.append(author: author, subject: row.text(2) ?? "", date: row.int(3) ?? 0,
                         kind: row.text(4) == RecordKind.mentoring.rawValue ? .mentoring : .feedback)
        }
        index.finishLoading()
        return HistorySource(memory: index, storedThrough: nil)
    }

    /// Whether a history index of `stored` records may take a batch of `batch` more: not past
    /// ``historyIndexLimit`` (a kept index too, so a long import stops growing it there).
    static func keepsIndex(holding stored: Int, batch: Int, limit: Int = historyIndexLimit) -> Bool {
        stored + batch <= limit
    }

    /// The history index between imports: a class with a lock because the store is shared
    /// between threads (its transactions are serialised by GRDB; the lock makes that explicit).
    final class KeptHistory: @unchecked Sendable {
        // @unchecked: both properties are read and written only under `lock`.
        private let lock = NSLock()
        private var index: HistorySource?
        private var version: Int64 = 0

        /// The kept index, if it was kept at data version `version`; either way none is kept after.
        func take(version: Int64) -> HistorySource? {
            lock.withLock {
                defer { index = nil }
                return self.version == version ? index : nil
            }
        }

        /// Drops the kept index (a bulk load, about to build its indexes, frees the memory first).
        func drop() {
            lock.withLock { index = nil }
        }

        func keep(_ index: HistorySource, version: Int64) {
            lock.withLock {
                self.index = index
                self.version = version
            }
        }
    }

    private func record(_ batch: [Record], identities: IdentitySlots, workers: BackgroundWorkers, history: inout HistorySource, createPeople: Bool,
                        score: @escaping @Sendable (Record, HistoryFacts, PeopleLookup) -> RecordScore, hash: String, pluginVersions: String,
                        now: FactTimestamp, db: Database) throws -> [RecordOutcome] {
        // In order: each record's history facts see the records taken in before it, in the
        // database or earlier in the batch, exactly as records given one at a time would. What
        // depends on a record alone (its content hash, id, anonymous keys) is worked out ahead of
        // the writer on another thread. Scoring is pure computation and overlaps with the writes:
        // records are scored on other threads (below the writer's priority), a few at a time, as
        // soon as their history facts are known (handing each record over on its own woke a
        // thread per record, a measurable share of the writer's time), and their rows, scores
        // and evidence are written, in order, as they come back — each row once, with its verdicts.
        var outcomes: [RecordOutcome] = []
        var pending: [Pending] = []
        let scores = ScoreSlots(count: batch.count)
        defer { workers.finish() }  // on a write error too, no scoring outlives the transaction
        var written = 0
        var cache = TransactionCache()
        func writeReady(wait: Bool) throws {
            while written < pending.count, let result = scores.take(written, waitThrough: wait ? pending.count - 1 : nil) {
                try write(pending[written], result, hash: hash, pluginVersions: pluginVersions, now: now, db: db, cache: &cache,
                          contents: &history.contents)
                written += 1
            }
        }
        var handedOver = 0
        let codec = evidenceCodec
        func handOver() {
            guard handedOver < pending.count else { return }
            let items = Array(pending[handedOver...]), first = handedOver
            handedOver = pending.count
            workers.submit {
                // The chunk's scores are handed back together: one by one, a writer waiting for them
                // (at a batch's end) woke for each, took it, and slept again, preempting the
                // scoring thread each time — some 7,000 sleeps in 100,000 records.
                var previous: EncodedScore?
                scores.set(first, items.map { item in
                    let encoded = EncodedScore(score(item.record, item.history, item.people), codec, after: previous)
                    previous = encoded
                    return encoded
                })
            }
        }
        for (index, record) in batch.enumerated() {
            switch try take(record, identities.take(index), history: &history, db: db, createPeople: createPeople, cache: &cache) {
            case let .done(outcome): outcomes.append(outcome)
            case let .taken(item):
                outcomes.append(.stored(id: item.identity.id.text))
                pending.append(item)
                if pending.count - handedOver >= Self.scoringChunk { handOver() }
            }
            try writeReady(wait: false)
        }
        handOver()
        try writeReady(wait: true)
        return outcomes
    }

    /// How many records go to a scoring thread at once.
    static let scoringChunk = 16

    /// What one transaction looks up again and again: people by handle, verdict layouts by their
    /// principles, the scorings row, the ids and contents taken in but not yet written. Valid
    /// only inside the transaction that fills it.
    private struct TransactionCache {
        var people: [String: Person?] = [:]
        var layouts: [String: Int64] = [:]
        var scoring: Int64?
        /// The rows of the evidence dictionaries written with, by dictionary.
        var dictionaries: [ObjectIdentifier: Int64] = [:]
        /// Ids of the records taken in and not yet written, and their content hashes, to the id.
        var pendingIDs: Set<HashedText> = []
        var pendingHashes: [HashedText: String] = [:]
        /// The statements run for every record, fetched from GRDB's statement cache once a
        /// transaction rather than once a record (the cache hashes each statement's text).
        private var statements: [BoundStatement?] = Array(repeating: nil, count: Hot.allCases.count)

        mutating func statement(_ hot: Hot, _ db: Database) throws -> BoundStatement {
            if let statement = statements[hot.rawValue] { return statement }
            let statement = try BoundStatement(db, hot.sql)
            statements[hot.rawValue] = statement
            return statement
        }

        /// The id of the `scorings` row for this principles hash and these plugin versions, added
        /// when new. A transaction writes every score with one hash and one set of versions, so
        /// the row is looked up once, when the first score is written.
        mutating func scoring(hash: String, pluginVersions: String, _ db: Database) throws -> Int64 {
            if let scoring { return scoring }
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO scorings (principles_hash, plugin_versions) VALUES (?, ?)")
                .execute(arguments: [hash, pluginVersions])
            let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM scorings WHERE principles_hash = ? AND plugin_versions = ?"),
                                        arguments: [hash, pluginVersions]) ?? 0
            scoring = id
            return id
        }

        mutating func person(_ handle: String, _ db: Database) throws -> Person? {
            if let known = people[handle] { return known }
            let person = try SQLiteStore.person(handle, db)
            people[handle] = person
            return person
        }

        /// The row of `dictionary` in `evidence_dictionaries`, added when new: looked up once a
        /// transaction, so a dictionary whose first transaction rolled back is added again.
        mutating func dictionaryRow(_ dictionary: EvidenceDictionary, _ db: Database) throws -> Int64 {
            if let known = dictionaries[ObjectIdentifier(dictionary)] { return known }
            let content = BoundValue.bytes(dictionary.content)
            try BoundStatement(db, "INSERT OR IGNORE INTO evidence_dictionaries (content) VALUES (?)").execute(content)
            guard let row = try BoundStatement(db, "SELECT id FROM evidence_dictionaries WHERE content = ?").int(content) else {
                throw DatabaseError(message: "An evidence dictionary was not stored.")
            }
            dictionaries[ObjectIdentifier(dictionary)] = row
            return row
        }

        /// The id of the verdict layout of `principles`, whose ids joined by U+001F are `key`.
        mutating func layout(key: String, _ principles: @autoclosure () -> [String], _ db: Database) throws -> Int64 {
            if let id = layouts[key] { return id }
            let principles = principles()
            let id = try VerdictSummary.layout(principles, db: db)
            layouts[key] = id
            return id
        }
    }

    /// The statements a transaction runs for every record.
    private enum Hot: Int, CaseIterable {
        case recordWithID, insertRecord, insertScore, insertEvidence

        var sql: String {
            switch self {
            case .recordWithID: "SELECT id FROM records WHERE id = ?"
            case .insertRecord: """
                INSERT INTO records (id, content_hash, kind, author, anonymous_author_key, subject, date, date_nanos, text, minutes,
                                     principles, tags, visibility, anonymous, recorded_at, verdict_layout, verdicts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            case .insertScore: "INSERT INTO scores (record, principle, position, verdict, alignment, relevance, scoring) VALUES (?, ?, ?, ?, ?, ?, ?)"
            case .insertEvidence: "INSERT INTO record_evidence (record, items, dictionary) VALUES (?, ?, ?)"
            }
        }
    }

    /// A record taken in, with what its row needs, whose row is not yet written. A class: it is
    /// handed to a scoring thread and kept for the writer, and copying its two dozen references
    /// each time (a retain and a release apiece) cost more than allocating it.
    private final class Pending: Sendable {
        let identity: RecordIdentity
        let record: Record
        let history: HistoryFacts
        let people: PeopleLookup

        init(identity: RecordIdentity, record: Record, history: HistoryFacts, people: PeopleLookup) {
            self.identity = identity
            self.record = record
            self.history = history
            self.people = people
        }
    }

    private enum Taken {
        case done(RecordOutcome)
        case taken(Pending)
    }

    /// A record's scores with the columns made from them — the evidence as JSON, the verdict
    /// summary — encoded where the scores are computed, on a scoring thread, so the writer, the
    /// one thread every record waits for, only binds them.
    private struct EncodedScore: Sendable {
        var principles: [(principle: String, verdict: Verdict, alignment: Double, relevance: Double)]
        /// The principles' ids joined, the key of their verdict layout.
        var layoutKey: String
        /// The evidence as JSON, UTF-8 (EvidenceJSON), compressed once the database has a
        /// dictionary (EvidenceCodec).
        var evidence: StoredEvidence?
        var verdicts: [UInt8]

        /// `result` encoded; `previous`, the record encoded before it on this thread, lends its
        /// layout key when the principles are the same (as they nearly always are).
        init(_ result: RecordScore, _ codec: EvidenceCodec, after previous: EncodedScore?) {
            principles = result.principles.map { ($0.principle, $0.verdict, $0.alignment, $0.relevance) }
            if let previous, previous.principles.elementsEqual(result.principles, by: { $0.principle == $1.principle }) {
                layoutKey = previous.layoutKey
            } else {
                layoutKey = result.principles.map(\.principle).joined(separator: "\u{1F}")
            }
            evidence = result.principles.contains { !$0.evidence.isEmpty }
                ? codec.encode(EvidenceJSON.encode(result.principles.map { ($0.principle, $0.evidence) })) : nil
            verdicts = VerdictSummary.encode(result.principles.map { ($0.verdict, $0.alignment) })
        }
    }

    /// One slot per record for scores computed on other threads and taken, in order, by the
    /// writer. A class with a lock because the scoring threads and the writer share it.
    private final class ScoreSlots: @unchecked Sendable {
        // @unchecked: `slots` and `awaited` are read and written only under `condition`'s lock.
        private var slots: [EncodedScore?]
        /// The slot the writer sleeps until it is filled, if it sleeps.
        private var awaited: Int?
        private let condition = NSCondition()
        init(count: Int) { slots = Array(repeating: nil, count: count) }

        /// How far past the slot it needs a waiting writer waits for: four chunks.
        static let lookahead = 4 * SQLiteStore.scoringChunk

        /// Fills the slots from `first` on with `values`, waking the writer if it waits for one of them.
        func set(_ first: Int, _ values: [EncodedScore]) {
            condition.lock()
            for (offset, value) in values.enumerated() { slots[first + offset] = value }
            if let awaited, (first..<first + values.count).contains(awaited) { condition.signal() }
            condition.unlock()
        }

        /// The score in slot `index`, emptying it. When it is not ready: nil, unless `last` (the
        /// last slot to be filled) is given, and then it waits — for a few chunks past `index` at
        /// once, so a writer that has caught up with the scoring threads (at a batch's end) wakes
        /// once for several chunks rather than for each, and then for `index` itself, should its
        /// chunk still be scoring.
        func take(_ index: Int, waitThrough last: Int?) -> EncodedScore? {
            condition.lock()
            defer { condition.unlock() }
            if slots[index] == nil, let last {
                for target in [min(index + Self.lookahead, last), index] {
                    awaited = target
                    while slots[target] == nil { condition.wait() }
                }
                awaited = nil
            }
            return slots[index].take()  // moved out: a copy retained each of its references, then released them
        }
    }

    /// Checks `record` (its people, whether it duplicates a stored or pending record), works out
    /// its history facts and adds it to the batch's history: everything but writing its row.
    private func take(_ record: Record, _ identity: RecordIdentity, history: inout HistorySource, db: Database, createPeople: Bool,
                      cache: inout TransactionCache) throws -> Taken {
        var people: [Person] = []
        // An anonymous record exported without its author comes back with none to look up.
        let handles = record.anonymous && record.from.isEmpty ? [record.to] : [record.from, record.to]
        for handle in handles {
            if let person = try cache.person(handle, db) {
                people.append(person)
            } else if createPeople {
                try db.cachedStatement(sql: "INSERT INTO people (handle) VALUES (?)").execute(arguments: [handle])
                let person = Person(handle: handle)
                cache.people[handle] = person
                people.append(person)
            } else {
                return .done(.rejected("No person has the handle '\(handle)'; import people first, or pass --create-people."))
            }
        }
        var record = record
        record.date = identity.date
        let id = identity.id, contentHash = identity.contentHash
        // A record with an id is a duplicate of the record with that id; one without, of any
        // record with the same content.
        let pendingID = cache.pendingIDs.contains(id) ? id.text : nil
        let existing = record.id == nil
            ? try cache.pendingHashes[contentHash] ?? pendingID ?? storedDuplicate(contentHash, id: id, history, db, cache: &cache)
            : try pendingID ?? storedRecord(id: id, history, db, cache: &cache)
        if let existing { return .done(.duplicate(id: existing)) }
        cache.pendingIDs.insert(id)
        cache.pendingHashes[contentHash] = id.text
        let author: HistoryIndex.Author = identity.anonymousKey.map { .anonymous(key: $0) } ?? .handle(record.from)
        let date = identity.date.seconds
        let facts = try historyFacts(record, date: date, author: author, subjectAnonymousKey: identity.subjectAnonymousKey,
                                     history: &history, db: db, people: (handles.count == 2 ? people.first : nil, people.last))
        history.memory.add(author: author, subject: record.to, date: date, kind: record.kind)
        return .taken(Pending(identity: identity, record: record, history: facts, people: PeopleLookup(people)))
    }

    /// The id of a stored record with this content hash or this id (derived from the hash): with
    /// the content hash's index, one query; while a bulk load has it dropped, the ids and content
    /// hashes in memory.
    private func storedDuplicate(_ contentHash: HashedText, id: HashedText, _ history: HistorySource, _ db: Database,
                                 cache: inout TransactionCache) throws -> String? {
        guard let contents = history.contents else {
            return try BoundStatement(db, "SELECT id FROM records WHERE (\(Self.sameContent)) OR id = ?")
                .text(.text(String(contentHash.text.prefix(16))), .text(contentHash.text), .text(id.text))
        }
        return try storedRecord(id: id, history, db, cache: &cache) ?? contents.duplicate(of: contentHash, db)
    }

    /// A record whose content hash is the one bound, given first its first 16 characters: what
    /// the content hash's index (records_content_hash) holds. The unary `+` keeps SQLite from
    /// putting the bound hash in place of the column in the other term, which leaves that term
    /// nothing of the table's to look up in the index, and the query scanning the table.
    static let sameContent = "substr(content_hash, 1, 16) = ? AND +content_hash = ?"

    /// `id` if a stored record has it. While a bulk load holds the stored ids' hashes, only an id
    /// whose hash is among them is looked up.
    private func storedRecord(id: HashedText, _ history: HistorySource, _ db: Database, cache: inout TransactionCache) throws -> String? {
        if let contents = history.contents, !contents.mayHold(id: id) { return nil }
        return try cache.statement(.recordWithID, db).text(.text(id.text))
    }

    /// Writes a taken record's row, with its verdicts, then its scores and evidence.
    private func write(_ pending: Pending, _ result: EncodedScore, hash: String, pluginVersions: String, now: FactTimestamp, db: Database,
                       cache: inout TransactionCache, contents: inout ContentIndex?) throws {
        let record = pending.record, identity = pending.identity, date = identity.date
        let layout = try cache.layout(key: result.layoutKey, result.principles.map(\.principle), db)
        try cache.statement(.insertRecord, db).execute(
            .text(identity.id.text), .text(identity.contentHash.text), .text(record.kind.rawValue), .text(record.anonymous ? nil : record.from),
            .text(identity.anonymousKey), .text(record.to), .int(date.seconds), .int(Int64(date.nanoseconds)), .text(record.text),
            .int(record.minutes), .text(identity.principles), .text(identity.tags),
            .text(record.visibility.rawValue), .bool(record.anonymous), .int(now.seconds), .int(layout), .bytes(result.verdicts))
        let seq = db.lastInsertedRowID
        try writeScores(result, record: seq, hash: hash, pluginVersions: pluginVersions, db: db, cache: &cache)
        contents?.add(identity.contentHash, id: identity.id, seq: seq)
        cache.pendingIDs.remove(identity.id)
        cache.pendingHashes[identity.contentHash] = nil
    }

    /// Writes a record's scores and evidence; `verdicts` also sets its verdict columns (a record
    /// scored again; a new record's row is written with them).
    private func writeScores(_ result: EncodedScore, record seq: Int64, hash: String, pluginVersions: String, db: Database,
                             cache: inout TransactionCache, verdicts: Bool = false) throws {
        let scoring = try cache.scoring(hash: hash, pluginVersions: pluginVersions, db)
        let insertScore = try cache.statement(.insertScore, db)
        for (position, item) in result.principles.enumerated() {
            try insertScore.execute(.int(seq), .text(item.principle), .int(position), .text(item.verdict.rawValue), .real(item.alignment),
                                    .real(item.relevance), .int(scoring))
        }
        if let evidence = result.evidence {
            if let dictionary = evidence.dictionary {
                let row = try cache.dictionaryRow(dictionary, db)
                try cache.statement(.insertEvidence, db).execute(.int(seq), .bytes(evidence.bytes), .int(row))
            } else {
                evidenceCodec.sample(evidence.bytes)
                try cache.statement(.insertEvidence, db).execute(.int(seq), .utf8(evidence.bytes), .null)
            }
        }
        if verdicts {
            let layout = try cache.layout(key: result.layoutKey, result.principles.map(\.principle), db)
            try BoundStatement(db, "UPDATE records SET verdict_layout = ?, verdicts = ? WHERE seq = ?").execute(.int(layout), .bytes(result.verdicts), .int(seq))
        }
    }

    // MARK: History

    /// `record`'s history facts as of `date`, from `history` (and the database, when it does not
    /// hold every record).
    private func historyFacts(_ record: Record, date: Int64, author: HistoryIndex.Author, subjectAnonymousKey: String,
                              history: inout HistorySource, db: Database, people: (author: Person?, subject: Person?)) throws -> HistoryFacts {
        let crossTeam = record.anonymous ? nil : HistoryFacts.crossTeam(people.author, people.subject)
        if let storedThrough = history.storedThrough {
            return try storedHistory(record, date: date, author: author, crossTeam: crossTeam, db: db, excluding: nil,
                                     storedThrough: storedThrough, batch: history.memory, subjectAnonymousKey: subjectAnonymousKey)
        }
        let mentoring = record.kind == .mentoring
        return HistoryFacts(
            firstContact: !history.memory.met(record, author: author, subjectAnonymousKey: subjectAnonymousKey, by: date),
            crossTeam: crossTeam,
            distinctPeople30d: history.memory.distinctSubjects(of: author, from: date - 30 * 86_400, through: date),
            mentoringSessions: mentoring ? history.memory.sessions(author, record.to, by: date) : 0,
            payItForward: mentoring && !record.anonymous ? history.memory.mentored(record.from, by: date) : false)
    }

    /// History facts as of `date`, from the records stored before (or on the same day, already
    /// stored) up to row `storedThrough`, with indexed queries, and the batch's records taken in
    /// before it. `excluding` leaves out a record being rescored.
    private func storedHistory(_ record: Record, date: Int64, author: HistoryIndex.Author, crossTeam: Bool?, db: Database, excluding seq: Int64?,
                               storedThrough: Int64 = .max, batch: HistoryIndex, subjectAnonymousKey: String) throws -> HistoryFacts {
        let (authorClause, authorValue) = switch author {
        case let .handle(handle): ("author = ?", handle)
        case let .anonymous(key): ("anonymous_author_key = ?", key)
        }
        let other = seq ?? -1
        let met = try batch.met(record, author: author, subjectAnonymousKey: subjectAnonymousKey, by: date) || BoundStatement(db, """
                SELECT EXISTS (SELECT 1 FROM records WHERE \(authorClause) AND subject = ? AND date <= ? AND seq != ? AND seq <= ?)
                    OR EXISTS (SELECT 1 FROM records WHERE author = ? AND subject = ? AND date <= ? AND seq != ? AND seq <= ?)
                    OR EXISTS (SELECT 1 FROM records WHERE anonymous_author_key = ? AND subject = ? AND date <= ? AND seq != ? AND seq <= ?)
                """).int(.text(authorValue), .text(record.to), .int(date), .int(other), .int(storedThrough), .text(record.to), .text(record.from),
                         .int(date), .int(other), .int(storedThrough), .text(subjectAnonymousKey), .text(record.from), .int(date), .int(other),
                         .int(storedThrough)) == 1
        let window = date - 30 * 86_400
        var subjects: Set<String> = []
        batch.subjects(of: author, from: window, through: date, into: &subjects)
        let distinct: Int
        if subjects.isEmpty {
            distinct = Int(try BoundStatement(db, """
                SELECT COUNT(DISTINCT subject) FROM records WHERE \(authorClause) AND date >= ? AND date <= ? AND seq != ? AND seq <= ?
                """).int(.text(authorValue), .int(window), .int(date), .int(other), .int(storedThrough)) ?? 0)
        } else {
            try BoundStatement(db, """
                SELECT DISTINCT subject FROM records WHERE \(authorClause) AND date >= ? AND date <= ? AND seq != ? AND seq <= ?
                """).forEachRow(.text(authorValue), .int(window), .int(date), .int(other), .int(storedThrough)) { row in subjects.insert(row.text(0) ?? "") }
            distinct = subjects.count
        }
        var sessions = 0, paysItForward = false
        if record.kind == .mentoring {
            sessions = batch.sessions(author, record.to, by: date) + Int(try BoundStatement(db, """
                SELECT COUNT(*) FROM records WHERE kind = 'mentoring' AND \(authorClause) AND subject = ? AND date <= ? AND seq != ? AND seq <= ?
                """).int(.text(authorValue), .text(record.to), .int(date), .int(other), .int(storedThrough)) ?? 0)
            if case .handle = author {
                paysItForward = try batch.mentored(record.from, by: date) || BoundStatement(db, """
                    SELECT EXISTS (SELECT 1 FROM records WHERE kind = 'mentoring' AND subject = ? AND date <= ? AND seq != ? AND seq <= ?)
                    """).int(.text(record.from), .int(date), .int(other), .int(storedThrough)) == 1
            }
        }
        return HistoryFacts(firstContact: !met, crossTeam: crossTeam, distinctPeople30d: distinct, mentoringSessions: sessions,
                            payItForward: paysItForward)
    }

    // MARK: Reading

    public func record(id: String) throws -> StoredRecord? {
        try writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM records WHERE id = ?", arguments: [id]).map(Self.storedRecord) }
    }

    public func records(_ filter: RecordFilter) throws -> [StoredRecord] {
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
        var sql = "SELECT * FROM records"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY date DESC, seq DESC"
        if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
        let bound = StatementArguments(arguments)
        return try writer.read { db in try Row.fetchAll(db, sql: sql, arguments: bound).map(Self.storedRecord) }
    }

    /// Every record in order of date (oldest first), passed to `body` one at a time, for export.
    public func forEachRecord(since: FactTimestamp?, until: FactTimestamp?, _ body: (StoredRecord) throws -> Void) throws {
        try writer.read { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT * FROM records WHERE date >= ? AND date < ? ORDER BY date, seq
                """, arguments: [since?.seconds ?? Int64.min, until?.seconds ?? Int64.max])
            while let row = try cursor.next() { try body(Self.storedRecord(row)) }
        }
    }

    static func storedRecord(_ row: Row) -> StoredRecord {
        let seconds: Int64 = row["date"], nanos: Int64 = row["date_nanos"], recorded: Int64 = row["recorded_at"]
        return StoredRecord(
            id: row["id"], kind: RecordKind(rawValue: row["kind"]) ?? .feedback, author: row["author"], subject: row["subject"],
            date: FactTimestamp(seconds: seconds, nanoseconds: nanos) ?? FactTimestamp(seconds: 0)!, text: row["text"],
            minutes: row["minutes"], principles: JSONText.strings(row["principles"]), tags: JSONText.strings(row["tags"]),
            visibility: Visibility(rawValue: row["visibility"]) ?? .private, anonymous: row["anonymous"],
            recordedAt: FactTimestamp(seconds: recorded) ?? FactTimestamp(seconds: 0)!)
    }

    public func scores(of id: String) throws -> [StoredScore] {
        try writer.read { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM records WHERE id = ?", arguments: [id]) else { return [] }
            let stored = try Row.fetchOne(db, sql: "SELECT items, dictionary FROM record_evidence WHERE record = ?", arguments: [seq])
            let evidence = try stored.map { row in
                EvidenceJSON.decode(try evidenceCodec.json(items: row["items"], dictionary: row["dictionary"], db))
            } ?? [:]
            return try Row.fetchAll(db, sql: """
                SELECT s.*, g.principles_hash, g.plugin_versions FROM scores s JOIN scorings g ON g.id = s.scoring
                WHERE s.record = ? ORDER BY s.position
                """, arguments: [seq]).map { row in
                let principle: String = row["principle"]
                return StoredScore(
                    principle: principle, verdict: Verdict(rawValue: row["verdict"]) ?? .notEvidenced, alignment: row["alignment"],
                    relevance: row["relevance"],
                    evidence: evidence[principle] ?? [],
                    principlesHash: row["principles_hash"], pluginVersions: row["plugin_versions"])
            }
        }
    }

    public func count() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM records") ?? 0 }
    }

    // MARK: Reports

    public func latestKey() throws -> Int64? {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM records") ?? 0 }
    }

    public func forEachReportRow(from: Int64, to: Int64, principles: [String], involving: Set<String>?, storedThrough: Int64?,
                                 _ body: (ReportRow) throws -> Void) throws {
        try writer.read { db in
            // A period is read from one covering index in date order (`records_report`), each
            // record's verdicts from its compact summary, by column index, with no text. A few
            // people's records are found through the author and subject indexes instead.
            var sql = """
                SELECT seq, kind = 'mentoring', author, subject, date, minutes, visibility, anonymous, verdict_layout, verdicts
                FROM records
                """
            var arguments: StatementArguments = [from, to]
            if let involving {
                let people = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM people") ?? 0
                // `+date` keeps SQLite off the date indexes, so it takes the author and subject ones.
                sql += involving.count * 40 < people ? " WHERE verdicts IS NOT NULL AND +date >= ? AND +date < ?"
                                                     : " INDEXED BY records_report WHERE verdicts IS NOT NULL AND date >= ? AND date < ?"
                sql += " AND (author IN (SELECT value FROM json_each(?)) OR subject IN (SELECT value FROM json_each(?)))"
                let list = JSONText.array(involving.sorted())
                arguments += [list, list]
            } else {
                sql += " INDEXED BY records_report WHERE verdicts IS NOT NULL AND date >= ? AND date < ?"
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
            let columns = ReportColumns(statement.sqliteStatement)
            // One row value, refilled: its verdicts array is reused rather than made per record.
            var current = ReportRow(key: 0, kind: .feedback, author: nil, subject: "", date: 0, minutes: nil, visibility: .private,
                                    anonymous: false, verdicts: Array(repeating: .none, count: principles.count))
            while try cursor.next() != nil {
                (current.key, current.kind) = (columns.int(0), columns.int(1) == 1 ? .mentoring : .feedback)
                (current.author, current.subject, current.date) = (columns.text(2), columns.text(3) ?? "", columns.int(4))
                current.minutes = columns.isNull(5) ? nil : Int(columns.int(5))
                current.visibility = columns.visibility(6)
                current.anonymous = columns.int(7) != 0
                for index in current.verdicts.indices { current.verdicts[index] = .none }
                if !columns.isNull(8), let positions = positions[columns.int(8)] {
                    columns.withBlob(9) { VerdictSummary.decode($0, positions: positions, into: &current.verdicts) }
                }
                try body(current)
            }
        }
    }

    public func texts(of keys: [Int64]) throws -> [Int64: String] {
        try writer.read { db in
            var texts: [Int64: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT seq, text FROM records WHERE seq IN (SELECT value FROM json_each(?))",
                                           arguments: ["[" + keys.map(String.init).joined(separator: ",") + "]"])
            while let row = try rows.next() { texts[row[0]] = row[1] }
            return texts
        }
    }

    public func metBefore(_ date: Int64, pairs: Set<PersonPair>) throws -> Set<PersonPair> {
        try writer.read { db in
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

    public func firstMentoring(of mentees: Set<String>) throws -> [String: (mentor: String?, date: Int64)] {
        try writer.read { db in
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

    // MARK: Rescoring

    public func staleRecords(fingerprint: String, limit: Int) throws -> [StoredRecord] {
        let hash = sha256(fingerprint)
        return try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM records r WHERE NOT EXISTS (SELECT 1 FROM scores s JOIN scorings g ON g.id = s.scoring WHERE s.record = r.seq AND g.principles_hash = ?)
                ORDER BY r.seq LIMIT ?
                """, arguments: [hash, limit]).map(Self.storedRecord)
        }
    }

    /// How many records have scores from another fingerprint.
    public func staleCount(fingerprint: String) throws -> Int {
        let hash = sha256(fingerprint)
        return try writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM scores s JOIN scorings g ON g.id = s.scoring WHERE s.record = r.seq AND g.principles_hash = ?)
                """, arguments: [hash]) ?? 0
        }
    }

    public func rescore(_ records: [StoredRecord], score: (StoredRecord, HistoryFacts, PeopleLookup) -> RecordScore,
                        fingerprint: String, pluginVersions: String) throws {
        let hash = sha256(fingerprint)
        try writer.write { db in
            var cache = TransactionCache()
            try evidenceCodec.prepare(db)
            for stored in records {
                guard let (seq, input) = try scoringInput(stored, db: db) else { continue }
                let result = EncodedScore(score(stored, input.history, input.people), evidenceCodec, after: nil)
                for table in ["scores", "record_evidence"] {
                    try db.cachedStatement(sql: "DELETE FROM \(table) WHERE record = ?").execute(arguments: [seq])
                }
                try writeScores(result, record: seq, hash: hash, pluginVersions: pluginVersions, db: db, cache: &cache, verdicts: true)
            }
        }
    }

    public func scoringInput(of id: String) throws -> ScoringInput? {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM records WHERE id = ?", arguments: [id]) else { return nil }
            return try scoringInput(Self.storedRecord(row), seq: row["seq"], anonymousKey: row["anonymous_author_key"], db: db)
        }
    }

    /// `stored`'s scoring input, with its key; nil when it is no longer stored.
    private func scoringInput(_ stored: StoredRecord, db: Database) throws -> (seq: Int64, input: ScoringInput)? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, anonymous_author_key FROM records WHERE id = ?"),
                                         arguments: [stored.id]) else {
            return nil
        }
        let seq: Int64 = row["seq"]
        return (seq, try scoringInput(stored, seq: seq, anonymousKey: row["anonymous_author_key"], db: db))
    }

    /// What `stored` was scored from: its history facts as of its date, from every other stored
    /// record, and the people it names.
    private func scoringInput(_ stored: StoredRecord, seq: Int64, anonymousKey: String?, db: Database) throws -> ScoringInput {
        let author = try stored.author.flatMap { try Self.person($0, db) }
        let subject = try Self.person(stored.subject, db)
        let record = stored.record
        let history = try storedHistory(record, date: stored.date.seconds, author: anonymousKey.map { .anonymous(key: $0) } ?? .handle(record.from),
                                        crossTeam: record.anonymous ? nil : HistoryFacts.crossTeam(author, subject), db: db, excluding: seq,
                                        batch: HistoryIndex(), subjectAnonymousKey: key.anonymousAuthor(record.to))
        return ScoringInput(stored: stored, history: history, people: PeopleLookup([author, subject].compactMap { $0 }))
    }
}
